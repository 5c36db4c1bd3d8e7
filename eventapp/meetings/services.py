"""Bilateral meetings' use cases: a partner's request, the head of post's answer, either
party's cancellation, and organizers booking, placing and moving on someone's behalf.

Each function is one unit of work (eventapp/unit_of_work.py): it checks its rules,
writes, records the audit log and mails the OTHER party in their language, or raises
and leaves nothing behind. Refusals are `MeetingRefused` (a rule: not opted in, window
not open, over a limit, a duplicate request...); a slot taken by someone else meanwhile
is `MeetingConflict`, whose message names the conflict ("Table 3 at 14:25 was just
taken"). Both are `MeetingError`, with a message written for people.

No double booking: `accept`, `place`, `book` (and `accept_proposal`) lock the window's
row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the first write takes the database's
write lock, one writer at a time), then both people's rows, then read their accepted
meetings again and check the slot under the lock; the partial unique indexes
uq_meetings_table_slot, uq_meetings_partner_slot and uq_meetings_diplomat_slot are the
last guard: their IntegrityError becomes the same `MeetingConflict`.

`accept_proposal`: when the partner accepts the window the head of post proposed, the
meeting is accepted at once in the earliest slot of that window where both are free and
a table is free (the head of post chose the window, so any slot of it suits them); when
none is left, the partner is told so and the proposal stays open.
"""

from datetime import datetime

from flask import has_request_context, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..i18n import date_day
from ..mail import queue_mail
from ..models import (
    Event,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    Registration,
    User,
    WindowStatus,
)
from ..programme.agenda import ATTENDING
from ..unit_of_work import unit_of_work
from .slots import busy_for, person_conflict

# Waiting for an answer or for a slot: what counts against a partner's open requests.
WAITING = (MeetingStatus.REQUESTED, MeetingStatus.PROPOSED)


class MeetingError(Exception):
    """A meeting step that cannot be done; the message says why, for people."""


class MeetingRefused(MeetingError):
    """A rule refuses the step (not opted in, window not open, over a limit...)."""


class MeetingConflict(MeetingError):
    """The slot was taken meanwhile: a table, or one of the two people, is no longer
    free then. The message names the conflict."""


# -- requests ------------------------------------------------------------------------


def request_meeting(
    partner: User,
    diplomat: User,
    *,
    subject: str,
    note: str = "",
    windows: list[MeetingWindow],
    by: User | None = None,
) -> Meeting:
    """A partner asks a head of post for a meeting in one or more open windows.

    Raises MeetingRefused: the head of post does not accept requests (no attending
    registration with `accepts_meetings`), a window is not open or does not fall on a
    day they attend, no window, the partner already has
    `Event.meeting_requests_per_partner` open requests (requested, proposed, accepted
    without a slot), or an open request to the same person already exists (the index
    uq_meetings_open_pair decides under concurrency). Mails the head of post.
    """
    by = by or partner
    subject = (subject or "").strip()
    if not partner.is_partner or partner.partner_profile is None:
        raise MeetingRefused(_("Only partner representatives request meetings."))
    event = db.session.get(Event, partner.partner_profile.event_id)
    registration = _accepting_registration(diplomat, event)
    if registration is None:
        raise MeetingRefused(
            _("%(name)s does not accept meeting requests.", name=diplomat.full_name)
        )
    if not subject:
        raise MeetingRefused(_("Say what you would like to talk about."))
    if not windows:
        raise MeetingRefused(_("Choose at least one meeting window."))
    days = set(registration.days)
    for window in windows:
        if window.event_id != event.id or window.status != WindowStatus.OPEN:
            raise MeetingRefused(_("This meeting window is not open for requests."))
        if window.starts_at.astimezone(event.tz).date() not in days:
            raise MeetingRefused(
                _(
                    "%(name)s does not attend on %(day)s.",
                    name=diplomat.full_name,
                    day=date_day(window.starts_at),
                )
            )
    with unit_of_work():
        # The partner's row: one of their requests at a time (their count holds).
        _lock_rows(User, [partner.id])
        if _open_pair(partner, diplomat) is not None:
            raise _duplicate(diplomat)
        if open_requests(partner, event) >= event.meeting_requests_per_partner:
            raise MeetingRefused(
                _(
                    "You already have %(count)d open requests, the most allowed. "
                    "Withdraw one or wait for an answer first.",
                    count=event.meeting_requests_per_partner,
                )
            )
        meeting = Meeting(
            event_id=event.id,
            partner_id=partner.id,
            diplomat_id=diplomat.id,
            status=MeetingStatus.REQUESTED,
            subject=subject,
            note=(note or "").strip(),
            requested_windows=sorted(windows, key=lambda window: window.starts_at),
        )
        db.session.add(meeting)
        duplicate = _duplicate(diplomat)  # written now: after a failed flush, no reading
        try:
            db.session.flush()
        except IntegrityError as error:
            raise duplicate from error
        _record("meeting.request", by, meeting)
        _mail(diplomat, "meeting_requested", meeting)
    return meeting


