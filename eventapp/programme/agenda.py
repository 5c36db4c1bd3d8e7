"""A diplomat's personal agenda, and who is told when a session on it changes.

A session is *on a diplomat's agenda* when the diplomat may see it (`visible_to`), it
falls on a day they attend (their registration's days), and either it is meant for them
without sign-up (published or cancelled, audience includes them) or they hold a place or
a waitlist position in it. `agenda_for` (sessions of one diplomat) and `agenda_holders`
(diplomats of one session) both build on `_selected`, so the two can never disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from flask import has_request_context, url_for
from sqlalchemy import and_, bindparam, exists, false, or_, select
from sqlalchemy.orm import aliased, contains_eager, selectinload

from ..events import current_event
from ..extensions import db
from ..mail import queue_mail
from ..models import (
    SESSION_DETAILS,
    DiplomatProfile,
    Event,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Session,
    SessionChange,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
    utcnow,
)
from ..unit_of_work import unit_of_work
from ..visibility import BoundViewer, audience_includes, viewer_kind_and_values, visible_to
from .digests import add_to_digests, digest_window, withdraw_from_digests

if TYPE_CHECKING:
    from ..documents.reading import DocumentCount
    from .cards import Card

# Registrations whose days count: someone who declined or was refused attends nothing.
ATTENDING = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)
ACTIVE_SIGNUP = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
# A diplomat is mailed when one of these changes: where and when to be, or not at all.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "room", "status")
# Any active diplomat, as `visible_to` and `audience_includes` see one, with the columns of
# the row being tested in place of one person's values (`agenda_holders`).
EACH_DIPLOMAT = SimpleNamespace(
    is_authenticated=True,
    is_organizer=False,
    is_active=True,
    id=User.id,
    profile=SimpleNamespace(function=DiplomatProfile.function, region=DiplomatProfile.region),
)


def current_time() -> datetime:
    """Now, in UTC. Tests replace this to stand in the middle of the event."""
    return utcnow()


@dataclass
class AgendaItem:
    """One session on an agenda, with the diplomat's place in it and what changed.

    `session` is the Session itself (`agenda_for`) or its card (the agenda page, which
    shows the details kept in `cards.py`): both have the id, times, day and status that
    `mark_now_and_next` reads.
    """

    session: "Session | Card"
    day: date
    signup: "Place | None" = None
    # Changes recorded since the diplomat last opened the agenda, newest first.
    changes: list[SessionChange] = field(default_factory=list)
    is_now: bool = False
    is_next: bool = False
    # The other items it overlaps, in time order (`mark_overlaps`).
    overlaps: list["AgendaItem"] = field(default_factory=list)
    # The briefing documents the diplomat may read and how many are new to them (the
    # agenda page: eventapp/documents/reading.py `on_agenda`); None: none.
    documents: "DocumentCount | None" = None

    @property
    def waitlist_position(self) -> int | None:
        if self.signup is not None and self.signup.status == SignUpStatus.WAITLISTED:
            return self.signup.position
        return None

    @property
    def has_place(self) -> bool:
        return self.signup is not None and self.signup.status == SignUpStatus.CONFIRMED

    @property
    def is_changed(self) -> bool:
        return bool(self.changes)


def registration_of(user: User, event: Event | None = None) -> Registration | None:
    """The diplomat's registration for the event if they attend (registered or confirmed)."""
    event = event or current_event()
    if event is None or not getattr(user, "is_authenticated", False) or not user.is_diplomat:
        return None
    return db.session.scalar(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.user_id == user.id,
            Registration.status.in_(ATTENDING),
        )
        .options(selectinload(Registration.day_rows))
    )


