"""Pages that only read run without a transaction on PostgreSQL (eventapp/readonly.py),
may not write, and leave the next request its transaction."""

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Room
from eventapp.readonly import ReadOnlyViolation, reads_only

from .support import HALF_WRITTEN, add_crashing_route

MARKED = ["/", "/healthz", "/programme", "/changes"]


@pytest.fixture
def statements(app):
    """(first word of each statement, whether its connection was in autocommit)."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        autocommit = getattr(conn.connection.dbapi_connection, "autocommit", None)
        seen.append((statement.split()[0].upper(), autocommit))

    sa_event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    sa_event.remove(db.engine, "before_cursor_execute", record)


def test_reading_pages_run_without_a_transaction_and_writes_keep_theirs(
    app, client, postgres_database, statements, create_session, diplomat, login
):
    if postgres_database is None:
        pytest.skip("PostgreSQL: SQLite keeps its transaction (it costs no round trip)")
    session = create_session(title="Strategic orientations")
    login(diplomat)
    path_of_session = [f"/sessions/{session.id}", f"/sessions/{session.id}.ics"]
    # In production each request starts a fresh database session; here the requests
    # share the test's, whose own reads end now.
    db.session.rollback()
    statements.clear()
    for path in [*MARKED, *path_of_session]:
        assert client.get(path).status_code == 200, path
    assert statements, "the pages read the database"
    assert all(autocommit for _word, autocommit in statements), statements

    # The same pooled connection, next request: a write has its transaction again.
    statements.clear()
    response = client.post("/language", data={"language": "fr", "next": "/programme"})
    assert response.status_code == 302
    assert "UPDATE" in [word for word, _autocommit in statements]
    assert not any(autocommit for _word, autocommit in statements), statements

    # A page that writes (the agenda remembers the visit) is not marked.
    statements.clear()
    assert client.get("/agenda").status_code == 200
    assert not any(autocommit for _word, autocommit in statements), statements


def test_after_a_reading_page_a_failed_write_still_leaves_nothing_half_written(app, client, event):
    crash = add_crashing_route(app, event)
    for path in MARKED:
        assert client.get(path).status_code == 200
        assert client.get(crash).status_code == 500
    assert db.session.scalar(select(Room).where(Room.name == HALF_WRITTEN)) is None


def test_a_page_marked_reads_only_may_not_write(app, client, create_room):
    room = create_room(name="Salle des Glaces")

    @reads_only
    def rename():
        db.session.get(Room, room.id).name = "Renamed"
        db.session.flush()
        return "renamed"

    app.add_url_rule("/rename", "rename", rename)
    with pytest.raises(ReadOnlyViolation, match="rename is marked reads_only"):
        client.get("/rename")
    db.session.expire_all()
    assert db.session.get(Room, room.id).name == "Salle des Glaces"


def test_a_session_page_notes_a_diplomats_visit_of_its_documents_in_a_transaction_of_its_own(
    app, client, postgres_database, statements, create_session, create_document, attending, login
):
    """The session page is marked: it reads without a transaction, and a diplomat's visit of
    its briefing documents, when there is something new to note, is written after the page
    is rendered in a transaction of its own (`leave_read_only`); a reload with nothing new
    writes nothing."""
    session = create_session(title="Minister's address")
    create_document(session, title="Speaking points")
    login(attending().user)
    page = f"/sessions/{session.id}"
    db.session.rollback()  # the test's own reads end (see the first test)
    statements.clear()
    assert client.get(page).status_code == 200
    words = [word for word, _autocommit in statements]
    assert "INSERT" in words, "the first visit is noted"
    if postgres_database is not None:
        # Read in autocommit, then the visit (read and written) in a transaction.
        modes = [autocommit for _word, autocommit in statements]
        read = modes.index(False)
        assert all(modes[:read]) and not any(modes[read:]), statements
        assert words.index("INSERT") > read

    db.session.rollback()
    statements.clear()
    assert client.get(page).status_code == 200
    words = [word for word, _autocommit in statements]
    assert not {"INSERT", "UPDATE", "DELETE"} & set(words), "nothing new: nothing written"
    if postgres_database is not None:
        assert all(autocommit for _word, autocommit in statements), statements