def open_requests(partner: User, event: Event) -> int:
    """The partner's requests waiting for an answer or for a slot."""
    return db.session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.event_id == event.id,
            Meeting.partner_id == partner.id,
            (Meeting.status.in_(WAITING))
            | ((Meeting.status == MeetingStatus.ACCEPTED) & Meeting.starts_at.is_(None)),
        )
    )


def _accepting_registration(diplomat: User, event: Event) -> Registration | None:
    if diplomat is None or not diplomat.is_diplomat or not diplomat.active:
        return None
    return db.session.scalar(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.user_id == diplomat.id,
            Registration.status.in_(ATTENDING),
            Registration.accepts_meetings.is_(True),
        )
        .options(selectinload(Registration.day_rows))
    )


def _open_pair(partner: User, diplomat: User) -> Meeting | None:
    return db.session.scalar(
        select(Meeting).where(
            Meeting.partner_id == partner.id,
            Meeting.diplomat_id == diplomat.id,
            Meeting.status.in_(
                [MeetingStatus.REQUESTED, MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED]
            ),
        )
    )


def _duplicate(diplomat: User) -> MeetingRefused:
    return MeetingRefused(
        _(
            "There is already an open request or meeting with %(name)s.",
            name=diplomat.full_name,
        )
    )


# -- answers -------------------------------------------------------------------------


def accept(
    meeting: Meeting,
    *,
    window: MeetingWindow | None = None,
    starts_at: datetime | None = None,
    by: User,
    table: int | None = None,
) -> Meeting:
    """The head of post (or an organizer) accepts a request in a slot of one of its
    windows (the lowest free table unless `table`). Without a window, the meeting is
    accepted without a slot, for organizers to place (`place`).

    Raises MeetingRefused (not waiting for an answer, not a window or slot of the
    request) or MeetingConflict (the slot, a table or one of the people was taken
    meanwhile). Mails the partner.
    """
    with unit_of_work():
        if window is not None:
            window = _lock_slot(meeting, window)
        _reload(meeting)
        if meeting.status != MeetingStatus.REQUESTED:
            raise _not_waiting()
        if window is not None:
            if window.id not in {requested.id for requested in meeting.requested_windows}:
                raise MeetingRefused(_("Choose one of the times offered."))
            _take_slot(meeting, window, starts_at, table, by)
        meeting.status = MeetingStatus.ACCEPTED
        meeting.proposed_window_id = None
        _flush_slot(meeting, by)
        _record("meeting.accept", by, meeting, **_slot_details(meeting))
        _mail(meeting.partner, "meeting_accepted", meeting)
    return meeting


