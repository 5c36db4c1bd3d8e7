"""What the partners' pages read (no rule here: the rules live in eventapp/meetings)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Event, Meeting, MeetingStatus, User

# The order the home page shows the groups in: what is settled or waits for the partner
# first, then what waits for the head of post, then what is over.
STATUS_ORDER = (
    MeetingStatus.ACCEPTED,
    MeetingStatus.PROPOSED,
    MeetingStatus.REQUESTED,
    MeetingStatus.DECLINED,
    MeetingStatus.WITHDRAWN,
    MeetingStatus.CANCELLED,
)


@dataclass
class MeetingGroup:
    status: MeetingStatus
    meetings: list[Meeting]


def meetings_by_status(partner: User, event: Event) -> list[MeetingGroup]:
    """The partner's requests and meetings for the edition, grouped by status (empty
    groups left out); a fixed number of queries."""
    meetings = db.session.scalars(
        select(Meeting)
        .where(Meeting.partner_id == partner.id, Meeting.event_id == event.id)
        .options(
            selectinload(Meeting.diplomat).selectinload(User.profile),
            selectinload(Meeting.window),
            selectinload(Meeting.proposed_window),
            selectinload(Meeting.requested_windows),
        )
        .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, Meeting.created_at)
    ).all()
    groups = {status: [] for status in STATUS_ORDER}
    for meeting in meetings:
        groups[meeting.status].append(meeting)
    return [MeetingGroup(status, items) for status, items in groups.items() if items]
