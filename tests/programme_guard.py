"""A guard for the whole suite: programme content is only written with `lock_programme`.

Pages and feeds keep what they build per programme version (eventapp/programme/cards.py,
eventapp/calendar/services.py), and trust every change to raise `events.programme_version`
in its own transaction (`lock_programme`). A write that forgets would leave every worker
showing the old programme. This fixture (autouse, see conftest.py) fails any test in which
application code commits a transaction that wrote programme rows without raising the
version.

Only writes made by application code count (the innermost `eventapp` frame on the stack
names the writer): tests set up data directly, behind the app's back, and the builders
of conftest.py raise the version themselves.
"""

import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

import eventapp

PROGRAMME_TABLES = (
    "sessions",
    "rooms",
    "speakers",
    "organisations",
    "session_speakers",
    "session_organisations",
    "session_changes",
    "session_audience_members",
    "session_audience_functions",
    "session_audience_regions",
)
_TABLES = "|".join(PROGRAMME_TABLES)
_WRITE = re.compile(
    rf"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?({_TABLES})\"?[\s(]", re.IGNORECASE
)
_VERSION_RAISED = re.compile(r"\s*UPDATE\s+\"?events\"?\s+SET\s+programme_version", re.IGNORECASE)
_APP = str(Path(eventapp.__file__).parent) + "/"
_UNIT_OF_WORK = _APP + "unit_of_work.py"

# Application code that may write programme rows without raising the version, and why.
UNLOCKED_WRITERS = {
    # Restores an archive into an empty database, programme version included: export →
    # import → export must give the same bytes.
    ("datasafety.py", "import_data"),
    # Scrubs purged diplomats' names from the change records, which nothing keeps per
    # programme version (the agenda and /changes read them on every request).
    ("datasafety.py", "_anonymise"),
}


def _writer() -> tuple[str, str] | None:
    """(file in eventapp/, function) of the innermost application frame, if any."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename == _UNIT_OF_WORK:
            # A flush at the commit of a unit of work: the writer is the service that
            # opened it, further out, or the function `@use_case` wraps.
            function = frame.f_locals.get("function")
            if function is not None:
                return _name(function.__code__)
        elif filename.startswith(_APP):
            return _name(frame.f_code)
        frame = frame.f_back
    return None


def _name(code) -> tuple[str, str]:
    return code.co_filename.removeprefix(_APP), code.co_name


@pytest.fixture(autouse=True)
def programme_writes_raise_the_version():
    """Yields the list of unlocked writes found so far (a test of the guard reads it)."""
    unlocked = []

    def before_cursor_execute(connection, cursor, statement, parameters, context, executemany):
        if _VERSION_RAISED.match(statement):
            connection.info["programme_version_raised"] = True
            return
        match = _WRITE.match(statement)
        if match is None:
            return
        writer = _writer()
        if writer is not None and writer not in UNLOCKED_WRITERS:
            connection.info.setdefault("programme_writes", []).append(
                f"{match.group(1)} written by {writer[0]}:{writer[1]}()"
            )

    def committed(connection):
        writes = connection.info.pop("programme_writes", [])
        if writes and not connection.info.get("programme_version_raised"):
            unlocked.extend(writes)
        connection.info.pop("programme_version_raised", None)

    def forget(connection, *args):
        connection.info.pop("programme_writes", None)
        connection.info.pop("programme_version_raised", None)

    def checked_in(dbapi_connection, record):
        forget(record)

    listeners = [
        (Engine, "before_cursor_execute", before_cursor_execute),
        (Engine, "commit", committed),
        (Engine, "rollback", forget),
        (Pool, "checkin", checked_in),
    ]
    for target, name, listener in listeners:
        sa_event.listen(target, name, listener)
    try:
        yield unlocked
    finally:
        for target, name, listener in listeners:
            sa_event.remove(target, name, listener)
    assert not unlocked, (
        "programme content committed without lock_programme (pages and feeds would keep "
        "showing the old programme): " + "; ".join(sorted(set(unlocked)))
    )
