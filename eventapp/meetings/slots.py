"""Which slots a bilateral meeting may take: both people free, a table free, the day's
limits kept.

A slot of a meeting window (`MeetingWindow.slots()`) is *offered* for a meeting when

- the head of post attends that day, and nothing on their agenda overlaps it (sessions
  meant for them or that they signed up for, as eventapp/programme/agenda.py decides:
  `agenda_rows`; cancelled sessions hold nobody);
- neither the head of post nor the partner has another accepted meeting overlapping it
  (partners have no sessions: their accepted meetings are their agenda);
- at least one of the window's tables is free at that start;
- neither has reached the edition's meetings per day (`Event.meetings_per_diplomat_per_day`,
  `Event.meetings_per_partner_per_day`) on that day.

`offered_slots` costs a fixed number of statements, whatever the number of meetings,
sessions or windows (tests/test_meetings.py holds it to a budget). The services
(eventapp/meetings/services.py) ask the same rules again under their locks
(`slot_conflict`), and the database's partial unique indexes are the last guard.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select

from ..extensions import db
from ..models import Event, Meeting, MeetingStatus, MeetingWindow, Session, SessionStatus, User
from ..programme.agenda import agenda_rows, attended_days, day_bounds


@dataclass(frozen=True)
class Slot:
    """A slot a meeting may take: its window, start and end, and the tables still free
    there (numbers 1..window.tables, in order)."""

    window: MeetingWindow
    starts_at: datetime
    ends_at: datetime
    tables: tuple[int, ...] = ()

    @property
    def key(self) -> str:
        """What a form sends for this slot: '<window id>|<start, ISO 8601 UTC>'."""
        return slot_key(self.window.id, self.starts_at)

    @property
    def first_table(self) -> int | None:
        return self.tables[0] if self.tables else None


def slot_key(window_id: int, starts_at: datetime) -> str:
    return f"{window_id}|{starts_at.isoformat()}"


def parse_slot_key(key: str) -> tuple[int, datetime] | None:
    """(window id, start) from `Slot.key`; None when it is not one."""
    window_id, _, start = (key or "").partition("|")
    try:
        starts_at = datetime.fromisoformat(start)
        return int(window_id), starts_at
    except ValueError:
        return None


@dataclass
class Busy:
    """What the two people and the windows' tables already hold on the days concerned."""

    diplomat_days: set[date]
    # (start, end) of what the head of post is at: sessions and accepted meetings.
    diplomat_times: list[tuple[datetime, datetime]] = field(default_factory=list)
    partner_times: list[tuple[datetime, datetime]] = field(default_factory=list)
    # Accepted meetings per local day, for the per-day limits.
    diplomat_per_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    partner_per_day: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    # Tables taken, by (window id, start).
    tables_taken: dict[tuple[int, datetime], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )
    # The sessions on the head of post's agenda those days: (start, end, session).
    sessions: list[tuple[datetime, datetime, Session]] = field(default_factory=list)
    # The accepted meetings of either (not the one being placed): (meeting).
    meetings: list[Meeting] = field(default_factory=list)


def candidate_windows(meeting: Meeting) -> list[MeetingWindow]:
    """The windows a meeting may be placed in: the proposed one while proposed, else
    those requested; in time order."""
    if meeting.status == MeetingStatus.PROPOSED and meeting.proposed_window is not None:
        return [meeting.proposed_window]
    return sorted(meeting.requested_windows, key=lambda window: (window.starts_at, window.id))


