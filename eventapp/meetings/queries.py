"""The SQL of the meeting pages (heads of post's, partners' requests, organizers'
per-meeting page): each a fixed number of statements."""

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    DiplomatProfile,
    Event,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    PartnerProfile,
    Registration,
    Role,
    User,
    WindowStatus,
)
from ..programme.agenda import ATTENDING, attended_days

# What a meeting's pages show of it: both people, the partner's organisation, windows.
MEETING_DETAILS = (
    joinedload(Meeting.partner)
    .joinedload(User.partner_profile)
    .joinedload(PartnerProfile.organisation),
    joinedload(Meeting.diplomat).joinedload(User.profile),
    selectinload(Meeting.requested_windows).joinedload(MeetingWindow.room),
    joinedload(Meeting.proposed_window).joinedload(MeetingWindow.room),
    joinedload(Meeting.window).joinedload(MeetingWindow.room),
)


def meeting_or_404(meeting_id: int, *, diplomat: User | None = None, partner: User | None = None):
    """The meeting with its details; 404 unless it is this head of post's (or this
    partner's): another person's meeting id answers as if it did not exist."""
    statement = select(Meeting).where(Meeting.id == meeting_id).options(*MEETING_DETAILS)
    if diplomat is not None:
        statement = statement.where(Meeting.diplomat_id == diplomat.id)
    if partner is not None:
        statement = statement.where(Meeting.partner_id == partner.id)
    meeting = db.session.scalar(statement)
    if meeting is None:
        abort(404)
    return meeting


def open_windows_on_days(event: Event, days) -> list[MeetingWindow]:
    """The edition's windows open for requests that fall on these days, in time order."""
    days = set(days)
    windows = db.session.scalars(
        select(MeetingWindow)
        .where(MeetingWindow.event_id == event.id, MeetingWindow.status == WindowStatus.OPEN)
        .options(joinedload(MeetingWindow.room))
        .order_by(MeetingWindow.starts_at, MeetingWindow.id)
    ).all()
    return [window for window in windows if window.starts_at.astimezone(event.tz).date() in days]


def open_windows_for(diplomat: User, event: Event) -> list[MeetingWindow]:
    """The open windows on the days the head of post attends."""
    return open_windows_on_days(event, attended_days(diplomat, event))


def event_windows(event: Event) -> list[MeetingWindow]:
    """All the edition's windows but drafts (organizers place meetings in any)."""
    return list(
        db.session.scalars(
            select(MeetingWindow)
            .where(MeetingWindow.event_id == event.id, MeetingWindow.status != WindowStatus.DRAFT)
            .options(joinedload(MeetingWindow.room))
            .order_by(MeetingWindow.starts_at, MeetingWindow.id)
        )
    )


def waiting_requests(diplomat: User, event: Event | None) -> list[Meeting]:
    """The head of post's requests waiting for their answer, oldest first: one
    statement (the partner, their profile and organisation joined)."""
    if event is None:
        return []
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.event_id == event.id,
                Meeting.diplomat_id == diplomat.id,
                Meeting.status == MeetingStatus.REQUESTED,
            )
            .options(
                joinedload(Meeting.partner)
                .joinedload(User.partner_profile)
                .joinedload(PartnerProfile.organisation)
            )
            .order_by(Meeting.created_at, Meeting.id)
        )
    )


def bookable_people(event: Event) -> tuple[list[User], list[User]]:
    """(partner representatives of the edition, heads of post attending it), by name."""
    partners = db.session.scalars(
        select(User)
        .join(PartnerProfile, PartnerProfile.user_id == User.id)
        .where(PartnerProfile.event_id == event.id, User.role == Role.PARTNER, User.active)
        .order_by(User.last_name, User.first_name, User.id)
    ).all()
    diplomats = db.session.scalars(
        select(User)
        .join(Registration, Registration.user_id == User.id)
        .outerjoin(DiplomatProfile, DiplomatProfile.user_id == User.id)
        .where(
            Registration.event_id == event.id,
            Registration.status.in_(ATTENDING),
            User.role == Role.DIPLOMAT,
            User.active,
        )
        .order_by(User.last_name, User.first_name, User.id)
    ).all()
    return list(partners), list(diplomats)