def decline(meeting: Meeting, *, by: User, message: str = "") -> Meeting:
    """The head of post declines a request (or a proposal pending), with an optional
    message. Raises MeetingRefused when no longer open. Mails the partner."""
    with unit_of_work():
        _reload(meeting)
        if meeting.status not in WAITING:
            raise _not_waiting()
        meeting.status = MeetingStatus.DECLINED
        meeting.answer_message = (message or "").strip()
        _record("meeting.decline", by, meeting)
        _mail(meeting.partner, "meeting_declined", meeting)
    return meeting


def propose(meeting: Meeting, *, window: MeetingWindow, by: User) -> Meeting:
    """The head of post proposes another open window; the partner then accepts or
    withdraws. Raises MeetingRefused (not waiting for an answer, window not open or not
    a day they attend). Mails the partner."""
    with unit_of_work():
        _reload(meeting)
        if meeting.status != MeetingStatus.REQUESTED:
            raise _not_waiting()
        event = db.session.get(Event, meeting.event_id)
        if window.event_id != meeting.event_id or window.status != WindowStatus.OPEN:
            raise MeetingRefused(_("This meeting window is not open for requests."))
        registration = _accepting_registration(meeting.diplomat, event)
        day = window.starts_at.astimezone(event.tz).date()
        if registration is not None and day not in registration.days:
            raise MeetingRefused(
                _(
                    "%(name)s does not attend on %(day)s.",
                    name=meeting.diplomat.full_name,
                    day=date_day(window.starts_at),
                )
            )
        meeting.status = MeetingStatus.PROPOSED
        meeting.proposed_window_id = window.id
        meeting.proposed_window = window
        _record("meeting.propose", by, meeting, window_id=window.id)
        _mail(meeting.partner, "meeting_proposed", meeting)
    return meeting


def accept_proposal(meeting: Meeting, *, by: User) -> Meeting:
    """The partner accepts the proposed window: accepted at once in its earliest
    offered slot, at the lowest free table. Raises MeetingRefused (nothing proposed) or
    MeetingConflict (no slot left in that window: the proposal stays open). Mails the
    head of post."""
    from .slots import offered_slots

    with unit_of_work():
        window = meeting.proposed_window
        if meeting.status != MeetingStatus.PROPOSED or window is None:
            raise _not_waiting()
        window = _lock_slot(meeting, window)
        _reload(meeting)
        if meeting.status != MeetingStatus.PROPOSED or meeting.proposed_window_id != window.id:
            raise _not_waiting()
        slots = offered_slots(meeting, [window])
        if not slots:
            raise MeetingConflict(_("No time is free for both of you in that window any more."))
        slot = slots[0]
        meeting.window_id, meeting.window = window.id, window
        meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
        meeting.table_number = slot.tables[0]
        meeting.status = MeetingStatus.ACCEPTED
        _flush_slot(meeting, by)
        _record("meeting.accept_proposal", by, meeting, **_slot_details(meeting))
        _mail(meeting.diplomat, "meeting_accepted", meeting)
    return meeting


def withdraw(meeting: Meeting, *, by: User) -> Meeting:
    """The partner withdraws a request or a proposal pending. Raises MeetingRefused
    when not open. Mails the head of post."""
    with unit_of_work():
        _reload(meeting)
        if meeting.status not in WAITING:
            raise _not_waiting()
        meeting.status = MeetingStatus.WITHDRAWN
        _record("meeting.withdraw", by, meeting)
        _mail(meeting.diplomat, "meeting_withdrawn", meeting)
    return meeting


def cancel(meeting: Meeting, *, by: User, reason: str) -> Meeting:
    """Either party or an organizer cancels an accepted meeting: kept with status
    cancelled, its slot fields kept (calendars show it cancelled), `sequence` raised.
    Raises MeetingRefused when not accepted or without a reason. Mails the other party
    (both when an organizer cancels)."""
    reason = (reason or "").strip()
    if not reason:
        raise MeetingRefused(_("Give a reason for the cancellation."))
    with unit_of_work():
        _reload(meeting)
        if meeting.status != MeetingStatus.ACCEPTED:
            raise MeetingRefused(_("This meeting is not accepted, so there is nothing to cancel."))
        meeting.status = MeetingStatus.CANCELLED
        meeting.answer_message = reason
        meeting.cancelled_by_id = by.id
        meeting.sequence += 1
        _record("meeting.cancel", by, meeting, reason=reason, **_slot_details(meeting))
        for person in _others(meeting, by):
            _mail(person, "meeting_cancelled", meeting, cancelled_by=by)
    return meeting


