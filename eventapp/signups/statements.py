"""Who may see a session, and whether it is meant for them: statements built once, run often.

`visible_to(user)` and `audience_includes(user)` (eventapp/visibility.py) build their SQL
from the user's values, and building that expression (nested EXISTS subqueries) costs
several times more than running it: milliseconds per request on a sign-up. Here the same
two functions are given a stand-in viewer that answers the questions they ask about the
user (logged in? organizer? active? has a profile?) with the real user's answers, and
whose id, function and region are bound parameters. Each statement is thus built once
per kind of viewer, by the very functions every other page uses, and run with the real
user's values. A condition that asks the viewer anything else fails loudly here
(AttributeError) instead of silently meaning something else.
"""

from functools import cache

from sqlalchemy import and_, bindparam, select, true

from ..models import Session
from ..visibility import BoundViewer, audience_includes, viewer_kind_and_values, visible_to


@cache
def _visible_session(kind):
    return select(Session).where(
        Session.id == bindparam("session_id"), visible_to(BoundViewer(*kind))
    )


@cache
def _sessions_meant_for(kind, lock: bool):
    if kind is None:
        meant_for = true()
    else:
        viewer = BoundViewer(*kind)
        meant_for = and_(visible_to(viewer), audience_includes(viewer))
    statement = (
        select(Session, meant_for)
        .where(Session.id.in_(bindparam("session_ids", expanding=True)))
        .order_by(Session.id)
        .execution_options(populate_existing=True)
    )
    return statement.with_for_update(of=Session) if lock else statement


def visible_session(session_id: int, user):
    """SELECT of the session `session_id` if `user` (None: anonymous) may see it, and the
    parameters to run it with: `db.session.scalar(statement, parameters)`."""
    kind, values = viewer_kind_and_values(user)
    return _visible_session(kind), values | {"session_id": session_id}


def sessions_meant_for(session_ids: list[int], user, *, lock: bool):
    """SELECT of the sessions `session_ids` (in id order, read again over what the ORM
    holds, and with `lock` locked FOR UPDATE), each with whether `user` may see it and
    is in its audience (always true with no `user`: nobody asked); and the parameters
    to run it with."""
    kind, values = viewer_kind_and_values(user) if user is not None else (None, {})
    return _sessions_meant_for(kind, lock), values | {"session_ids": list(session_ids)}
