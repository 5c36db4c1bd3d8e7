"""Signing up for sessions with limited places, and the waitlist behind them.

Capacity is decided inside the transaction, after locking the session row (and the
diplomat's row, so one person's concurrent requests cannot combine into a clash). The
count of confirmed places is read under that lock, so no two requests can both take the
last place. Waitlist positions stay 1..n without gaps: cancelling moves everyone behind
up one place, and a freed place goes to position 1, who is told by mail. Promotion from
the waitlist happens in one place, `promote_from_waitlist`: when a place is given up, and
when an organizer raises the session's capacity (programme/services.py `update_session`).
"""

from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from .. import audit
from ..extensions import db
from ..i18n import date_day, date_short
from ..mail import queue_mail
from ..models import (
    Event,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
    utcnow,
)
from ..unit_of_work import unit_of_work
from .statements import sessions_meant_for

ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)


class SignUpError(Exception):
    """A sign-up that cannot be done; the message says why, for people."""


class SwitchNeeded(SignUpError):
    """The diplomat already has a place in another session of the same parallel group."""

    def __init__(self, current: Session, wanted: Session):
        self.current = current
        self.wanted = wanted
        super().__init__(
            _(
                "You are already signed up for “%(current)s”, an alternative to this "
                "session. Switch to this one instead?",
                current=current.text_in("title", current_user_language()),
            )
        )


def current_user_language() -> str:
    from ..i18n import current_language

    return current_language()


def sign_up(session: Session, user: User) -> SignUp:
    """Take a place in `session`, or a place on its waitlist when it is full.

    Raises SignUpError (not open for sign-up, not for this diplomat, not registered for
    that day, already signed up, overlaps another choice) or SwitchNeeded (already in
    another session of the same parallel group; see `switch`).
    """
    with unit_of_work():
        meant_for = _lock(user, session, audience=True)
        _check_may_sign_up(session, user, meant_for[session.id])
        earlier, in_the_way = _choices_around(session, user, group=True)
        # A choice in the session's parallel group is offered as a switch, before any
        # overlap (the sessions of a group overlap each other).
        current = next((other for other in in_the_way if _same_group(other, session)), None)
        if current is not None:
            raise SwitchNeeded(current, session)
        if in_the_way:
            raise _overlap_error(in_the_way[0])
        signup = _take_place(session, user, earlier)
        taken = signup.status, signup.position
    return _keeping(signup, *taken)


def switch(current: Session, wanted: Session, user: User) -> SignUp:
    """Leave `current` and sign up for `wanted` (same parallel group) in one transaction.

    Never both, never neither: if the new sign-up is refused, the old place is kept.
    Raises SignUpError.
    """
    with unit_of_work():
        meant_for = _lock(user, current, wanted, audience=True)
        if not current.parallel_group or current.parallel_group != wanted.parallel_group:
            raise SignUpError(_("These sessions are not alternatives to each other."))
        _check_may_sign_up(wanted, user, meant_for[wanted.id])
        earlier, in_the_way = _choices_around(wanted, user, group=False)
        old = _active_signup(current, user)
        if old is None:
            raise SignUpError(_("You are not signed up for the session you switch from."))
        _release(old)
        # What overlaps the new choice once the old one is given up.
        clashes = [other for other in in_the_way if other.id != current.id]
        if clashes:
            raise _overlap_error(clashes[0])
        signup = _take_place(wanted, user, earlier)
        taken = signup.status, signup.position
    return _keeping(signup, *taken)


def cancel(session: Session, user: User) -> None:
    """Give up a place (or a waitlist position); the first on the waitlist moves up.

    Raises SignUpError if the diplomat is not signed up.
    """
    with unit_of_work():
        _lock(user, session)
        signup = _active_signup(session, user)
        if signup is None:
            raise SignUpError(_("You are not signed up for this session."))
        _release(signup)


def release_signups(user: User, event_id: int, keep_days=None) -> int:
    """Give up the diplomat's places and waitlist positions in the event (no commit).

    All of them when the registration ends (declined, cancelled, rejected); with
    `keep_days`, only those on days the diplomat no longer attends. Each freed place goes
    to the first on its waitlist, as when the diplomat cancels it. Returns how many.
    """
    signups = db.session.scalars(
        select(SignUp)
        .join(Session, Session.id == SignUp.session_id)
        .where(
            SignUp.user_id == user.id,
            SignUp.status.in_(ACTIVE),
            Session.event_id == event_id,
        )
        .order_by(Session.id)
    ).all()
    if keep_days is not None:
        kept = set(keep_days)
        signups = [
            signup
            for signup in signups
            if signup.session.starts_at.astimezone(signup.session.event.tz).date() not in kept
        ]
    if not signups:
        return 0
    _lock(user, *(signup.session for signup in signups))
    released = 0
    for signup in signups:
        db.session.refresh(signup)
        if signup.status in ACTIVE:
            _release(signup)
            released += 1
    return released


