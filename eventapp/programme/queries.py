"""What the programme pages read: a day's sessions, one session, places taken, the
viewer's own places, and the list of programme changes.

Each function asks what `viewer` may see (`visible_to`) and costs a fixed number of
queries, whatever the number of sessions.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased, selectinload

from ..extensions import db
from ..models import (
    SESSION_DETAILS,
    Event,
    Organisation,
    Session,
    SessionChange,
    SessionKind,
    SessionStatus,
    SignUp,
    SignUpStatus,
)
from ..signups import statements as signup_statements
from ..visibility import BoundViewer, audience_includes, viewer_kind_and_values, visible_to
from .agenda import ACTIVE_SIGNUP, Place, day_bounds


@dataclass(frozen=True)
class ProgrammeFilters:
    kind: SessionKind | None = None
    organisation_id: int | None = None

    @property
    def active(self) -> bool:
        return self.kind is not None or self.organisation_id is not None

    def query_args(self) -> dict[str, str]:
        args = {
            "kind": self.kind.value if self.kind else None,
            "organisation": self.organisation_id,
        }
        return {name: str(value) for name, value in args.items() if value is not None}

    def apply(self, statement):
        if self.kind is not None:
            statement = statement.where(Session.kind == self.kind)
        if self.organisation_id is not None:
            statement = statement.where(
                Session.organisations.any(Organisation.id == self.organisation_id)
            )
        return statement


def _is_diplomat(viewer) -> bool:
    return viewer.is_authenticated and viewer.is_diplomat


# The programme, day by day


class DayRow(NamedTuple):
    """A session of the day as the programme lists it for one viewer."""

    session_id: int
    confirmed: int
    place: Place | None  # the viewer's, if a diplomat
    meant_for: bool  # the session's audience takes in the viewer (a diplomat)


def day_sessions(event: Event, day: date, filters: ProgrammeFilters, viewer) -> list[DayRow]:
    """The sessions of `day` the viewer may see, in programme order, with their confirmed
    places and, for a diplomat, their place and whether it is meant for them: one
    statement."""
    kind_of_viewer, values = viewer_kind_and_values(viewer)
    diplomat = _is_diplomat(viewer)
    statement = _day_statement(
        kind_of_viewer, diplomat, filters.kind is not None, filters.organisation_id is not None
    )
    start, end = day_bounds(day, event.tz)
    values |= {"event_id": event.id, "start": start, "end": end}
    if filters.kind is not None:
        values["kind"] = filters.kind
    if filters.organisation_id is not None:
        values["organisation_id"] = filters.organisation_id
    rows = db.session.execute(statement, values)
    if not diplomat:
        return [DayRow(session_id, count, None, False) for session_id, count in rows]
    return [
        DayRow(session_id, count, Place(status, position) if status else None, bool(meant_for))
        for session_id, count, status, position, meant_for in rows
    ]


@cache
def _day_statement(viewer, diplomat: bool, by_kind: bool, by_organisation: bool):
    """The statement of `day_sessions` for one kind of viewer and of filters, built once
    (building it costs more than running it) with the values as bound parameters."""
    confirmed = (
        select(func.count())
        .select_from(SignUp)
        .where(SignUp.session_id == Session.id, SignUp.status == SignUpStatus.CONFIRMED)
        .correlate(Session)
        .scalar_subquery()
    )
    statement = select(Session.id, confirmed)
    if diplomat:
        mine = aliased(SignUp)
        meant_for = audience_includes(BoundViewer(*viewer))
        statement = statement.add_columns(mine.status, mine.position, meant_for).outerjoin(
            mine,
            and_(
                mine.session_id == Session.id,
                mine.user_id == bindparam("viewer_id"),
                mine.status.in_(ACTIVE_SIGNUP),
            ),
        )
    filters = ProgrammeFilters(
        kind=bindparam("kind") if by_kind else None,
        organisation_id=bindparam("organisation_id") if by_organisation else None,
    )
    return filters.apply(
        statement.where(
            Session.event_id == bindparam("event_id"),
            visible_to(BoundViewer(*viewer)),
            Session.starts_at >= bindparam("start"),
            Session.starts_at < bindparam("end"),
        )
    ).order_by(Session.starts_at, Session.ends_at, Session.id)


def has_visible_sessions(event: Event, viewer) -> bool:
    """Whether the viewer may see any session of the event, on any day."""
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Session)
            .where(Session.event_id == event.id, visible_to(viewer))
        )
    )


# One session


def visible_session(session_id: int, viewer, *, details: bool = True) -> Session | None:
    """The session if the viewer may see it, else None.

    With `details`, its room, speakers and organisations are loaded with it (for its
    page); sign-up actions need none of them (a confirmation page loads its room lazily).
    """
    statement, parameters = signup_statements.visible_session(session_id, viewer)
    if details:
        statement = statement.options(*SESSION_DETAILS)
    return db.session.scalar(statement, parameters)


def in_audience(session: Session, viewer) -> bool | None:
    """Whether the session is meant for this diplomat; None for anyone else."""
    if not _is_diplomat(viewer):
        return None
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Session)
            .where(Session.id == session.id, audience_includes(viewer))
        )
    )


def confirmed_counts(session_ids: list[int]) -> dict[int, int]:
    """Confirmed places per session, for "N places left"."""
    if not session_ids:
        return {}
    rows = db.session.execute(
        select(SignUp.session_id, func.count())
        .where(SignUp.session_id.in_(session_ids), SignUp.status == SignUpStatus.CONFIRMED)
        .group_by(SignUp.session_id)
    )
    return dict(rows.all())


def my_signups(viewer, session_ids: list[int]) -> dict[int, SignUp]:
    """The viewer's places and waitlist positions among these sessions."""
    if not session_ids or not _is_diplomat(viewer):
        return {}
    return {
        signup.session_id: signup
        for signup in db.session.scalars(
            select(SignUp).where(
                SignUp.user_id == viewer.id,
                SignUp.status.in_(ACTIVE_SIGNUP),
                SignUp.session_id.in_(session_ids),
            )
        )
    }