# -- organizers ----------------------------------------------------------------------


def place(
    meeting: Meeting,
    *,
    window: MeetingWindow,
    starts_at: datetime,
    table: int | None = None,
    by: User,
) -> Meeting:
    """An organizer gives an accepted-without-slot meeting a slot, or moves an accepted
    one (raises `sequence`). Any window of the edition will do, open or closed. Raises
    MeetingRefused (not accepted, not a slot of the window) or MeetingConflict.
    Audited; mails both people."""
    with unit_of_work():
        window = _lock_slot(meeting, window)
        _reload(meeting)
        if meeting.status != MeetingStatus.ACCEPTED:
            raise MeetingRefused(_("Only accepted meetings can be placed or moved."))
        had_slot = meeting.starts_at is not None
        before = _slot_details(meeting)
        _take_slot(meeting, window, starts_at, table, by)
        if had_slot:
            meeting.sequence += 1
        _flush_slot(meeting, by)
        _record("meeting.place", by, meeting, before=before, after=_slot_details(meeting))
        for person in (meeting.diplomat, meeting.partner):
            _mail(person, "meeting_moved" if had_slot else "meeting_accepted", meeting)
    return meeting


def book(
    partner: User,
    diplomat: User,
    *,
    subject: str,
    window: MeetingWindow,
    starts_at: datetime,
    by: User,
    table: int | None = None,
) -> Meeting:
    """An organizer books a meeting on both people's behalf, accepted in that slot
    (whether or not the head of post opted in: organizers arrange what was agreed
    elsewhere). Raises MeetingRefused (not a partner and a head of post of the
    edition, no subject, a duplicate open pair) or MeetingConflict. Audited; mails both
    people."""
    subject = (subject or "").strip()
    if not subject:
        raise MeetingRefused(_("Say what the meeting is about."))
    if not partner.is_partner or partner.partner_profile is None or not diplomat.is_diplomat:
        raise MeetingRefused(_("A meeting is between a partner representative and a head of post."))
    if window.event_id != partner.partner_profile.event_id:
        raise MeetingRefused(_("This meeting window is not open for requests."))
    with unit_of_work():
        meeting = Meeting(
            event_id=window.event_id,
            partner_id=partner.id,
            diplomat_id=diplomat.id,
            status=MeetingStatus.ACCEPTED,
            subject=subject,
            note="",
            partner=partner,
            diplomat=diplomat,
            requested_windows=[window],
        )
        window = _lock_slot(meeting, window)
        if _open_pair(partner, diplomat) is not None:
            raise _duplicate(diplomat)
        _take_slot(meeting, window, starts_at, table, by)
        db.session.add(meeting)
        _flush_slot(meeting, by, duplicate_of=diplomat)
        _record("meeting.book", by, meeting, **_slot_details(meeting))
        for person in (diplomat, partner):
            _mail(person, "meeting_accepted", meeting)
    return meeting


# -- the slot, under locks -----------------------------------------------------------


def _lock_slot(meeting: Meeting, window: MeetingWindow) -> MeetingWindow:
    """Lock the window's row, then both people's rows (in id order), then their accepted
    meetings; return the window as committed now. SQLite has no row locks: writing the
    window's row takes the database's write lock, which every other writer waits for."""
    if db.session.get_bind().dialect.name == "sqlite":
        table = MeetingWindow.__table__
        db.session.execute(update(table).where(table.c.id == window.id).values(id=table.c.id))
    else:
        _lock_rows(MeetingWindow, [window.id])
        _lock_rows(User, sorted({meeting.partner_id, meeting.diplomat_id}))
        db.session.execute(
            select(Meeting.id)
            .where(
                Meeting.status == MeetingStatus.ACCEPTED,
                (Meeting.partner_id == meeting.partner_id)
                | (Meeting.diplomat_id == meeting.diplomat_id),
            )
            .order_by(Meeting.id)
            .with_for_update()
        )
    locked = db.session.scalar(
        select(MeetingWindow)
        .where(MeetingWindow.id == window.id)
        .execution_options(populate_existing=True)
    )
    if locked is None:
        raise MeetingRefused(_("This meeting window no longer exists."))
    return locked


