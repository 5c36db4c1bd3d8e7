from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from eventapp import create_app
from eventapp.config import ConfigError
from eventapp.extensions import db
from eventapp.models import utcnow


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "EVENTAPP_ENV",
        "EVENTAPP_EVENT_SLUG",
        "EVENTAPP_DEMO_NOW",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EVENTAPP_INSTANCE_PATH", str(tmp_path / "instance"))


@pytest.mark.parametrize("secret", [None, "changeme", "short-key"])
def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, secret):
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    if secret:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_a_real_secret_key_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "f" * 64)
    app = create_app()
    assert app.config["SECRET_KEY"] == "f" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_development_creates_a_secret_key_once_and_keeps_it(tmp_path):
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert len(first) >= 32
    assert first == second
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == first


def test_default_database_is_an_sqlite_file_in_the_instance_folder(tmp_path):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        f"sqlite:///{tmp_path / 'instance' / 'eventapp.sqlite'}"
    )


@pytest.mark.parametrize("url", ["postgres://u@db.example/app", "postgresql://u@db.example/app"])
def test_database_url_from_the_environment_uses_psycopg(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/app"


def test_prefixed_environment_variables_override_defaults(monkeypatch):
    monkeypatch.setenv("EVENTAPP_EVENT_SLUG", "dcd-2027")
    assert create_app().config["EVENT_SLUG"] == "dcd-2027"


@pytest.mark.parametrize(("setting", "mode"), [(None, "wal"), ("DELETE", "delete")])
def test_sqlite_keeps_a_write_ahead_log_unless_configured_otherwise(tmp_path, setting, mode):
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'journal.sqlite'}"}
    if setting:
        config["SQLITE_JOURNAL_MODE"] = setting
    app = create_app(config)
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == mode
        db.session.remove()
        db.engine.dispose()


def test_an_unknown_sqlite_journal_mode_is_refused_at_start():
    with pytest.raises(ConfigError, match="SQLITE_JOURNAL_MODE"):
        create_app({"SQLITE_JOURNAL_MODE": "FAST; DROP TABLE users"})


def _hash_method(app, password="correct horse battery") -> str:
    from eventapp.models import User

    with app.app_context():
        user = User(email="someone@example.org")
        user.set_password(password)
        assert user.check_password(password)
        return user.password_hash.split(":", 1)[0]


def test_production_hashes_passwords_with_scrypt(monkeypatch):
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "f" * 64)
    assert _hash_method(create_app()) == "scrypt"


def test_development_hashes_passwords_with_scrypt():
    assert _hash_method(create_app()) == "scrypt"


def test_production_refuses_a_weaker_password_hash(monkeypatch):
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "f" * 64)
    monkeypatch.setenv("EVENTAPP_PASSWORD_HASH_METHOD", "pbkdf2:sha256:1")
    with pytest.raises(ConfigError, match="scrypt"):
        create_app()


def test_the_test_app_hashes_cheaply_and_still_checks_passwords(app):
    # The suite's speed comes from this; a wrong password must still be refused.
    from eventapp.models import User

    user = User(email="someone@example.org")
    user.set_password("correct horse battery")
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    assert user.check_password("correct horse battery")
    assert not user.check_password("wrong horse battery")


def test_production_refuses_a_demo_clock(monkeypatch):
    monkeypatch.setenv("EVENTAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "f" * 64)
    monkeypatch.setenv("EVENTAPP_DEMO_NOW", "2026-02-03T10:30")
    with pytest.raises(ConfigError, match="EVENTAPP_DEMO_NOW"):
        create_app()


def test_a_demo_clock_that_is_not_a_moment_is_refused_with_an_example(monkeypatch):
    monkeypatch.setenv("EVENTAPP_DEMO_NOW", "Tuesday morning")
    with pytest.raises(ConfigError, match="2026-02-03T10:30"):
        create_app()


def test_the_demo_clock_is_read_from_the_environment_in_brussels_time(monkeypatch):
    monkeypatch.setenv("EVENTAPP_DEMO_NOW", "2026-02-03T10:30")
    with create_app().app_context():
        assert utcnow().astimezone(ZoneInfo("Europe/Brussels")).strftime("%Y-%m-%d %H:%M") == (
            "2026-02-03 10:30"
        )
