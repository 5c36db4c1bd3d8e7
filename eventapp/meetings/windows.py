"""Meeting windows (issue 21, point 2): organizers define when and where bilateral
meetings happen, open them for requests and close them again; and the edition's limits
on requests and meetings (point 4).

Rules, each a function named for it:
- `window_problems`: a window lies on one of the edition's days, ends after it starts,
  has at least one table, meetings of at least MIN_MEETING_MINUTES, and overlaps no
  other window of the edition, *in any room*. The meetings' "one place at a time"
  indexes compare slot starts only (eventapp/models/meetings.py): two overlapping
  windows whose slots start at different times could put one person at two tables at
  once, so the simple rule is that windows never overlap at all.
- `editable`: a window's time, room and tables change while it is a draft, or as long as
  no accepted meeting sits in it (accepted meetings keep their slot).
- `deletable`: only a draft that no request names (asked for, proposed, or placed in).

Windows are not programme tables (tests/programme_guard.py): no programme version moves.
Changes that check overlaps lock the edition's row first, so two organizers saving
overlapping windows at the same moment end with one window and one refusal.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from .. import audit
from ..extensions import db
from ..models import Event, Meeting, MeetingStatus, MeetingWindow, Room, User, WindowStatus
from ..models.meetings import meeting_request_windows
from ..unit_of_work import use_case

MIN_MEETING_MINUTES = 5


class WindowRefused(Exception):
    """A change the rules refuse; the message says why, in the reader's language."""


@dataclass(frozen=True)
class WindowValues:
    """What an organizer enters for a window (times in the edition's time zone)."""

    day: date
    start: time
    end: time
    room_id: int
    tables: int
    meeting_minutes: int
    changeover_minutes: int


def _bounds(event: Event, values: WindowValues) -> tuple[datetime, datetime]:
    return (
        datetime.combine(values.day, values.start, event.tz),
        datetime.combine(values.day, values.end, event.tz),
    )


def window_problems(
    event: Event, values: WindowValues, *, excluding: MeetingWindow | None = None
) -> list[str]:
    """Why these values make no window (empty: they do). Reads the other windows."""
    problems = []
    starts_at, ends_at = _bounds(event, values)
    if values.day not in event.days:
        problems.append(_("A meeting window must lie on one of the edition's days."))
    if ends_at <= starts_at:
        problems.append(_("The window must end after it starts."))
    if values.tables < 1:
        problems.append(_("A meeting window needs at least one table."))
    if values.meeting_minutes < MIN_MEETING_MINUTES:
        problems.append(
            _("A meeting lasts at least %(minutes)d minutes.", minutes=MIN_MEETING_MINUTES)
        )
    if values.changeover_minutes < 0:
        problems.append(_("The changeover cannot be negative."))
    room = db.session.get(Room, values.room_id)
    if room is None or room.event_id != event.id:
        problems.append(_("Choose one of the edition's rooms."))
    if ends_at > starts_at:
        clash = overlapping_window(event, starts_at, ends_at, excluding=excluding)
        if clash is not None:
            local = clash.starts_at.astimezone(event.tz)
            problems.append(
                _(
                    "This window overlaps another one (%(start)s–%(end)s, %(room)s): a "
                    "person can only be at one table at a time, so windows never overlap.",
                    start=local.strftime("%H:%M"),
                    end=clash.ends_at.astimezone(event.tz).strftime("%H:%M"),
                    room=clash.room.name if clash.room else "—",
                )
            )
    return problems


def overlapping_window(
    event: Event, starts_at: datetime, ends_at: datetime, *, excluding=None
) -> MeetingWindow | None:
    """A window of the edition, in any room, that overlaps [starts_at, ends_at)
    (touching is not overlapping)."""
    query = select(MeetingWindow).where(
        MeetingWindow.event_id == event.id,
        MeetingWindow.starts_at < ends_at,
        MeetingWindow.ends_at > starts_at,
    )
    if excluding is not None:
        query = query.where(MeetingWindow.id != excluding.id)
    return db.session.scalars(query.order_by(MeetingWindow.starts_at).limit(1)).first()


def has_accepted_meetings(window: MeetingWindow) -> bool:
    return db.session.scalar(
        select(
            exists().where(Meeting.window_id == window.id, Meeting.status == MeetingStatus.ACCEPTED)
        )
    )


def has_requests(window: MeetingWindow) -> bool:
    """Any meeting names the window: asked for, proposed, or placed in (any status)."""
    asked = exists().where(meeting_request_windows.c.window_id == window.id)
    named = exists().where(
        or_(Meeting.window_id == window.id, Meeting.proposed_window_id == window.id)
    )
    return db.session.scalar(select(or_(asked, named)))


