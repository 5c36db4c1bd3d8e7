"""A programme change that puts a session over an accepted bilateral meeting (issue 21,
point 7).

When an organizer moves a session (`update_session`, and so `move_session`, in
eventapp/programme/services.py), the diplomats who have it on their agenda are already
known (`notify_agenda_holders` returns them). Those of them with an accepted meeting at
the session's new time, that it did not overlap before, are told, and so are their
partners: a mail each, in their language (templates/mail/meeting_overlap.txt). The
organizers learn it from an audit entry per meeting (`meeting.overlapped`) and, once the
change is committed, a flash on the page the organizer lands on naming the meetings.

All in the move's unit of work: nothing is mailed or logged if the move rolls back. One
statement, whatever the number of diplomats or meetings.
"""

from datetime import datetime

from flask import flash, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit
from ..extensions import db
from ..i18n import date_short
from ..mail import queue_mail
from ..models import (
    Meeting,
    MeetingStatus,
    MeetingWindow,
    PartnerProfile,
    Session,
    SessionStatus,
    User,
)
from ..unit_of_work import after_commit
from .on_agenda import other_party

TIME_FIELDS = ("starts_at", "ends_at")


def tell_meeting_overlaps(
    session: Session, holders: list[User], changed: dict, by: User
) -> list[Meeting]:
    """Tell the two people of each accepted meeting that the session (just changed, as
    `changed` from `record_change` says) now overlaps, when its diplomat is among
    `holders` (those who have the session on their agenda) and the session did not
    overlap it before. Mails both, records an audit entry per meeting, flashes the
    organizer after the commit. Returns those meetings. Raises nothing."""
    if session.status != SessionStatus.PUBLISHED or not holders:
        return []
    if not any(name in changed for name in TIME_FIELDS):
        return []
    meetings = [
        meeting
        for meeting in _overlapping(session, [user.id for user in holders])
        if not _overlapped_before(meeting, session, changed)
    ]
    for meeting in meetings:
        _tell(meeting, session)
        audit.record(
            "meeting.overlapped",
            by,
            meeting,
            title=session.text_in("title", "en"),
            session_id=session.id,
            diplomat=meeting.diplomat.full_name,
            partner=meeting.partner.full_name,
            starts_at=meeting.starts_at,
        )
    if meetings and has_request_context():
        names = [_label(meeting) for meeting in meetings]
        after_commit(lambda: _flash(names))
    return meetings


def _overlapping(session: Session, diplomat_ids: list[int]) -> list[Meeting]:
    """Accepted meetings of these diplomats that overlap the session's time (touching is
    not overlapping), with both people and the room loaded: one statement."""
    statement = (
        select(Meeting)
        .where(
            Meeting.event_id == session.event_id,
            Meeting.status == MeetingStatus.ACCEPTED,
            Meeting.diplomat_id.in_(diplomat_ids),
            Meeting.starts_at < session.ends_at,
            Meeting.ends_at > session.starts_at,
        )
        .options(
            joinedload(Meeting.window).joinedload(MeetingWindow.room),
            joinedload(Meeting.partner)
            .joinedload(User.partner_profile)
            .joinedload(PartnerProfile.organisation),
            joinedload(Meeting.diplomat).joinedload(User.profile),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list(db.session.scalars(statement).unique())


def _overlapped_before(meeting: Meeting, session: Session, changed: dict) -> bool:
    """Whether the session's time before the change already overlapped the meeting (the
    two people were told then, or chose it)."""
    start, end = session.starts_at, session.ends_at
    if "starts_at" in changed:
        start = _instant(changed["starts_at"].get("old"))
    if "ends_at" in changed:
        end = _instant(changed["ends_at"].get("old"))
    if start is None or end is None:
        return False
    return meeting.starts_at < end and start < meeting.ends_at


def _instant(value) -> datetime | None:
    if not value:
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _tell(meeting: Meeting, session: Session) -> None:
    link = has_request_context()
    for person, page in (
        (meeting.diplomat, "programme.agenda"),
        (meeting.partner, "partners.agenda"),
    ):
        other = other_party(meeting, person, person.language)
        queue_mail(
            person.email,
            "meeting_overlap",
            person.language,
            user=person,
            event=session.event,
            meeting=meeting,
            session=session,
            title=session.text_in("title", person.language),
            other=other,
            room=meeting.window.room.name if meeting.window and meeting.window.room else "",
            link=url_for(page, _external=True) if link else None,
        )


def _label(meeting: Meeting) -> str:
    return _(
        "%(diplomat)s and %(partner)s, %(when)s",
        diplomat=meeting.diplomat.full_name,
        partner=meeting.partner.full_name,
        when=date_short(meeting.starts_at, time=True),
    )


def _flash(names: list[str]) -> None:
    flash(
        ngettext(
            "The session now overlaps an accepted bilateral meeting; both people were "
            "told by e-mail: %(meetings)s.",
            "The session now overlaps %(num)d accepted bilateral meetings; both people of "
            "each were told by e-mail: %(meetings)s.",
            len(names),
            meetings="; ".join(names),
        ),
        "warning",
    )