def agenda_for(user: User, registration: Registration | None = None) -> list[AgendaItem]:
    """The sessions on the diplomat's agenda, in time order, for the days they attend,
    loaded with their details: what the agenda page shows from cards, for code that
    needs the sessions themselves.

    Each item carries the diplomat's place (if any) and the changes made since
    `user.agenda_seen_at` (none on a first visit). Costs a fixed number of queries.
    """
    registration = registration or registration_of(user)
    if registration is None or not registration.days:
        return []
    event = db.session.get(Event, registration.event_id)
    rows = agenda_rows(user, registration.days, event)
    sessions = {
        session.id: session
        for session in db.session.scalars(
            select(Session)
            .where(Session.id.in_([row.session_id for row in rows]))
            .options(*SESSION_DETAILS)
        )
    }
    changes = changes_since([row.session_id for row in rows if row.changed], user.agenda_seen_at)
    return [
        AgendaItem(
            session=sessions[row.session_id],
            day=sessions[row.session_id].starts_at.astimezone(event.tz).date(),
            signup=row.place,
            changes=changes.get(row.session_id, []),
        )
        for row in rows
        if row.session_id in sessions  # else deleted since the first statement
    ]


@dataclass(frozen=True)
class AgendaEntry:
    """A session on an agenda, without its details: what a calendar feed needs to pick
    the session's events out of those it already has."""

    id: int
    waitlisted: bool


def agenda_session_ids(user: User, event: Event) -> list[AgendaEntry]:
    """The sessions `agenda_for` gives, in the same order (start, end, id), as ids with
    whether the diplomat is on the waitlist: two light statements (`attended_days`,
    `agenda_rows`), nothing loaded through the ORM."""
    rows = agenda_rows(user, attended_days(user, event), event, with_changes=False)
    return [
        AgendaEntry(
            row.session_id, row.place is not None and row.place.status == SignUpStatus.WAITLISTED
        )
        for row in rows
    ]


def mark_now_and_next(items: list[AgendaItem], now: datetime, tz: ZoneInfo) -> None:
    """Mark what is happening at `now`, and what comes next the same day.

    Cancelled sessions are neither: nobody is going to them.
    """
    today = now.astimezone(tz).date()
    upcoming = []
    for item in items:
        if item.session.is_cancelled:
            continue
        if item.session.starts_at <= now < item.session.ends_at:
            item.is_now = True
        elif item.session.starts_at > now and item.day == today:
            upcoming.append(item)
    if upcoming:
        first_start = min(item.session.starts_at for item in upcoming)
        for item in upcoming:
            item.is_next = item.session.starts_at == first_start


def mark_overlaps(items: list[AgendaItem]) -> None:
    """Note on each item the others it overlaps, so that the agenda can say which
    (a diplomat cannot be in both). A session ending when another starts only touches
    it; cancelled sessions overlap nothing: nobody is going to them."""
    live = [item for item in items if not item.session.is_cancelled]
    for item in live:
        item.overlaps = [
            other
            for other in live
            if other is not item
            and other.session.starts_at < item.session.ends_at
            and item.session.starts_at < other.session.ends_at
        ]


# Any change recorded in (seen_at, now]: built once, asked on every agenda visit.
CHANGED_BETWEEN = select(
    exists().where(
        SessionChange.changed_at > bindparam("seen_at"),
        SessionChange.changed_at <= bindparam("now"),
    )
)


def mark_agenda_seen(user: User) -> None:
    """Remember that the diplomat has now seen every change so far.

    Commits only when a change was recorded since the last visit (or on the first
    visit): moving the mark past a stretch with no change would mark nothing
    differently, and agendas are reloaded all day long, so most visits write nothing.
    """
    now = utcnow()
    seen_at = user.agenda_seen_at
    if seen_at is not None and not db.session.scalar(
        CHANGED_BETWEEN, {"seen_at": seen_at, "now": now}
    ):
        return
    with unit_of_work():
        user.agenda_seen_at = now


