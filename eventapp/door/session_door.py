"""Check-in at the door of a session that needs sign-up (issue 20): who with a place came
in, shown against places taken on the session's sign-up page.

Only a diplomat with a confirmed place is let in: someone on the waitlist or without a
sign-up is "not on the list", and the organizer at the door decides what to do. The
unique key (session, person) is the guard against a double check-in from two phones;
the loser of that race gets "already in". A check-in is not programme content (the
programme's pages and feeds do not show it), so it does not take the programme lock.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..models import Session, SessionCheckIn, SignUp, SignUpStatus, User
from ..unit_of_work import unit_of_work


class SessionDoorError(Exception):
    """A session check-in refused, with the message to show."""


class NotOnTheList(SessionDoorError):
    def __init__(self, user: User, waitlisted: bool):
        if waitlisted:
            message = _(
                "%(name)s is on the waitlist, not on the list: no place to check in to.",
                name=user.full_name,
            )
        else:
            message = _("%(name)s has no place in this session.", name=user.full_name)
        super().__init__(message)


class AlreadyIn(SessionDoorError):
    def __init__(self, user: User):
        super().__init__(_("%(name)s is already checked in.", name=user.full_name))


class NotCheckedIn(SessionDoorError):
    def __init__(self, user: User):
        super().__init__(_("%(name)s was not checked in.", name=user.full_name))


@dataclass(frozen=True)
class SessionDoor:
    """Attendance against places taken, for the session's sign-up page."""

    # user id → their check-in at the session's door
    check_ins: dict[int, SessionCheckIn]
    places_taken: int
    # Of those with a place, how many came in.
    in_with_place: int

    @property
    def percent(self) -> int:
        return round(100 * self.in_with_place / self.places_taken) if self.places_taken else 0

    @classmethod
    def of(cls, session: Session, signed_up) -> "SessionDoor":
        """From the session's sign-ups (`organizer.queries.signups_of`): one statement."""
        check_ins = {
            check_in.user_id: check_in
            for check_in in db.session.scalars(
                select(SessionCheckIn).where(SessionCheckIn.session_id == session.id)
            )
        }
        with_place = {signup.user_id for signup in signed_up.confirmed}
        return cls(
            check_ins=check_ins,
            places_taken=len(with_place),
            in_with_place=len(with_place & check_ins.keys()),
        )


def check_in_to_session(session: Session, user: User, by: User) -> SessionCheckIn:
    """Record that `user` came in at the door of `session`, audited.

    Raises NotOnTheList when `user` holds no confirmed place (waitlisted or not signed
    up), AlreadyIn when they were checked in already (also when another door did it a
    moment before: the unique key decides).
    """
    status = db.session.scalar(
        select(SignUp.status).where(SignUp.session_id == session.id, SignUp.user_id == user.id)
    )
    if status != SignUpStatus.CONFIRMED:
        raise NotOnTheList(user, waitlisted=status == SignUpStatus.WAITLISTED)
    try:
        with unit_of_work():
            check_in = SessionCheckIn(session_id=session.id, user_id=user.id, by_id=by.id)
            db.session.add(check_in)
            db.session.flush()
            audit.record(
                "session.check_in",
                by,
                session,
                name=user.full_name,
                title=session.title_en,
            )
    except IntegrityError as error:
        raise AlreadyIn(user) from error
    return check_in


def undo_session_check_in(session: Session, user: User, by: User) -> None:
    """Take back a mistaken check-in of `user` at `session`; the audit log keeps both.

    Raises NotCheckedIn when there is none (undone meanwhile from another screen).
    """
    with unit_of_work():
        check_in = db.session.scalar(
            select(SessionCheckIn).where(
                SessionCheckIn.session_id == session.id, SessionCheckIn.user_id == user.id
            )
        )
        if check_in is None:
            raise NotCheckedIn(user)
        db.session.delete(check_in)
        audit.record(
            "session.check_in_undone",
            by,
            session,
            name=user.full_name,
            title=session.title_en,
        )