def _lock_rows(model, ids: list[int]) -> None:
    if db.session.get_bind().dialect.name == "sqlite":
        table = model.__table__
        db.session.execute(update(table).where(table.c.id.in_(ids)).values(id=table.c.id))
        return
    db.session.execute(
        select(model.id).where(model.id.in_(ids)).order_by(model.id).with_for_update()
    )


def _reload(meeting: Meeting) -> None:
    """Lock the meeting's row and read it again: its status as committed now (two
    answers to one request, or an answer and a withdrawal, take turns)."""
    if meeting.id is None:
        return
    statement = select(Meeting).where(Meeting.id == meeting.id)
    if _postgres():
        statement = statement.with_for_update(of=Meeting)
    else:
        _lock_rows(Meeting, [meeting.id])
    db.session.scalar(statement.execution_options(populate_existing=True))


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _take_slot(meeting, window, starts_at, table, by) -> None:
    """Check the slot under the locks and give it to the meeting (lowest free table
    unless `table`), or raise the conflict that stands in the way."""
    event = db.session.get(Event, meeting.event_id)
    if window.event_id != meeting.event_id:
        raise MeetingRefused(_("Choose one of the times offered."))
    ends_at = dict(window.slots()).get(starts_at)
    if ends_at is None:
        raise MeetingRefused(_("Choose one of the times offered."))
    if table is not None and not 1 <= table <= window.tables:
        raise MeetingRefused(_("This window has tables 1 to %(count)d.", count=window.tables))
    busy = busy_for(meeting, [window], event)
    reason = person_conflict(busy, event, starts_at, ends_at)
    if reason is not None:
        raise MeetingConflict(_conflict_message(reason, meeting, busy, starts_at, ends_at, by))
    taken = busy.tables_taken[(window.id, starts_at)]
    if table is None:
        free = [number for number in range(1, window.tables + 1) if number not in taken]
        if not free:
            raise MeetingConflict(
                _("No table is free at %(time)s any more.", time=_time(starts_at))
            )
        table = free[0]
    elif table in taken:
        raise _table_taken(table, starts_at)
    meeting.window_id, meeting.window = window.id, window
    meeting.starts_at, meeting.ends_at, meeting.table_number = starts_at, ends_at, table


def _flush_slot(meeting: Meeting, by: User, duplicate_of: User | None = None) -> None:
    """Write now, so that the partial unique indexes judge the slot: a violation
    becomes the MeetingConflict naming it (the unit of work rolls everything back).
    The messages are written before the flush: after a failed one, nothing more can be
    read in this transaction."""
    messages = {"pair": str(_duplicate(duplicate_of)) if duplicate_of is not None else None}
    if meeting.starts_at is not None:
        time = _time(meeting.starts_at)
        messages["table"] = str(_table_taken(meeting.table_number, meeting.starts_at))
        messages["partner"] = _busy_message(meeting.partner, by, time)
        messages["diplomat"] = _busy_message(meeting.diplomat, by, time)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise _violation(str(error.orig), messages) from error


def _violation(text: str, messages: dict) -> MeetingError:
    """The error for a unique index's refusal. PostgreSQL names the index
    (uq_meetings_table_slot...); SQLite lists its columns."""
    if "open_pair" in text or ("partner_id" in text and "diplomat_id" in text):
        return MeetingRefused(messages["pair"] or _("That time was just taken. Choose another."))
    for name in ("table", "partner", "diplomat"):
        if name in text and messages.get(name):
            return MeetingConflict(messages[name])
    return MeetingConflict(_("That time was just taken. Choose another."))