def held_in_group(session: Session, viewer) -> Session | None:
    """The other session of `session`'s parallel group in which the viewer holds a place
    or a waitlist position (not a cancelled one: it holds nothing), if they may see it:
    what signing up for `session` would make them leave."""
    if not session.parallel_group or not _is_diplomat(viewer):
        return None
    return db.session.scalar(
        select(Session)
        .join(SignUp, SignUp.session_id == Session.id)
        .where(
            Session.event_id == session.event_id,
            Session.parallel_group == session.parallel_group,
            Session.id != session.id,
            Session.status != SessionStatus.CANCELLED,
            visible_to(viewer),
            SignUp.user_id == viewer.id,
            SignUp.status.in_(ACTIVE_SIGNUP),
        )
        .order_by(Session.starts_at, Session.id)
        .limit(1)
    )


def signed_up_session(session_id: int | None, viewer) -> Session | None:
    """A session the viewer may see and holds a place (or waitlist position) in."""
    if session_id is None or not viewer.is_diplomat:
        return None
    return db.session.scalar(
        select(Session)
        .join(SignUp, SignUp.session_id == Session.id)
        .where(
            Session.id == session_id,
            visible_to(viewer),
            SignUp.user_id == viewer.id,
            SignUp.status.in_(ACTIVE_SIGNUP),
        )
    )


# Programme changes


def programme_changes(event: Event, viewer, limit: int) -> list[SessionChange]:
    """The latest `limit` changes to sessions the viewer may see, newest first."""
    return db.session.scalars(
        select(SessionChange)
        .join(Session, SessionChange.session_id == Session.id)
        .where(Session.event_id == event.id, visible_to(viewer))
        .options(
            selectinload(SessionChange.session).selectinload(Session.room),
            selectinload(SessionChange.changed_by),
        )
        .order_by(SessionChange.changed_at.desc(), SessionChange.id.desc())
        .limit(limit)
    ).all()
