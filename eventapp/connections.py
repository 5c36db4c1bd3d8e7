"""Database connections that died in the pool are replaced before a request uses them.

After a database restart, a failover or a killed connection (`pg_terminate_backend`, an
idle timeout), the pool still holds connections to a server that is gone; a request
running its first statement on one would get an error page. `pool_pre_ping` prevents
that with a round trip at every checkout, which on a busy worker is one more round trip
per request, for a connection that was in use a millisecond ago. Here, at checkout:

- a connection that sat in the pool longer than `DATABASE_IDLE_PING_SECONDS` is pinged,
  as `pool_pre_ping` would (whatever killed it while it sat there, a silent network
  drop included);
- any other is checked without a round trip: when the server closes a connection it
  sends a last message and ends the stream, which then wait on the socket, while a live
  connection between two requests has nothing to read. Readable means dead; at worst a
  live connection with an unexpected message is replaced, never used.

A dead connection is replaced, and the request runs on a new one (a failed ping also
marks every older connection of the pool for replacement, as `pool_pre_ping` does).
PostgreSQL only: an SQLite connection is a file, it does not die in a pool. SQLite
databases are put in write-ahead-log mode instead (`use_journal_mode`).
"""

import select
import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

from .config import ConfigError

RETURNED_AT = "eventapp_returned_at"


def check_on_checkout(engine: Engine, idle_ping_seconds: float) -> None:
    """Install the checks on `engine`'s pool."""

    @event.listens_for(engine, "checkin")
    def remember_when_returned(dbapi_connection, connection_record):
        connection_record.info[RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def replace_if_dead(dbapi_connection, connection_record, connection_proxy):
        returned_at = connection_record.info.get(RETURNED_AT)
        if returned_at is None:
            return  # just connected
        if time.monotonic() - returned_at > idle_ping_seconds:
            try:
                engine.dialect.do_ping(dbapi_connection)
            except engine.dialect.loaded_dbapi.Error as error:
                raise exc.InvalidatePoolError(f"ping failed: {error}") from error
        elif closed_by_server(dbapi_connection):
            raise exc.DisconnectionError("the server closed the connection")


def closed_by_server(dbapi_connection) -> bool:
    """True if the idle connection's socket has something to read (the server's
    farewell, or the end of the stream) or is gone; no round trip."""
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return True
    try:
        descriptor = dbapi_connection.fileno()
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(descriptor, select.POLLIN)
            return bool(poller.poll(0))
        return bool(select.select([descriptor], [], [], 0)[0])
    except Exception:  # noqa: BLE001  (OSError, or the driver's error: no socket any more)
        return True


# What `PRAGMA journal_mode` accepts.
SQLITE_JOURNAL_MODES = {"DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF"}


def use_journal_mode(engine: Engine, mode: str) -> None:
    """Put each SQLite connection of `engine` in journal `mode` (SQLITE_JOURNAL_MODE).

    WAL, the default: a commit writes and syncs the log once instead of a rollback
    journal and the database (as durable: `synchronous` stays FULL), and readers are
    not held up by a writer, which several workers on one file need. Kept in the
    database file; an in-memory database stays in memory mode. "DELETE" is SQLite's
    own default, for a file on a network share, where WAL does not work.
    """
    mode = mode.upper()
    if mode not in SQLITE_JOURNAL_MODES:
        raise ConfigError(f"SQLITE_JOURNAL_MODE {mode!r}: one of {sorted(SQLITE_JOURNAL_MODES)}")

    @event.listens_for(engine, "connect")
    def set_journal_mode(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA journal_mode={mode}")
        finally:
            cursor.close()