def _conflict_message(reason, meeting, busy, starts_at, ends_at, by) -> str:
    time = _time(starts_at)
    diplomat, partner = meeting.diplomat, meeting.partner
    if reason == "diplomat_absent":
        return _(
            "%(name)s does not attend on %(day)s.",
            name=diplomat.full_name,
            day=date_day(starts_at),
        )
    if reason == "diplomat_busy":
        for start, end, session in busy.sessions:
            if start < ends_at and starts_at < end:
                title = session.text_in("title", _language())
                if by.id == diplomat.id:
                    return _(
                        "You have “%(title)s” on your agenda at %(time)s.",
                        title=title,
                        time=time,
                    )
                return _(
                    "%(name)s has “%(title)s” on their agenda at %(time)s.",
                    name=_named(diplomat),
                    title=title,
                    time=time,
                )
        return _busy_message(diplomat, by, time)
    if reason == "partner_busy":
        return _busy_message(partner, by, time)
    person = diplomat if reason == "diplomat_day_full" else partner
    if by.id == person.id:
        return _("You already have the most meetings allowed on %(day)s.", day=date_day(starts_at))
    return _(
        "%(name)s already has the most meetings allowed on %(day)s.",
        name=_named(person),
        day=date_day(starts_at),
    )


def _busy_message(person: User, by: User, time: str) -> str:
    if by.id == person.id:
        return _("You already have a meeting at %(time)s.", time=time)
    return _("%(name)s already has a meeting at %(time)s.", name=_named(person), time=time)


def _table_taken(table: int, starts_at: datetime) -> MeetingConflict:
    return MeetingConflict(
        _("Table %(table)d at %(time)s was just taken.", table=table, time=_time(starts_at))
    )


def _not_waiting() -> MeetingRefused:
    return MeetingRefused(_("This request is no longer waiting for an answer."))


# -- people, words, mail, audit ------------------------------------------------------


def _named(person: User) -> str:
    """'Ambassador Ana Silva' for a head of post, the name for anyone else."""
    profile = getattr(person, "profile", None) if person.is_diplomat else None
    if profile is not None:
        return f"{profile.function.label} {person.full_name}"
    return person.full_name


def _time(value: datetime) -> str:
    from flask_babel import format_time

    from ..i18n import TIME_FORMAT

    return format_time(value, TIME_FORMAT)


def _language() -> str:
    from ..i18n import current_language

    return current_language()


def _others(meeting: Meeting, by: User) -> list[User]:
    """Who is told of a step: the other party, or both when an organizer acts."""
    return [person for person in (meeting.diplomat, meeting.partner) if person.id != by.id]


def _slot_details(meeting: Meeting) -> dict:
    return {
        "window_id": meeting.window_id,
        "starts_at": meeting.starts_at,
        "table": meeting.table_number,
    }


def _record(action: str, by: User, meeting: Meeting, **details) -> None:
    audit.record(
        action,
        by,
        meeting,
        partner=meeting.partner_id,
        diplomat=meeting.diplomat_id,
        status=meeting.status,
        **details,
    )


def _mail(person: User, template: str, meeting: Meeting, **context) -> None:
    """Mail one person about the meeting, in their language, with a link to its page."""
    queue_mail(
        person.email,
        template,
        person.language or "en",
        user=person,
        event=db.session.get(Event, meeting.event_id),
        meeting=meeting,
        diplomat=meeting.diplomat,
        partner=meeting.partner,
        link=_link(person, meeting),
        **context,
    )


def _link(person: User, meeting: Meeting) -> str | None:
    if not has_request_context():
        return None
    if person.is_diplomat:
        return url_for("meetings.show", meeting_id=meeting.id, _external=True)
    if person.is_partner:
        return url_for("partners.index", _external=True)
    return None
