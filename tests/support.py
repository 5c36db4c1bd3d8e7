"""Helpers for tests that are not fixtures: app factory for tests, temporary databases, times."""

import contextvars
import os
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from eventapp import create_app
from eventapp.config import normalise_database_url
from eventapp.extensions import db

POSTGRES_URL = os.environ.get("EVENTAPP_TEST_DATABASE_URL")


class TemporaryPostgresDatabase:
    """A database created on the server for one test run, dropped afterwards."""

    def __init__(self, server_url: str):
        self.server_url = make_url(normalise_database_url(server_url))
        # Unique per process: each pytest-xdist worker has a database of its own.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.name = f"eventapp_test_{worker}_{uuid.uuid4().hex[:12]}"
        self.url = self.server_url.set(database=self.name)

    def _admin(self):
        return create_engine(self.server_url, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.name}"'))
            # A test database need not survive a power cut: commits return without
            # waiting for the disk, which the suite's thousands of commits otherwise do.
            connection.execute(text(f'ALTER DATABASE "{self.name}" SET synchronous_commit = off'))
        engine.dispose()
        return self.url.render_as_string(hide_password=False)

    def drop(self) -> None:
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests run as they do in production.

    The test itself holds an app context (for builders and assertions). Without this,
    every request would reuse it, and with it `g`, the locale cache and the database
    session, so one request could see another's leftovers. Each request here starts
    from an empty context; afterwards the test's own session forgets what it had loaded,
    so assertions read what the request really wrote.
    """

    def open(self, *args, **kwargs):
        context = contextvars.Context()
        response = context.run(super().open, *args, **kwargs)
        if response.is_streamed:
            # A streamed body (the briefing pack) is written as it is read: its contexts
            # (`stream_with_context`) live in the request's, so it is read there too.
            response.response = _ReadIn(context, response.response)
        if has_app_context():
            db.session.expire_all()
        return response


class _ReadIn:
    """The pieces of a response's body, each one produced in the request's context, and
    the body closed there too: read to the end, closed, or dropped unread (a streamed
    body with `stream_with_context` pops the request's contexts when it ends)."""

    def __init__(self, context: contextvars.Context, iterable):
        self.context = context
        self.pieces = context.run(iter, iterable)

    def __iter__(self):
        return self

    def __next__(self):
        return self.context.run(next, self.pieces)

    def close(self):
        pieces, self.pieces = self.pieces, iter(())
        if hasattr(pieces, "close"):
            self.context.run(pieces.close)

    def __del__(self):
        self.close()


def make_app(tmp_path, postgres_database, **overrides):
    database_url = postgres_database or f"sqlite:///{tmp_path / 'test.sqlite'}"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        # Tests post forms directly; tests/test_security.py turns CSRF back on to prove it.
        "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_DOMAIN": "test.eventapp.local",
        "MAIL_BACKEND": "memory",
        "MAIL_DIGEST_MINUTES": 0,  # agenda changes mailed at once; test_digests sets a window
        # The real time, even in a shell where EVENTAPP_DEMO_NOW is set for the demo.
        "DEMO_NOW": "",
        # Each test's documents in its own folder (eventapp/documents/storage.py).
        "DOCUMENTS_FOLDER": str(tmp_path / "documents"),
    }
    if overrides.get("ENV") != "production":
        # One iteration instead of scrypt: the suite hashes over a thousand passwords.
        # tests/test_config.py proves production and development keep scrypt.
        config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1"
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


BRUSSELS_MONDAY = date(2026, 2, 2)


def brussels(day: int, hour: int, minute: int = 0) -> datetime:
    """A time on day `day` (2 = Monday 2 February 2026) in Brussels, as aware UTC."""
    local = datetime(2026, 2, day, hour, minute, tzinfo=ZoneInfo("Europe/Brussels"))
    return local.astimezone(UTC)


HALF_WRITTEN = "Half-written"


def add_crashing_route(app, event) -> str:
    """A route that writes a room, flushes it, then fails: what a crash mid-write looks
    like. Returns its path; the room must never be found afterwards."""
    from eventapp.models import Room

    app.config["PROPAGATE_EXCEPTIONS"] = False

    def crash():
        db.session.add(Room(event_id=event.id, name=HALF_WRITTEN, capacity=10))
        db.session.flush()
        raise RuntimeError("boom")

    app.add_url_rule("/crash", "crash", crash)
    return "/crash"
