"""One way to run a use case: a unit of work owns commit, rollback and after-commit work.

A service writes inside `with unit_of_work():` (or is decorated `@use_case`). When the
block ends normally the session commits once, then the callbacks registered with
`after_commit` run (mail is sent this way: nobody is told of a change that did not
happen). When anything is raised, the session rolls back, the callbacks are dropped and
the error goes on to the caller, who turns domain errors into messages:

    try:
        with unit_of_work():
            ...
    except IntegrityError as error:
        raise InUse(...) from error        # already rolled back

A unit of work opened inside another joins it: only the outermost one commits, so one
service may call another and the whole stays one transaction. No view and no other
module commits or rolls back by itself.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

from .extensions import db

# Keys in the session's `info`: how deep units of work are nested, and what runs after
# the commit.
DEPTH = "eventapp_unit_of_work_depth"
AFTER_COMMIT = "eventapp_after_commit"
STATE = "eventapp_transaction_state"
COMMITTING = "eventapp_unit_of_work_committing"

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def unit_of_work(*, commit: bool = True) -> Iterator[None]:
    """Run the block as one transaction: commit at its end, roll back on any error.

    `commit=False` rolls back at the end instead (a dry run that reports what it would
    have done). Nested inside another unit of work it neither commits nor rolls back:
    the outer one decides. Work registered with `after_commit` runs once the commit is
    done (it may read the database again), and is dropped on a rollback.
    """
    session = db.session()
    depth = session.info.get(DEPTH, 0)
    session.info[DEPTH] = depth + 1
    try:
        yield
    except BaseException:
        session.info[DEPTH] = depth
        if depth == 0:
            _roll_back(session)
        raise
    session.info[DEPTH] = depth
    if depth > 0:
        return
    if not commit:
        _roll_back(session)
        return
    session.info[COMMITTING] = True
    try:
        session.commit()
    except BaseException:
        # The database refused the commit (a deferred constraint, a lost connection):
        # nothing of the block is kept, and the session is usable again.
        _roll_back(session)
        raise
    finally:
        session.info.pop(COMMITTING, None)
    _run_after_commit(session)


def _roll_back(session) -> None:
    session.rollback()
    # Also when the block ran no statement, and so had no transaction to roll back.
    _drop_after_rollback(session)


def use_case(function: Callable[P, R]) -> Callable[P, R]:
    """Run a service function as one unit of work (see `unit_of_work`)."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with unit_of_work():
            return function(*args, **kwargs)

    return run


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction commits; forget it if it rolls back."""
    db.session().info.setdefault(AFTER_COMMIT, []).append(callback)


def transaction_state() -> dict[str, Any]:
    """A dict that lives as long as the current transaction (mail collects its batch
    here): emptied when it commits or rolls back."""
    return db.session().info.setdefault(STATE, {})


def _run_after_commit(session) -> None:
    session.info.pop(STATE, None)
    for callback in session.info.pop(AFTER_COMMIT, []):
        callback()


@event.listens_for(OrmSession, "after_commit")
def _after_a_commit_of_its_own(session) -> None:
    # A commit outside a unit of work (a test's builder, a shell): its work runs now.
    if not session.info.get(COMMITTING):
        _run_after_commit(session)


@event.listens_for(OrmSession, "after_rollback")
def _drop_after_rollback(session) -> None:
    session.info.pop(STATE, None)
    session.info.pop(AFTER_COMMIT, None)