def release_places(session: Session, by: User) -> int:
    """Turn sign-up off for `session`, first giving up every place and waitlist position
    in it; returns how many. Each diplomat is mailed in their language (after the
    commit), and the audit log says how many were released.

    The organizer's explicit way to turn sign-up off while diplomats hold places (the
    session form refuses it then: `signup_off_needs_no_signups`). Sign-up closes in the
    same transaction, so nobody takes a place between the release and the change, and
    the mail saying that the session no longer needs sign-up is true when it arrives.
    Raises SignUpError for a cancelled session.
    """
    # programme/services.py imports this module (promotion when capacity rises).
    from ..programme.services import lock_programme

    with unit_of_work():
        lock_programme(session.event_id)
        lock_places(session)
        if session.status == SessionStatus.CANCELLED:
            raise SignUpError(_("A cancelled session cannot be edited."))
        released = db.session.scalars(
            select(SignUp)
            .where(SignUp.session_id == session.id, SignUp.status.in_(ACTIVE))
            .options(selectinload(SignUp.user))
            .order_by(SignUp.id)
        ).all()
        now = utcnow()
        for signup in released:
            waitlisted = signup.status == SignUpStatus.WAITLISTED
            signup.status, signup.position = SignUpStatus.CANCELLED, None
            signup.updated_at = now
            _tell(signup, "places_released", waitlisted=waitlisted)
        session.signup_required = False
        audit.record(
            "session.release_places",
            by,
            session,
            title=session.text_in("title", "en"),
            released=len(released),
        )
    return len(released)


def lock_places(session: Session) -> None:
    """Lock the session's row until the transaction ends, as every sign-up does before
    counting places (`_lock`): the places counted after this stay the places taken.

    For organizer actions, which hold the programme lock already (taken first: a
    sign-up never takes it, so the two orders cannot deadlock). SQLite has no row
    locks; the programme lock's write already holds off every other writer there.
    """
    db.session.execute(
        select(Session.id).where(Session.id == session.id).with_for_update(of=Session)
    )


class PlacesTaken(NamedTuple):
    confirmed: int  # places
    waiting: int  # waitlist positions


def places_taken(session_id: int) -> PlacesTaken:
    """The places and waitlist positions held in the session, as committed; read under
    `lock_places` for an answer that holds until the commit."""
    return PlacesTaken(*db.session.execute(ACTIVE_COUNTS, {"session_id": session_id}).one())


# The statements every sign-up runs are built once, with parameters: building them (and
# their cache keys) on each request cost more than running them.

# The diplomat's row: locked (PostgreSQL), or written, which takes SQLite's write lock.
LOCK_USER = select(User.id).where(User.id == bindparam("user_id")).with_for_update()
TAKE_WRITE_LOCK = (
    update(User.__table__)
    .where(User.__table__.c.id == bindparam("user_id"))
    .values(id=User.__table__.c.id)
)


def _lock(user: User, *sessions: Session, audience: bool = False) -> dict[int, bool]:
    """Lock the diplomat, then the sessions (always in id order, to avoid deadlocks).

    The sessions' columns (status, capacity, times, parallel group...) are read again
    under the lock, in the same statement, so every rule checks what is committed now,
    not what was read before the lock. With `audience`, also whether each is meant for
    the diplomat (visible to them, and its audience takes them in): returned by id.
    """
    ids = sorted(session.id for session in sessions)
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    # SQLite has no row locks: the first write takes the database's write lock, which
    # every other writer waits for until this transaction ends.
    db.session.execute(TAKE_WRITE_LOCK if sqlite else LOCK_USER, {"user_id": user.id})
    statement, parameters = sessions_meant_for(ids, user if audience else None, lock=not sqlite)
    return {session.id: bool(meant) for session, meant in db.session.execute(statement, parameters)}