def editable_and_deletable(
    windows: list[MeetingWindow],
) -> list[tuple[MeetingWindow, bool, bool]]:
    """Each window with whether it may be edited and deleted (the rules of `editable` and
    `deletable`), in two statements whatever the number of windows (the windows page)."""
    ids = [window.id for window in windows]
    if not ids:
        return []
    accepted = set(
        db.session.scalars(
            select(Meeting.window_id).where(
                Meeting.window_id.in_(ids), Meeting.status == MeetingStatus.ACCEPTED
            )
        )
    )
    named = set(
        db.session.scalars(
            select(meeting_request_windows.c.window_id).where(
                meeting_request_windows.c.window_id.in_(ids)
            )
        )
    )
    for placed, proposed in db.session.execute(
        select(Meeting.window_id, Meeting.proposed_window_id).where(
            or_(Meeting.window_id.in_(ids), Meeting.proposed_window_id.in_(ids))
        )
    ):
        named.update({placed, proposed})
    return [
        (
            window,
            window.status == WindowStatus.DRAFT or window.id not in accepted,
            window.status == WindowStatus.DRAFT and window.id not in named,
        )
        for window in windows
    ]


def editable(window: MeetingWindow) -> bool:
    return window.status == WindowStatus.DRAFT or not has_accepted_meetings(window)


def deletable(window: MeetingWindow) -> bool:
    return window.status == WindowStatus.DRAFT and not has_requests(window)


def _lock_edition(event: Event) -> None:
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _apply(event: Event, window: MeetingWindow, values: WindowValues) -> None:
    window.starts_at, window.ends_at = _bounds(event, values)
    window.room_id = values.room_id
    window.tables = values.tables
    window.meeting_minutes = values.meeting_minutes
    window.changeover_minutes = values.changeover_minutes


def _described(window: MeetingWindow) -> dict:
    return {
        "starts_at": window.starts_at,
        "ends_at": window.ends_at,
        "room": window.room.name if window.room else "",
        "tables": window.tables,
        "meeting_minutes": window.meeting_minutes,
        "changeover_minutes": window.changeover_minutes,
    }


@use_case
def create_window(event: Event, values: WindowValues, *, by: User) -> MeetingWindow:
    """A new draft window. Raises WindowRefused (all problems, one per line)."""
    _lock_edition(event)
    problems = window_problems(event, values)
    if problems:
        raise WindowRefused("\n".join(problems))
    window = MeetingWindow(event_id=event.id, status=WindowStatus.DRAFT)
    _apply(event, window, values)
    db.session.add(window)
    db.session.flush()
    audit.record("meeting_window.create", by, window, **_described(window))
    return window


@use_case
def change_window(window: MeetingWindow, values: WindowValues, *, by: User) -> None:
    """New time, room, tables or lengths. Raises WindowRefused when accepted meetings sit
    in an open or closed window, or when the values break a rule."""
    event = window.event
    _lock_edition(event)
    if not editable(window):
        raise WindowRefused(
            _("Meetings were accepted in this window: move or cancel them before changing it.")
        )
    problems = window_problems(event, values, excluding=window)
    if problems:
        raise WindowRefused("\n".join(problems))
    before = _described(window)
    _apply(event, window, values)
    db.session.flush()
    after = _described(window)
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changed:
        audit.record("meeting_window.update", by, window, changed=sorted(changed), **changed)


@use_case
def open_window(window: MeetingWindow, *, by: User) -> None:
    """Partners may ask for meetings in it from now on. Raises WindowRefused if open."""
    if window.status == WindowStatus.OPEN:
        raise WindowRefused(_("This window is already open for requests."))
    window.status = WindowStatus.OPEN
    audit.record("meeting_window.open", by, window)


@use_case
def close_window(window: MeetingWindow, *, by: User) -> None:
    """No new requests for it; requests and meetings already made stay. Raises
    WindowRefused unless it is open."""
    if window.status != WindowStatus.OPEN:
        raise WindowRefused(_("Only an open window can be closed."))
    window.status = WindowStatus.CLOSED
    audit.record("meeting_window.close", by, window)


@use_case
def delete_window(window: MeetingWindow, *, by: User) -> None:
    """Removes a draft no request names. Raises WindowRefused otherwise."""
    if not deletable(window):
        raise WindowRefused(
            _("Only a draft window that no request names can be deleted; close it instead.")
        )
    audit.record("meeting_window.delete", by, window, **_described(window))
    db.session.delete(window)


@dataclass(frozen=True)
class Limits:
    requests_per_partner: int
    meetings_per_diplomat_per_day: int
    meetings_per_partner_per_day: int


@use_case
def change_limits(event: Event, limits: Limits, *, by: User) -> None:
    """The edition's limits on open requests and daily meetings (positive integers; the
    form checks them, the service refuses anything below one with WindowRefused)."""
    values = {
        "meeting_requests_per_partner": limits.requests_per_partner,
        "meetings_per_diplomat_per_day": limits.meetings_per_diplomat_per_day,
        "meetings_per_partner_per_day": limits.meetings_per_partner_per_day,
    }
    if any(value < 1 for value in values.values()):
        raise WindowRefused(_("Each limit is a whole number of at least 1."))
    changed = {
        key: [getattr(event, key), value]
        for key, value in values.items()
        if getattr(event, key) != value
    }
    for key, value in values.items():
        setattr(event, key, value)
    if changed:
        audit.record("event.meeting_limits", by, event, changed=sorted(changed), **changed)
