"""Bilateral meetings on the agendas and in the personal calendar feeds of the two people
who meet (issue 21, point 7).

A meeting shows on a person's agenda and feed once it has a slot (window, start, end,
table) and while it is accepted or cancelled: cancelled ones keep their slot and stay,
struck through on the agenda and STATUS:CANCELLED in the feed, as cancelled sessions do
(a calendar that already had the meeting then shows it cancelled instead of silently
losing it). Requested, proposed, declined and withdrawn ones never show: they hold no
time. Nobody else's agenda or feed, nor the public programme, feed or export, reads
meetings at all.

`meetings_of` is one statement whatever the number of meetings: the agenda and the
personal feed each spend exactly one more statement on meetings (on the agenda, the same
statement brings the head of post's requests waiting for an answer).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Event, Meeting, MeetingStatus, MeetingWindow, PartnerProfile, User

# What a person's agenda and feed show: a meeting that holds (or held) a slot.
ON_AGENDAS = (MeetingStatus.ACCEPTED, MeetingStatus.CANCELLED)


def meetings_of(user: User, event: Event, *, with_requests: bool = False) -> list[Meeting]:
    """The user's accepted and cancelled meetings with a slot in this edition, in time
    order, with the window's room and the other party (name, function, organisation or
    post) loaded: one statement. A partner sees those they asked for, a head of post
    those asked of them; anyone else has none. `with_requests` adds, in the same
    statement, the requests still waiting for an answer (no slot: they come last)."""
    if user.is_partner:
        side = Meeting.partner_id
    elif user.is_diplomat:
        side = Meeting.diplomat_id
    else:
        return []
    shown = and_(Meeting.status.in_(ON_AGENDAS), Meeting.window_id.is_not(None))
    if with_requests:
        shown = or_(shown, Meeting.status == MeetingStatus.REQUESTED)
    statement = (
        select(Meeting)
        .where(Meeting.event_id == event.id, side == user.id, shown)
        .options(
            joinedload(Meeting.window).joinedload(MeetingWindow.room),
            joinedload(Meeting.partner)
            .joinedload(User.partner_profile)
            .joinedload(PartnerProfile.organisation),
            joinedload(Meeting.diplomat).joinedload(User.profile),
        )
        .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, Meeting.table_number, Meeting.id)
    )
    return list(db.session.scalars(statement).unique())


@dataclass(frozen=True)
class OtherParty:
    """Whom the reader meets, as the agenda and the feed describe them."""

    name: str
    function: str
    # The partner's organisation, or the head of post's post ("Nairobi, Kenya").
    affiliation: str


def other_party(meeting: Meeting, reader: User, language: str) -> OtherParty:
    """The other person of the meeting, seen by `reader`, in `language`."""
    if reader.id == meeting.partner_id:
        diplomat = meeting.diplomat
        profile = diplomat.profile
        with force_locale(language):
            function = str(profile.function.label) if profile else ""
        return OtherParty(diplomat.full_name, function, profile.post if profile else "")
    partner = meeting.partner
    profile = partner.partner_profile
    organisation = profile.organisation if profile else None
    affiliation = organisation.shown_name(language).marked(language) if organisation else ""
    return OtherParty(partner.full_name, profile.function if profile else "", affiliation)


def meeting_title(other: OtherParty, language: str) -> str:
    """ "Bilateral meeting: <other party>" in `language`: the feed's SUMMARY, and the name
    the agenda gives the meeting where a session overlaps it."""
    with force_locale(language):
        return _("Bilateral meeting: %(name)s", name=other.name)


@dataclass(frozen=True)
class MeetingSlot:
    """What `mark_overlaps` (eventapp/programme/agenda.py) reads of an agenda entry's
    `session`: a meeting takes part in the overlap marks as sessions do."""

    title: str
    starts_at: datetime
    ends_at: datetime
    is_cancelled: bool


@dataclass
class MeetingOnAgenda:
    """One meeting on an agenda page, with the other party and what it overlaps."""

    meeting: Meeting
    day: date
    other: OtherParty
    session: MeetingSlot
    # The agenda's session items it overlaps (`mark_overlaps`).
    overlaps: list = field(default_factory=list)

    @property
    def is_cancelled(self) -> bool:
        return self.meeting.status == MeetingStatus.CANCELLED

    @property
    def room_name(self) -> str:
        room = self.meeting.window.room if self.meeting.window else None
        return room.name if room else ""


def agenda_meetings(user: User, event: Event, language: str) -> list[MeetingOnAgenda]:
    """The user's meetings as agenda entries (`meetings_of`: one statement)."""
    return [_entry(meeting, user, event, language) for meeting in meetings_of(user, event)]


def agenda_meetings_and_requests(
    user: User, event: Event, language: str
) -> tuple[list[MeetingOnAgenda], list[Meeting]]:
    """The head of post's meetings as agenda entries, and the requests waiting for their
    answer (oldest first, as eventapp/meetings/queries.py `waiting_requests` gives them):
    both from one statement, which keeps the agenda page's query budget."""
    found = meetings_of(user, event, with_requests=True)
    waiting = [meeting for meeting in found if meeting.status == MeetingStatus.REQUESTED]
    waiting.sort(key=lambda meeting: (meeting.created_at, meeting.id))
    entries = [
        _entry(meeting, user, event, language)
        for meeting in found
        if meeting.status in ON_AGENDAS and meeting.window_id is not None
    ]
    return entries, waiting


def _entry(meeting: Meeting, user: User, event: Event, language: str) -> MeetingOnAgenda:
    other = other_party(meeting, user, language)
    slot = MeetingSlot(
        meeting_title(other, language),
        meeting.starts_at,
        meeting.ends_at,
        meeting.status == MeetingStatus.CANCELLED,
    )
    return MeetingOnAgenda(meeting, meeting.starts_at.astimezone(event.tz).date(), other, slot)


def by_day(entries: list[MeetingOnAgenda]) -> dict[date, list[MeetingOnAgenda]]:
    """The entries grouped by their (local) day, each day's in time order."""
    days: dict[date, list[MeetingOnAgenda]] = defaultdict(list)
    for entry in entries:
        days[entry.day].append(entry)
    return dict(days)