# The registration's status, its days and the event's time zone: one row per day.
REGISTRATION_DAYS = (
    select(Registration.status, RegistrationDay.day, Event.timezone)
    .join(Event, Event.id == Registration.event_id)
    .outerjoin(RegistrationDay, RegistrationDay.registration_id == Registration.id)
    .where(
        Registration.event_id == bindparam("event_id"),
        Registration.user_id == bindparam("user_id"),
    )
)


def _check_may_sign_up(session: Session, user: User, meant_for: bool) -> None:
    """Raise SignUpError unless the diplomat may take a place in `session`, locked and
    read again by `_lock` (`meant_for`: what it said)."""
    if not user.is_diplomat:
        raise SignUpError(_("Only diplomats sign up for sessions."))
    if session.status != SessionStatus.PUBLISHED or not session.signup_required:
        raise SignUpError(_("This session is not open for sign-up."))
    if not meant_for:
        raise SignUpError(_("This session is not meant for you."))
    registration = db.session.execute(
        REGISTRATION_DAYS, {"event_id": session.event_id, "user_id": user.id}
    ).all()
    if not registration or registration[0].status not in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.CONFIRMED,
    ):
        raise SignUpError(_("Register for the Contact Days first."))
    day = session.starts_at.astimezone(ZoneInfo(registration[0].timezone)).date()
    if day not in {row.day for row in registration}:
        raise SignUpError(
            _(
                "You are not registered for %(day)s. Change your attendance days first.",
                day=date_day(session.starts_at),
            )
        )


def _active_signup(session: Session, user: User) -> SignUp | None:
    return db.session.scalar(
        select(SignUp).where(
            SignUp.session_id == session.id,
            SignUp.user_id == user.id,
            SignUp.status.in_(ACTIVE),
        )
    )


def _same_group(other: Session, session: Session) -> bool:
    return bool(session.parallel_group) and (
        other.event_id == session.event_id and other.parallel_group == session.parallel_group
    )


def _choices_around_statement(group: bool):
    in_the_way = and_(
        Session.starts_at < bindparam("ends_at"), Session.ends_at > bindparam("starts_at")
    )
    if group:
        in_the_way = or_(
            in_the_way,
            and_(
                Session.event_id == bindparam("event_id"),
                Session.parallel_group == bindparam("parallel_group"),
            ),
        )
    return (
        select(SignUp, Session)
        .join(Session, Session.id == SignUp.session_id)
        .where(
            SignUp.user_id == bindparam("user_id"),
            or_(
                SignUp.session_id == bindparam("session_id"),
                and_(
                    SignUp.status.in_(ACTIVE),
                    Session.id != bindparam("session_id"),
                    Session.status != SessionStatus.CANCELLED,
                    in_the_way,
                ),
            ),
        )
        .order_by(Session.starts_at, Session.id)
    )


# {with the parallel group: statement}
CHOICES_AROUND = {group: _choices_around_statement(group) for group in (False, True)}


def _choices_around(
    session: Session, user: User, *, group: bool
) -> tuple[SignUp | None, list[Session]]:
    """In one query: the diplomat's earlier, cancelled sign-up for `session`, to reuse
    (SignUpError if they hold a place or a waitlist position in it already); and their
    places and waitlist positions, in sessions not cancelled, that overlap it, and with
    `group` those in its parallel group, earliest first."""
    group = group and bool(session.parallel_group)
    parameters = {
        "user_id": user.id,
        "session_id": session.id,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
    }
    if group:
        parameters |= {"event_id": session.event_id, "parallel_group": session.parallel_group}
    rows = db.session.execute(CHOICES_AROUND[group], parameters).all()
    earlier = next((signup for signup, other in rows if other.id == session.id), None)
    if earlier is not None and earlier.status in ACTIVE:
        raise SignUpError(_("You are already signed up for this session."))
    return earlier, [other for _signup, other in rows if other.id != session.id]


def _overlap_error(clash: Session) -> SignUpError:
    return SignUpError(
        _(
            "This overlaps “%(title)s” (%(when)s), which you signed up for.",
            title=clash.text_in("title", current_user_language()),
            when=date_short(clash.starts_at, time=True),
        )
    )


# Places taken in a session, and the last waitlist position.
PLACES_TAKEN = select(
    func.count(SignUp.id).filter(SignUp.status == SignUpStatus.CONFIRMED),
    func.max(SignUp.position).filter(SignUp.status == SignUpStatus.WAITLISTED),
).where(SignUp.session_id == bindparam("session_id"))