def agenda_holders(session: Session, on_days: Iterable[date] = ()) -> list[User]:
    """The diplomats who have `session` on their agenda.

    `on_days` adds days the session counts as falling on: a session moved to another
    day is still reported to those who had it on the day it left.
    """
    event = session.event
    days = {session.starts_at.astimezone(event.tz).date(), *on_days}
    # `_selected` asked of every candidate at once: the viewer's id, function and region
    # are the candidate's columns, so the one definition of "on the agenda" holds and the
    # whole question is one statement, whatever the number of diplomats. The session is
    # joined to each candidate's row (not asked in a subquery) so that the conditions'
    # own subqueries correlate with both.
    return list(
        db.session.scalars(
            select(User)
            .join(Registration, Registration.user_id == User.id)
            .outerjoin(DiplomatProfile, DiplomatProfile.user_id == User.id)
            .join(Session, Session.id == session.id)
            .where(
                Registration.event_id == event.id,
                Registration.status.in_(ATTENDING),
                User.role == Role.DIPLOMAT,
                User.active.is_(True),
                exists(
                    select(RegistrationDay.registration_id).where(
                        RegistrationDay.registration_id == Registration.id,
                        RegistrationDay.day.in_(days),
                    )
                ),
                _selected(EACH_DIPLOMAT),
            )
            .options(contains_eager(User.profile))
            .order_by(User.id)
        )
    )


def notify_agenda_holders(session: Session, changed_fields: dict) -> list[User]:
    """Tell each diplomat who has the session on their agenda, in their language, when a
    published session moves (time or room) or is cancelled.

    A move joins each diplomat's digest of agenda changes, mailed MAIL_DIGEST_MINUTES
    after the first (eventapp/programme/digests.py; at once when the setting is 0); a
    cancellation is mailed at once and taken out of the digests. `changed_fields` is
    what `record_change` returns. Other changes (a title, a description) and drafts send
    nothing. Mail is written to the outbox in the transaction: none if it rolls back.
    Returns the diplomats told.
    """
    changes = {name: values for name, values in changed_fields.items() if name in NOTIFIED_FIELDS}
    if not changes or not session.was_ever_published or session.status == SessionStatus.DRAFT:
        return []
    old_days = []
    if "starts_at" in changes and changes["starts_at"]["old"]:
        old_start = datetime.fromisoformat(changes["starts_at"]["old"])
        old_days.append(old_start.astimezone(session.event.tz).date())
    holders = agenda_holders(session, on_days=old_days)
    link = url_for("programme.agenda", _external=True) if has_request_context() else None
    if not session.is_cancelled and digest_window():
        change = db.session.scalar(
            select(SessionChange)
            .where(SessionChange.session_id == session.id)
            .order_by(SessionChange.id.desc())
            .limit(1)
        )
        add_to_digests(holders, change, link)
        return holders
    if session.is_cancelled:
        withdraw_from_digests(session, link)
    ordered = [(name, changes[name]) for name in NOTIFIED_FIELDS if name in changes]
    for user in holders:
        queue_mail(
            user.email,
            "session_changed",
            user.language,
            user=user,
            session=session,
            title=session.text_in("title", user.language),
            changes=ordered,
            cancelled=session.is_cancelled,
            link=link,
        )
    return holders


def _selected(user: User, signed_up=None):
    """SQL condition on Session: on the diplomat's agenda, whatever the day.

    `signed_up`: a statement that already joins the diplomat's active sign-up (as
    `_agenda_rows_statement` does) passes whether it found one, instead of the same
    lookup again as a subquery for every session.
    """
    if signed_up is None:
        signed_up = exists(
            select(SignUp.id).where(
                SignUp.session_id == Session.id,
                SignUp.user_id == user.id,
                SignUp.status.in_(ACTIVE_SIGNUP),
            )
        )
    meant_for_them = and_(
        Session.status.in_([SessionStatus.PUBLISHED, SessionStatus.CANCELLED]),
        Session.signup_required.is_(False),
        audience_includes(user),
    )
    return and_(visible_to(user), or_(meant_for_them, signed_up))


