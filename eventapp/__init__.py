"""eventapp: the web application of Belgium's Diplomatic Contact Days."""

import os
from pathlib import Path

from flask import Flask

from . import config as configuration

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error handlers, CLI.

    `config` overrides the defaults and the environment (tests use it).
    """
    app = Flask(
        __name__,
        instance_relative_config=True,
        # Where the SQLite file and the development secret key live; a checkout's
        # instance/ folder unless EVENTAPP_INSTANCE_PATH says otherwise.
        instance_path=os.environ.get("EVENTAPP_INSTANCE_PATH") or str(ROOT / "instance"),
        # Templates and static files live at the repository's top level.
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from .security import Request

    app.request_class = Request
    from .record_ids import IdConverter

    # Before the blueprints: their `<int:…>` ids are bounded to what a database id holds.
    app.url_map.converters["int"] = IdConverter
    configuration.load(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from .extensions import babel, csrf, db, limiter, login, migrate
    from .i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login.init_app(app)
    limiter.init_app(app)

    from . import (
        mail,  # noqa: F401  (sends queued mail after each commit)
        models,  # noqa: F401  (register the tables with the metadata)
    )
    from .auth import bp as auth_bp
    from .auth import load_user
    from .calendar import bp as calendar_bp
    from .documents import bp as documents_bp
    from .door import bp as door_bp
    from .invitations import bp as invitations_bp
    from .main import bp as main_bp
    from .meetings.views import bp as meetings_bp
    from .organizer import bp as organizer_bp
    from .partners import bp as partners_bp
    from .programme import bp as programme_bp

    login.user_loader(load_user)
    login.login_view = "auth.login"
    login.login_message_category = "info"
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(invitations_bp)
    app.register_blueprint(organizer_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(door_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(documents_bp)

    from . import (
        access,
        commands,
        errors,
        i18n,
        mail_delivery,
        readonly,
        redaction,
        request_log,
        security,
    )

    errors.register(app)
    i18n.register(app)
    security.register(app)
    access.register(app)
    redaction.register(app)
    readonly.register(app)
    request_log.register(app)  # after: its clock starts first
    commands.register(app)
    mail_delivery.register(app)
    return app