# Places taken and waitlist positions held in a session.
ACTIVE_COUNTS = select(
    func.count(SignUp.id).filter(SignUp.status == SignUpStatus.CONFIRMED),
    func.count(SignUp.id).filter(SignUp.status == SignUpStatus.WAITLISTED),
).where(SignUp.session_id == bindparam("session_id"))


def _take_place(session: Session, user: User, signup: SignUp | None) -> SignUp:
    """A place if one is left, else the end of the waitlist; `signup` is the diplomat's
    earlier, cancelled sign-up for the session (reused), or None."""
    # Read under the session's lock: no other sign-up can take a place in between.
    confirmed, last = db.session.execute(PLACES_TAKEN, {"session_id": session.id}).one()
    if signup is None:
        signup = SignUp(session_id=session.id, user_id=user.id)
        db.session.add(signup)
    signup.updated_at = utcnow()
    if session.capacity is None or confirmed < session.capacity:
        signup.status, signup.position = SignUpStatus.CONFIRMED, None
    else:
        signup.status, signup.position = SignUpStatus.WAITLISTED, (last or 0) + 1
    db.session.flush()
    return signup


def _keeping(signup: SignUp, status: SignUpStatus, position: int | None) -> SignUp:
    """The sign-up with the status and position it was given readable without a query:
    the commit expired every loaded object, and the caller reports these two."""
    set_committed_value(signup, "status", status)
    set_committed_value(signup, "position", position)
    return signup


def _release(signup: SignUp) -> None:
    """Cancel a sign-up; close the waitlist gap, or give the freed place to the first in
    line (the caller holds the session's lock)."""
    was_confirmed = signup.status == SignUpStatus.CONFIRMED
    old_position = signup.position
    signup.status, signup.position = SignUpStatus.CANCELLED, None
    signup.updated_at = utcnow()
    db.session.flush()
    if was_confirmed:
        promote_from_waitlist(db.session.get(Session, signup.session_id))
    else:
        _move_up_behind(signup.session_id, old_position)


def promote_from_waitlist(session: Session) -> list[SignUp]:
    """Give the session's free places to the first on its waitlist, in order, and close
    the waitlist up to 1..n; each diplomat promoted is mailed in their language once the
    transaction commits. Returns those promoted (none when no place is free).

    The one place where the waitlist moves into places: when a place is given up, and
    when an organizer raises the capacity. Runs in the caller's unit of work, with the
    session's row locked (`_lock`, `lock_places`) and its capacity as it now stands, so
    the places counted are the places taken. Raises nothing.
    """
    confirmed, last = db.session.execute(PLACES_TAKEN, {"session_id": session.id}).one()
    if last is None:
        return []  # nobody waiting
    free = None if session.capacity is None else session.capacity - confirmed
    if free is not None and free <= 0:
        return []
    waiting = (
        select(SignUp)
        .where(SignUp.session_id == session.id, SignUp.status == SignUpStatus.WAITLISTED)
        .options(selectinload(SignUp.user))
        .order_by(SignUp.position)
    )
    promoted = db.session.scalars(waiting.limit(free) if free is not None else waiting).all()
    if not promoted:
        return []
    behind = promoted[-1].position
    now = utcnow()
    for signup in promoted:
        signup.status, signup.position = SignUpStatus.CONFIRMED, None
        signup.updated_at = now
    db.session.flush()
    _move_up_behind(session.id, behind, by=len(promoted))
    for signup in promoted:
        _tell(signup, "waitlist_promoted")
    return list(promoted)


def _tell(signup: SignUp, template: str, **context) -> None:
    """Mail the diplomat of `signup` about its session, in their language."""
    user, session = signup.user, signup.session
    queue_mail(
        user.email,
        template,
        user.language,
        user=user,
        session=session,
        title=session.text_in("title", user.language),
        **context,
    )


def _move_up_behind(session_id: int, position: int | None, by: int = 1) -> None:
    """Move everyone waiting behind `position` up `by` places (those in front left)."""
    if position is None:
        return
    # One statement, lowest position first, so positions stay unique at every step.
    db.session.execute(
        update(SignUp)
        .where(
            SignUp.session_id == session_id,
            SignUp.status == SignUpStatus.WAITLISTED,
            SignUp.position > position,
        )
        .values(position=SignUp.position - by)
        .execution_options(synchronize_session="fetch")
    )