def offered_slots(meeting: Meeting, windows: list[MeetingWindow] | None = None) -> list[Slot]:
    """The slots `meeting` may take, in time order (then window id): those of its
    requested windows (the proposed one while proposed; or `windows` when given, as
    organizers placing a meeting do) where both people are free, a table is free and
    neither has reached their meetings per day. A fixed number of statements."""
    event = db.session.get(Event, meeting.event_id)
    windows = candidate_windows(meeting) if windows is None else list(windows)
    if not windows:
        return []
    busy = busy_for(meeting, windows, event)
    slots = []
    for window in sorted(windows, key=lambda window: (window.starts_at, window.id)):
        for starts_at, ends_at in window.slots():
            if person_conflict(busy, event, starts_at, ends_at) is not None:
                continue
            taken = busy.tables_taken[(window.id, starts_at)]
            free = tuple(number for number in range(1, window.tables + 1) if number not in taken)
            if free:
                slots.append(Slot(window, starts_at, ends_at, free))
    return sorted(slots, key=lambda slot: (slot.starts_at, slot.window.starts_at, slot.window.id))


def busy_for(meeting: Meeting, windows: list[MeetingWindow], event: Event) -> Busy:
    """What both people and the windows' tables hold on the windows' days: four
    statements (the head of post's days, their agenda rows, those sessions' times, the
    accepted meetings of either person or in the windows)."""
    tz = event.tz
    days = sorted({window.starts_at.astimezone(tz).date() for window in windows})
    diplomat = db.session.get(User, meeting.diplomat_id)
    attended = set(attended_days(diplomat, event))
    busy = Busy(diplomat_days=attended)
    on_days = [day for day in days if day in attended]
    rows = agenda_rows(diplomat, on_days, event, with_changes=False) if on_days else []
    if rows:
        sessions = db.session.scalars(
            select(Session).where(
                Session.id.in_([row.session_id for row in rows]),
                Session.status != SessionStatus.CANCELLED,
            )
        ).all()
        busy.sessions = [(session.starts_at, session.ends_at, session) for session in sessions]
        busy.diplomat_times += [(session.starts_at, session.ends_at) for session in sessions]
    bounds = [day_bounds(day, tz) for day in days]
    people = or_(
        Meeting.diplomat_id == meeting.diplomat_id,
        Meeting.partner_id == meeting.partner_id,
        Meeting.window_id.in_([window.id for window in windows]),
    )
    accepted = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.event_id == meeting.event_id,
            Meeting.status == MeetingStatus.ACCEPTED,
            Meeting.starts_at.is_not(None),
            Meeting.id != (meeting.id or 0),
            people,
            or_(*[and_(Meeting.starts_at >= lo, Meeting.starts_at < hi) for lo, hi in bounds]),
        )
        # Read as committed now: under the services' locks, another's accept counts.
        .execution_options(populate_existing=True)
    ).all()
    for other in accepted:
        day = other.starts_at.astimezone(tz).date()
        busy.tables_taken[(other.window_id, other.starts_at)].add(other.table_number)
        if other.diplomat_id == meeting.diplomat_id:
            busy.diplomat_times.append((other.starts_at, other.ends_at))
            busy.diplomat_per_day[day] += 1
            busy.meetings.append(other)
        if other.partner_id == meeting.partner_id:
            busy.partner_times.append((other.starts_at, other.ends_at))
            busy.partner_per_day[day] += 1
            if other not in busy.meetings:
                busy.meetings.append(other)
    return busy


def _overlaps(times, starts_at: datetime, ends_at: datetime) -> bool:
    # Touching is not overlapping: a meeting may start when a session ends.
    return any(start < ends_at and starts_at < end for start, end in times)


def person_conflict(busy: Busy, event: Event, starts_at: datetime, ends_at: datetime):
    """Why the two people cannot meet then (a short code), or None."""
    day = starts_at.astimezone(event.tz).date()
    if day not in busy.diplomat_days:
        return "diplomat_absent"
    if _overlaps(busy.diplomat_times, starts_at, ends_at):
        return "diplomat_busy"
    if _overlaps(busy.partner_times, starts_at, ends_at):
        return "partner_busy"
    if busy.diplomat_per_day[day] >= event.meetings_per_diplomat_per_day:
        return "diplomat_day_full"
    if busy.partner_per_day[day] >= event.meetings_per_partner_per_day:
        return "partner_day_full"
    return None


def slot_length(window: MeetingWindow) -> timedelta:
    return timedelta(minutes=window.meeting_minutes)