def _on_days(days: Iterable[date], tz: ZoneInfo):
    """SQL condition on Session: it starts on one of these local days."""
    ranges = [
        and_(Session.starts_at >= start, Session.starts_at < end)
        for start, end in (day_bounds(day, tz) for day in sorted(set(days)))
    ]
    return or_(*ranges) if ranges else false()


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The first moment of `day` and of the next day in `tz`, as aware datetimes."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start, end


class Place(NamedTuple):
    """A diplomat's place in a session, or their waitlist position: what pages show of a
    sign-up."""

    status: SignUpStatus
    position: int | None


@dataclass(frozen=True)
class AgendaRow:
    """A session on the diplomat's agenda, by id: their place in it, and whether a change
    was recorded since their last visit."""

    session_id: int
    place: Place | None
    changed: bool


ATTENDED_DAYS = (
    select(RegistrationDay.day)
    .join(Registration, RegistrationDay.registration_id == Registration.id)
    .where(
        Registration.event_id == bindparam("event_id"),
        Registration.user_id == bindparam("user_id"),
        Registration.status.in_(ATTENDING),
    )
    .order_by(RegistrationDay.day)
)


def attended_days(user: User, event: Event) -> list[date]:
    """The days of the diplomat's registration, in order, if they attend (registered or
    confirmed, as `registration_of`); else none. One light statement, built once."""
    return list(db.session.scalars(ATTENDED_DAYS, {"event_id": event.id, "user_id": user.id}))


def agenda_rows(
    user: User, days: Iterable[date], event: Event, *, with_changes: bool = True
) -> list[AgendaRow]:
    """The sessions on the diplomat's agenda on these days (those they attend), in time
    order (start, end, id), without loading them: one statement. Whether a change was
    recorded since the diplomat's last visit: never on a first visit (nor without
    `with_changes`)."""
    days = tuple(sorted(set(days)))
    if not days:
        return []
    viewer, values = viewer_kind_and_values(user)
    seen_at = user.agenda_seen_at if with_changes else None
    statement = _agenda_rows_statement(viewer, days, event.timezone, seen_at is not None)
    values |= {"event_id": event.id}
    if seen_at is not None:
        values["seen_at"] = seen_at
    return [
        AgendaRow(session_id, Place(status, position) if status else None, bool(is_changed))
        for session_id, status, position, is_changed in db.session.execute(statement, values)
    ]


@cache
def _agenda_rows_statement(viewer, days: tuple[date, ...], timezone: str, seen: bool):
    """The statement of `agenda_rows` for one kind of viewer, set of days and first or
    later visit, built once (building it costs more than running it) with the viewer's
    values, the event and the last visit as bound parameters."""
    mine = aliased(SignUp)
    bound = BoundViewer(*viewer)
    changed = (
        exists(
            select(SessionChange.id).where(
                SessionChange.session_id == Session.id,
                SessionChange.changed_at > bindparam("seen_at"),
            )
        )
        if seen
        else false()
    )
    return (
        select(Session.id, mine.status, mine.position, changed)
        .outerjoin(
            mine,
            and_(
                mine.session_id == Session.id,
                mine.user_id == bound.id,
                mine.status.in_(ACTIVE_SIGNUP),
            ),
        )
        .where(
            Session.event_id == bindparam("event_id"),
            _selected(bound, signed_up=mine.id.is_not(None)),
            _on_days(days, ZoneInfo(timezone)),
        )
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    )


def changes_since(
    session_ids: list[int], seen_at: datetime | None
) -> dict[int, list[SessionChange]]:
    """The changes recorded on these sessions after `seen_at`, newest first, by session."""
    if not session_ids or seen_at is None:
        return {}
    found: dict[int, list[SessionChange]] = {}
    for change in db.session.scalars(
        select(SessionChange)
        .where(SessionChange.session_id.in_(session_ids), SessionChange.changed_at > seen_at)
        .order_by(SessionChange.changed_at.desc())
    ):
        found.setdefault(change.session_id, []).append(change)
    return found
