"""Configuration: safe development defaults, then the environment.

`DATABASE_URL` and `SECRET_KEY` are read as they are (the names every host uses);
everything else comes from `EVENTAPP_<NAME>` variables through Flask's
`from_prefixed_env`, so `EVENTAPP_MAIL_SERVER=smtp.example.org` sets `MAIL_SERVER`.
"""

import os
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

from .clock import start_demo_clock

DEFAULTS = {
    "ENV": "development",
    "EVENT_SLUG": "dcd-2026",
    "TIMEZONE": "Europe/Brussels",
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
    "LANGUAGES": ["en", "fr", "nl"],
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    # PostgreSQL connections back in the pool for longer than this are pinged before use;
    # others are checked without a round trip (eventapp/connections.py).
    "DATABASE_IDLE_PING_SECONDS": 5,
    # SQLite's journal: WAL (one synced write per commit, readers never wait for a
    # writer); "DELETE" for a database file on a network share (eventapp/connections.py).
    "SQLITE_JOURNAL_MODE": "WAL",
    # How passwords are hashed (werkzeug's generate_password_hash). Production and
    # development keep scrypt; `load` refuses anything weaker in production. The test
    # app uses a cheap method: the suite hashes over a thousand passwords.
    "PASSWORD_HASH_METHOD": "scrypt",
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
    "SERVER_DOMAIN": "eventapp.local",
    # Calendars (eventapp/calendar): the site's public address for links in feeds and
    # mails read far from the site, e.g. "https://contactdays.example.be" (empty: the
    # address the request came to); the domain that qualifies session UIDs, which
    # calendar clients keep for life: set it once, never change it. Feed links are
    # derived from SECRET_KEY: rotating it invalidates every diplomat's calendar link.
    "BASE_URL": "",
    "CALENDAR_DOMAIN": "contactdays.diplomatie.belgium.be",
    # Mail: see eventapp/mail.py. MAIL_BACKEND defaults to "log" in development and
    # "smtp" in production; MAIL_DELIVERY to "after_commit" (delivered by the app after
    # each commit that queued mail) in development and tests, "worker" (only
    # `eventapp mail work` sends) in production. A mail the server could not take now is
    # tried again after each of MAIL_RETRY_DELAYS (seconds), then marked failed; a
    # worker's claim older than MAIL_CLAIM_TIMEOUT seconds is taken again (it died).
    "MAIL_RETRY_DELAYS": "60,300,900,3600,21600",
    "MAIL_CLAIM_TIMEOUT": 600,
    "MAIL_BATCH_SIZE": 200,
    "MAIL_POLL_SECONDS": 5,
    #
    # Rate limits. The limiter is one object shared by every app in a process; each app
    # states whether it limits, or it would inherit the last app's choice.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 15 minutes",
    "PASSWORD_RESET_LIMIT": "5 per hour",
    "PASSWORD_RESET_MAX_AGE": 3600,
    "INVITATION_VALID_DAYS": 30,
    "INVITATION_LIMIT": "20 per hour",
    # Personal calendar feeds: per link (a client polling far too often) and per address
    # (generous: Google Calendar fetches every subscriber's feed from a few addresses).
    "FEED_LIMIT_PER_TOKEN": "60 per minute",
    "FEED_LIMIT_PER_ADDRESS": "600 per minute",
    # The door's check-in, name search and undo, per staff account (eventapp/door/views.py):
    # a morning rush is a scan every few seconds per door; a stuck scanner or a script is not.
    "DOOR_LIMIT": "120 per minute",
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0: none).
    # Behind one TLS-terminating proxy set 1, or every visitor shares the proxy's
    # address and its rate limits.
    "PROXY_COUNT": 0,
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_TIMEOUT": 10,
    "MAIL_DEFAULT_SENDER": "contactdays@example.org",
    "MAIL_SENDER_NAME": "Diplomatic Contact Days",
    # Changes to one diplomat's agenda within this many minutes of the first are sent as
    # one digest mail when the window ends (eventapp/programme/digests.py); 0 mails each
    # change at once. A cancellation is always mailed at once.
    "MAIL_DIGEST_MINUTES": 10,
    # Briefing documents (eventapp/documents): the folder their files live in, each named
    # by the SHA-256 of its content (empty: "documents" in the instance folder; back it
    # up with the database), and the largest file an organizer may attach, in MB.
    "DOCUMENTS_FOLDER": "",
    "DOCUMENT_MAX_MB": 20,
    # Demo clock (eventapp/clock.py): the moment the app's clock starts at, e.g.
    # "2026-02-03T10:30" (Brussels time) or with an offset; empty: the real time.
    # Refused in production.
    "DEMO_NOW": "",
}

# Values that only show that nobody chose a key; production refuses them.
PLACEHOLDER_SECRETS = {"", "dev", "changeme", "change-me", "secret", "development"}


class ConfigError(RuntimeError):
    """The configuration would make the app unsafe or unable to run."""


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs that name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load(app, overrides=None) -> None:
    """Fill `app.config`: defaults, then the environment, then `overrides` (tests)."""
    app.config.from_mapping(DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
        Path(app.instance_path) / "eventapp.sqlite"
    )
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config.from_prefixed_env("EVENTAPP")
    if overrides:
        app.config.from_mapping(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no pool to ping; a busy timeout lets concurrent writers queue.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    app.config.setdefault("MAIL_BACKEND", "smtp" if app.config["ENV"] == "production" else "log")
    app.config.setdefault(
        "MAIL_DELIVERY", "worker" if app.config["ENV"] == "production" else "after_commit"
    )
    # How long a worker serves the public programme feed from memory before it asks the
    # database again whether the programme changed (eventapp/calendar/services.py). Tests
    # (TESTING) ask on every request, unless they set it.
    app.config.setdefault("PROGRAMME_FEED_RECHECK_SECONDS", 0 if app.config.get("TESTING") else 2)
    if not app.config["DOCUMENTS_FOLDER"]:
        app.config["DOCUMENTS_FOLDER"] = str(Path(app.instance_path) / "documents")
    _settle_secret_key(app)
    _settle_demo_clock(app)
    if app.config["ENV"] == "production":
        if app.config["PASSWORD_HASH_METHOD"] != "scrypt":  # noqa: S105 (a method's name)
            raise ConfigError("EVENTAPP_ENV=production hashes passwords with scrypt only.")
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def _settle_demo_clock(app) -> None:
    value = app.config["DEMO_NOW"]
    if value in (None, ""):
        return
    if app.config["ENV"] == "production":
        raise ConfigError(
            "EVENTAPP_DEMO_NOW is for demonstrations: production runs on the real time "
            "(deadlines, link expiry). Remove it."
        )
    try:
        start_demo_clock(app, value, ZoneInfo(app.config["TIMEZONE"]))
    except (TypeError, ValueError):
        raise ConfigError(
            f"EVENTAPP_DEMO_NOW={value!r} is not a date and time: write it as "
            "2026-02-03T10:30 (Brussels time) or 2026-02-03T09:30+00:00."
        ) from None


def _settle_secret_key(app) -> None:
    key = app.config.get("SECRET_KEY")
    if app.config["ENV"] == "production":
        if not key or key in PLACEHOLDER_SECRETS or len(key) < 32:
            raise ConfigError(
                "EVENTAPP_ENV=production needs a real SECRET_KEY (at least 32 random "
                'characters), e.g. python -c "import secrets; print(secrets.token_hex(32))"'
            )
        return
    if key:
        return
    # Development: make a key once and keep it, so sessions survive a restart.
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
