"""Extensions, created unbound here and bound to the app in `create_app`."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so migrations can address them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy, with dead PostgreSQL connections replaced at checkout at less cost
    than `pool_pre_ping`, and SQLite in write-ahead-log mode (eventapp/connections.py)."""

    def init_app(self, app) -> None:
        super().init_app(app)
        from .connections import check_on_checkout, use_journal_mode

        with app.app_context():
            for engine in self.engines.values():
                if engine.dialect.name == "postgresql":
                    check_on_checkout(engine, app.config["DATABASE_IDLE_PING_SECONDS"])
                elif engine.dialect.name == "sqlite" and app.config["SQLITE_JOURNAL_MODE"]:
                    use_journal_mode(engine, app.config["SQLITE_JOURNAL_MODE"])


db = Database(model_class=Base)
migrate = Migrate()
login = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Limits are declared on the views that need them (login, reset, invitations, feeds);
# counters live in memory unless RATELIMIT_STORAGE_URI points at Redis.
limiter = Limiter(key_func=get_remote_address)
