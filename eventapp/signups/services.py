"""Signing up for sessions with limited places, and the waitlist behind them.

Capacity is decided inside the transaction, after locking the session row (and the
diplomat's row, so one person's concurrent requests cannot combine into a clash). The
count of confirmed places is read under that lock, so no two requests can both take the
last place. Waitlist positions stay 1..n without gaps: cancelling moves everyone behind
up one place, and a freed place goes to position 1, who is told by mail.
"""

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..extensions import db
from ..mail import queue_mail
from ..models import (
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
    utcnow,
)
from ..visibility import audience_includes, visible_to

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
    try:
        _lock(user, session)
        _check_may_sign_up(session, user)
        current = _active_in_group(session, user)
        if current is not None:
            raise SwitchNeeded(current, session)
        _check_no_overlap(session, user)
        signup = _take_place(session, user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return signup


def switch(current: Session, wanted: Session, user: User) -> SignUp:
    """Leave `current` and sign up for `wanted` (same parallel group) in one transaction.

    Never both, never neither: if the new sign-up is refused, the old place is kept.
    Raises SignUpError.
    """
    try:
        _lock(user, current, wanted)
        if not current.parallel_group or current.parallel_group != wanted.parallel_group:
            raise SignUpError(_("These sessions are not alternatives to each other."))
        _check_may_sign_up(wanted, user)
        old = _active_signup(current, user)
        if old is None:
            raise SignUpError(_("You are not signed up for the session you switch from."))
        _release(old)
        _check_no_overlap(wanted, user)
        signup = _take_place(wanted, user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return signup


def cancel(session: Session, user: User) -> None:
    """Give up a place (or a waitlist position); the first on the waitlist moves up.

    Raises SignUpError if the diplomat is not signed up.
    """
    try:
        _lock(user, session)
        signup = _active_signup(session, user)
        if signup is None:
            raise SignUpError(_("You are not signed up for this session."))
        _release(signup)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


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


def _lock(user: User, *sessions: Session) -> None:
    """Lock the diplomat, then the sessions (always in id order, to avoid deadlocks)."""
    ids = sorted(session.id for session in sessions)
    if db.session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: the first write takes the database's write lock,
        # which every other writer waits for until this transaction ends.
        db.session.execute(update(User).where(User.id == user.id).values(id=User.id))
        return
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    db.session.execute(
        select(Session.id).where(Session.id.in_(ids)).order_by(Session.id).with_for_update()
    )


def _check_may_sign_up(session: Session, user: User) -> None:
    if not user.is_diplomat:
        raise SignUpError(_("Only diplomats sign up for sessions."))
    db.session.refresh(session)
    if session.status != SessionStatus.PUBLISHED or not session.signup_required:
        raise SignUpError(_("This session is not open for sign-up."))
    allowed = db.session.scalar(
        select(func.count())
        .select_from(Session)
        .where(Session.id == session.id, visible_to(user), audience_includes(user))
    )
    if not allowed:
        raise SignUpError(_("This session is not meant for you."))
    registration = db.session.scalar(
        select(Registration).where(
            Registration.event_id == session.event_id, Registration.user_id == user.id
        )
    )
    if registration is None or registration.status not in (
        RegistrationStatus.REGISTERED,
        RegistrationStatus.CONFIRMED,
    ):
        raise SignUpError(_("Register for the Contact Days first."))
    day = session.starts_at.astimezone(session.event.tz).date()
    if day not in registration.days:
        raise SignUpError(
            _(
                "You are not registered for %(day)s. Change your attendance days first.",
                day=format_datetime(session.starts_at, "EEEE d MMMM"),
            )
        )
    if _active_signup(session, user) is not None:
        raise SignUpError(_("You are already signed up for this session."))


def _active_signup(session: Session, user: User) -> SignUp | None:
    return db.session.scalar(
        select(SignUp).where(
            SignUp.session_id == session.id,
            SignUp.user_id == user.id,
            SignUp.status.in_(ACTIVE),
        )
    )


def _active_in_group(session: Session, user: User) -> Session | None:
    if not session.parallel_group:
        return None
    return db.session.scalar(
        select(Session)
        .join(SignUp, SignUp.session_id == Session.id)
        .where(
            SignUp.user_id == user.id,
            SignUp.status.in_(ACTIVE),
            Session.event_id == session.event_id,
            Session.parallel_group == session.parallel_group,
            Session.id != session.id,
            Session.status != SessionStatus.CANCELLED,
        )
    )


def _check_no_overlap(session: Session, user: User) -> None:
    clash = db.session.scalar(
        select(Session)
        .join(SignUp, SignUp.session_id == Session.id)
        .where(
            SignUp.user_id == user.id,
            SignUp.status.in_(ACTIVE),
            Session.id != session.id,
            Session.status != SessionStatus.CANCELLED,
            Session.starts_at < session.ends_at,
            Session.ends_at > session.starts_at,
        )
        .order_by(Session.starts_at)
        .limit(1)
    )
    if clash is not None:
        raise SignUpError(
            _(
                "This overlaps “%(title)s” (%(when)s), which you signed up for.",
                title=clash.text_in("title", current_user_language()),
                when=format_datetime(clash.starts_at, "EEE d MMM, HH:mm"),
            )
        )


def _take_place(session: Session, user: User) -> SignUp:
    confirmed = db.session.scalar(
        select(func.count()).where(
            SignUp.session_id == session.id, SignUp.status == SignUpStatus.CONFIRMED
        )
    )
    signup = db.session.scalar(
        select(SignUp).where(SignUp.session_id == session.id, SignUp.user_id == user.id)
    )
    if signup is None:
        signup = SignUp(session_id=session.id, user_id=user.id)
        db.session.add(signup)
    signup.updated_at = utcnow()
    if session.capacity is None or confirmed < session.capacity:
        signup.status, signup.position = SignUpStatus.CONFIRMED, None
    else:
        last = db.session.scalar(
            select(func.max(SignUp.position)).where(
                SignUp.session_id == session.id, SignUp.status == SignUpStatus.WAITLISTED
            )
        )
        signup.status, signup.position = SignUpStatus.WAITLISTED, (last or 0) + 1
    db.session.flush()
    return signup


def _release(signup: SignUp) -> None:
    """Cancel a sign-up; close the waitlist gap, or promote the first in line."""
    was_confirmed = signup.status == SignUpStatus.CONFIRMED
    old_position = signup.position
    signup.status, signup.position = SignUpStatus.CANCELLED, None
    signup.updated_at = utcnow()
    db.session.flush()
    session_id = signup.session_id
    if not was_confirmed:
        _move_up_behind(session_id, old_position)
        return
    first = db.session.scalar(
        select(SignUp).where(
            SignUp.session_id == session_id,
            SignUp.status == SignUpStatus.WAITLISTED,
            SignUp.position == 1,
        )
    )
    if first is None:
        return
    first.status, first.position = SignUpStatus.CONFIRMED, None
    first.updated_at = utcnow()
    db.session.flush()
    _move_up_behind(session_id, 1)
    session = db.session.get(Session, session_id)
    queue_mail(
        first.user.email,
        "waitlist_promoted",
        first.user.language,
        user=first.user,
        session=session,
        title=session.text_in("title", first.user.language),
    )


def _move_up_behind(session_id: int, position: int | None) -> None:
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
        .values(position=SignUp.position - 1)
        .execution_options(synchronize_session="fetch")
    )
