"""Pages that only read run without a transaction on PostgreSQL.

Under READ COMMITTED, PostgreSQL's default and ours, every statement sees what was
committed when it started, inside a transaction or not. For a page that only reads, a
transaction adds nothing but two round trips: BEGIN before its first statement and
ROLLBACK when the request ends. The views marked `@reads_only` (the programme, a
session's page, the changes, the home page, /healthz) run on a connection in autocommit
instead; SQLAlchemy puts the connection back in transactional mode when it returns to
the pool, so the next request on it has its transaction again.

A marked view must not write: without a transaction, a failure between two writes would
keep the first. In a marked request a flush that would write anything raises
`ReadOnlyViolation`, on every database (SQLite included, which keeps its transaction),
so the tests, which open every page as visitor, diplomat and organizer, find a view
marked that should not be.

A marked view that, once it has read and rendered everything, has one write to make
(the session page notes a diplomat's visit of its briefing documents, only when there
are some and something is new to them) says so with `leave_read_only()`: the request
gives its autocommit connection back, and the write runs in a transaction of its own,
its unit of work's, as in any unmarked view. Every other visit stays without one.
"""

from contextlib import contextmanager

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

# In the session's `info` while a marked request runs.
READ_ONLY = "eventapp_read_only"


class ReadOnlyViolation(RuntimeError):
    """A view marked `reads_only` tried to write."""


def reads_only(view):
    """Mark a view as one that never writes (see the module's docstring)."""
    view.reads_only = True
    return view


@contextmanager
def leave_read_only():
    """Let a marked view write, from here to the end of the request (see the module).

    Call it after the page is rendered: the session's objects are expired as its
    read-only work ends, and the write gets a transaction of its own.
    """
    session = db.session()
    if session.info.pop(READ_ONLY, False):
        session.rollback()
    yield


def register(app: Flask) -> None:
    def without_transaction():
        view = app.view_functions.get(request.endpoint)
        if request.method not in ("GET", "HEAD") or not getattr(view, "reads_only", False):
            return
        session = db.session()
        if session.in_transaction() or session.new or session.dirty or session.deleted:
            # Work already under way in this session (in a test, whose app context the
            # request shares): it keeps its transaction, and the request is left be.
            return
        if db.engine.dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        session.info[READ_ONLY] = True

    # Before any other hook can run a statement (the user is loaded when first asked for).
    app.before_request_funcs.setdefault(None, []).insert(0, without_transaction)

    @app.teardown_request
    def end_read_only(_error=None):
        if not db.session.registry.has():
            return  # no database session in this request: nothing was marked
        session = db.session()
        if session.info.pop(READ_ONLY, False):
            # Nothing was written: hand the connection back to the pool now, where it
            # is put back in transactional mode, rather than when the app context ends
            # (in tests that context can outlive the request).
            session.rollback()


@event.listens_for(Session, "before_flush")
def refuse_writes(session, flush_context, instances):
    if not session.info.get(READ_ONLY):
        return
    if session.new or session.deleted or any(session.is_modified(each) for each in session.dirty):
        raise ReadOnlyViolation(
            f"{request.endpoint if request else 'this request'} is marked reads_only "
            "but writes; remove the mark or the write"
        )
