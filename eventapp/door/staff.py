"""Door-staff accounts: created by organizers (or `eventapp create-door-staff`), without
a password; the person chooses one through a one-time link (the password-reset
machinery, eventapp/auth/services.py). An organizer deactivates an account at the end
of the week and may reactivate it; nothing is ever deleted, so the audit log and the
check-ins keep naming who did what.

An address already used by any account is refused; when two saves of the same address
race, the unique key on `users.email` decides and the loser gets the same refusal.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..auth.services import password_link, password_link_minutes
from ..extensions import db
from ..mail import queue_mail
from ..models import Role, User, normalise_email
from ..unit_of_work import unit_of_work, use_case


class DoorStaffError(Exception):
    """A door-staff action that cannot be done; the message says why, for people."""


class AddressTaken(DoorStaffError):
    def __init__(self, email: str):
        self.email = email
        super().__init__(
            _(
                "%(email)s already has an account here (door staff, an organizer or a "
                "diplomat). Use another address.",
                email=email,
            )
        )


@dataclass(frozen=True)
class NewDoorStaff:
    """Who to create, as the organizer's form or the command line gives it."""

    first_name: str
    last_name: str
    email: str
    language: str


def create_door_staff(person: NewDoorStaff, by: User | None, link_for, *, mail: bool = True):
    """Create a door-staff account without a password and return (user, link): `link` is
    the one-time link to choose a password, built by `link_for(token)`. With `mail`, the
    link is mailed to the person in their language once the account is committed (the
    command line prints it instead). Audited as `account.create_door_staff`.

    Raises AddressTaken when any account already has the address.
    """
    email = normalise_email(person.email)
    user = User(
        email=email,
        role=Role.DOOR_STAFF,
        first_name=person.first_name.strip(),
        last_name=person.last_name.strip(),
        language=person.language,
    )
    try:
        with unit_of_work():
            if address_in_use(email):
                raise AddressTaken(email)  # a courtesy: the unique key is the guard
            db.session.add(user)
            db.session.flush()
            link = password_link(user, link_for)
            if mail:
                queue_mail(
                    user.email,
                    "door_staff_welcome",
                    user.language,
                    user=user,
                    link=link,
                    minutes=password_link_minutes(),
                )
            audit.record(
                "account.create_door_staff", by, user, email=user.email, name=user.full_name
            )
    except IntegrityError as error:
        raise AddressTaken(email) from error
    return user, link


def address_in_use(email: str) -> bool:
    """Whether any account (door staff, organizer, diplomat) has this address."""
    return (
        db.session.scalar(select(User.id).where(User.email == normalise_email(email))) is not None
    )


@use_case
def deactivate_door_staff(user: User, by: User) -> None:
    """Close a door-staff account: it can no longer log in, and a session already open
    loses the check-in pages at once (`User.may_check_in`). Audited as
    `account.deactivate`. Raises DoorStaffError if it is already deactivated."""
    if not user.active:
        raise DoorStaffError(_("%(name)s is already deactivated.", name=user.full_name))
    user.active = False
    audit.record("account.deactivate", by, user, email=user.email, name=user.full_name)


@use_case
def reactivate_door_staff(user: User, by: User) -> None:
    """Open a deactivated door-staff account again, with the password it had. Audited as
    `account.reactivate`. Raises DoorStaffError if it is active."""
    if user.active:
        raise DoorStaffError(_("%(name)s is already active.", name=user.full_name))
    user.active = True
    audit.record("account.reactivate", by, user, email=user.email, name=user.full_name)
