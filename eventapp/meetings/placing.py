"""Auto-place (issue 21, point 8): every accepted meeting that has no slot yet goes into
the earliest free slot of the windows it was asked for (or the window proposed), in the
order the requests came in (a slot refused at the last moment: the next one); those
that fit nowhere are reported with the reason.

The slots and the booking are the meeting services' (`offered_slots`, `place`): the
same rules as a head of post accepting a slot (both people free, a table free, the
limits), the same locks and the same refusal (`MeetingConflict`) when a slot was taken a
moment ago. Each meeting is placed in its own transaction by `place`, so one that fails
leaves the ones placed before it placed.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Event, Meeting, MeetingStatus, MeetingWindow, User
from .services import MeetingError, place
from .slots import offered_slots

# A slot refused at the last moment (taken by someone else meanwhile): try the next.
ATTEMPTS_PER_MEETING = 5


@dataclass
class Unplaced:
    meeting: Meeting
    reason: str


@dataclass
class PlacingReport:
    placed: list[Meeting] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


def waiting_for_a_slot(event: Event) -> list[Meeting]:
    """Accepted meetings without a slot, oldest request first."""
    query = (
        select(Meeting)
        .where(
            Meeting.event_id == event.id,
            Meeting.status == MeetingStatus.ACCEPTED,
            Meeting.starts_at.is_(None),
        )
        .options(joinedload(Meeting.partner), joinedload(Meeting.diplomat))
        .order_by(Meeting.created_at, Meeting.id)
    )
    return list(db.session.scalars(query))


def place_all(event: Event, *, by: User) -> PlacingReport:
    """Place each accepted-without-slot meeting in its earliest free slot (see the
    module). Raises nothing of its own: a meeting that cannot be placed is reported."""
    report = PlacingReport()
    for meeting in waiting_for_a_slot(event):
        placed, reason = _place_one(meeting, by)
        if placed:
            report.placed.append(meeting)
        else:
            report.unplaced.append(Unplaced(meeting, reason))
    return report


def candidate_windows(meeting: Meeting) -> list[MeetingWindow]:
    """The windows asked for, and the one the head of post proposed, if any."""
    windows = list(meeting.requested_windows)
    if meeting.proposed_window is not None and meeting.proposed_window not in windows:
        windows.append(meeting.proposed_window)
    return windows


def _place_one(meeting: Meeting, by: User) -> tuple[bool, str]:
    windows = candidate_windows(meeting)
    if not windows:
        return False, _("The request names no meeting window.")
    reason = _("No free slot in the windows asked for: both people and a table must be free.")
    for slot in offered_slots(meeting, windows)[:ATTEMPTS_PER_MEETING]:
        try:
            place(meeting, window=slot.window, starts_at=slot.starts_at, by=by)
        except MeetingError as error:
            # Refused or taken meanwhile: the next slot may still do.
            reason = str(error)
            db.session.refresh(meeting)
            continue
        return True, ""
    return False, reason
