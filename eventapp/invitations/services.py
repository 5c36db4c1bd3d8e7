"""A registration's states, and the one way it moves between them.

This package: the FPS invites heads of post, who register with a link. `links` holds the
personal link (its token, where an invitation stands), `inviting` the organizers' side
(invite, import, resend, revoke, their list), `registering` the diplomat's (register,
decline, change, cancel); this module the states all of them go through, and the
organizers' decisions (`change_status`).

A registration moves through the states in `ALLOWED` and nowhere else:

    invited ──(diplomat: form)──> registered ──(organizer)──> confirmed
       │                            │    │                       │
       │ (diplomat: "I cannot       │    └─(diplomat)─> cancelled <─(diplomat)
       │  attend")                  │
       └──> declined                └─(organizer)─> rejected <─(organizer, also from
                                                               invited and confirmed)

Every change of state writes the audit log and queues the diplomat's mail, in their
language, sent once the change is committed. Each use case of this package is run as a
unit of work (`unit_of_work`: it commits once, rolls back on any error), and raises an
`InvitationError` whose message says why, for people.
"""

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from .. import audit
from ..extensions import db
from ..mail import queue_mail
from ..models import Event, Registration, RegistrationStatus, User, utcnow
from ..signups.services import release_signups
from ..unit_of_work import use_case

Status = RegistrationStatus


# (from, to): every change of a registration's state that may happen. Anything else
# raises StatusChangeNotAllowed.
ALLOWED = frozenset(
    {
        (Status.INVITED, Status.REGISTERED),  # the diplomat fills in the invitation's form
        (Status.INVITED, Status.DECLINED),  # the diplomat cannot attend
        (Status.REGISTERED, Status.CANCELLED),  # the diplomat, before the deadline
        (Status.CONFIRMED, Status.CANCELLED),  # the diplomat, before the deadline
        (Status.REGISTERED, Status.CONFIRMED),  # an organizer
        (Status.INVITED, Status.REJECTED),  # an organizer
        (Status.REGISTERED, Status.REJECTED),  # an organizer
        (Status.CONFIRMED, Status.REJECTED),  # an organizer
    }
)
# The audit log's name for arriving in each state.
AUDIT_ACTIONS = {
    Status.REGISTERED: "registration.register",
    Status.DECLINED: "registration.decline",
    Status.CANCELLED: "registration.cancel",
    Status.CONFIRMED: "registration.confirm",
    Status.REJECTED: "registration.reject",
}
# Statuses whose registration the diplomat may still change or cancel (until the deadline).
ATTENDING = (Status.REGISTERED, Status.CONFIRMED)


class InvitationError(Exception):
    """An invitation or registration action that cannot be done; the message says why."""


class StatusChangeNotAllowed(InvitationError):
    def __init__(self, old: RegistrationStatus, new: RegistrationStatus):
        self.old, self.new = old, new
        super().__init__(
            _(
                "A registration that is “%(old)s” cannot become “%(new)s”.",
                old=old.label,
                new=new.label,
            )
        )


def registration_open(event: Event, now: datetime | None = None) -> bool:
    """Whether diplomats may still change or cancel their registration themselves: until
    the deadline (excluded), on the app's clock (`utcnow`)."""
    deadline = event.registration_deadline
    return deadline is None or (now or utcnow()) < deadline


def contact_address(event: Event | None) -> str:
    """Where diplomats write with questions: the event's contact, else the sender."""
    return (event.contact_email if event else None) or current_app.config["MAIL_DEFAULT_SENDER"]


@use_case
def change_status(registration: Registration, new_status: RegistrationStatus, by: User) -> None:
    """Move a registration to `new_status` if `ALLOWED` permits it, and commit.

    For organizers' decisions (confirm: registered -> confirmed; reject: from invited,
    registered or confirmed) and anything else in the table. Writes the audit log
    (`registration.<confirm|reject|...>`, old and new status) and queues the diplomat's
    mail in their language (`mail/registration_status.txt`: old -> new status).
    Deadlines are not checked: organizers decide after them too.

    Raises StatusChangeNotAllowed if the table does not allow it, including when the
    registration was changed by someone else meanwhile.
    """
    move(registration, new_status, by=by)


def move(
    registration: Registration,
    new_status: RegistrationStatus,
    by: User,
    event: Event | None = None,
) -> None:
    """Change the state if `ALLOWED` permits it; audit it and queue the diplomat's mail.

    No commit: every use case of this package that changes a state calls it inside its
    own unit of work. Raises StatusChangeNotAllowed as `change_status` does.
    """
    old_status = registration.status
    if (old_status, new_status) not in ALLOWED:
        raise StatusChangeNotAllowed(old_status, new_status)
    db.session.flush()
    now = utcnow()
    # Conditional on the state read, so a change made meanwhile by someone else (an
    # organizer confirming while the diplomat cancels) is never overwritten.
    moved = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.status == old_status)
        .values(status=new_status, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.refresh(registration)
        raise StatusChangeNotAllowed(registration.status, new_status)
    set_committed_value(registration, "status", new_status)
    set_committed_value(registration, "updated_at", now)
    user = registration.user
    if new_status not in ATTENDING:
        # Declined, cancelled or rejected: their places go to the waitlists.
        release_signups(user, registration.event_id)
    audit.record(
        AUDIT_ACTIONS.get(new_status, "registration.status"),
        by,
        registration,
        name=user.full_name,
        email=user.email,
        old=old_status,
        new=new_status,
    )
    event = event or db.session.get(Event, registration.event_id)
    template = "registration_received" if new_status == Status.REGISTERED else "registration_status"
    queue_mail(
        user.email,
        template,
        user.language,
        registration=registration,
        old=old_status,
        new=new_status,
        user=user,
        event=event,
        contact=contact_address(event),
        changes_open=registration_open(event),
        # The confirmation carries the badge's QR code, made when the mail is sent.
        badge_registration_id=registration.id if new_status == Status.CONFIRMED else None,
    )
