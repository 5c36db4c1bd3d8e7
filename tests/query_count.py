"""Counting the SQL statements a request runs, for query budgets.

    with count_queries() as statements:
        client.get("/programme")
    assert len(statements) == 7

Every statement SQLAlchemy sends through a cursor on the app's engine counts (SELECTs,
INSERTs, UPDATEs); transaction control (BEGIN, COMMIT) does not, as drivers issue it
without a cursor statement. The `count_queries` fixture in conftest.py hands this out.
"""

from contextlib import contextmanager

from sqlalchemy import event

from eventapp.extensions import db


class CountedStatements(list):
    """The statements run, in order; `len()` is the count."""

    def __str__(self) -> str:
        return "\n".join(f"{number}. {statement}" for number, statement in enumerate(self, 1))


@contextmanager
def count_queries(engine=None):
    """Record every statement run on `engine` (the app's) inside the `with` block."""
    engine = engine or db.engine
    statements = CountedStatements()

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
