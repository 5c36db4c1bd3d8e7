"""Invitations and registrations: the FPS invites heads of post, who register with a link.

An invitation is a personal link, `/invitation/<token>`: the token is
`secrets.token_urlsafe(32)` and only its sha256 is stored, so a copy of the database
opens nobody's registration. A link works once and expires (INVITATION_VALID_DAYS);
resending replaces the token (the old link dies), revoking kills it at once.

A registration moves through the states in `ALLOWED` and nowhere else:

    invited ──(diplomat: form)──> registered ──(organizer)──> confirmed
       │                            │    │                       │
       │ (diplomat: "I cannot       │    └─(diplomat)─> cancelled <─(diplomat)
       │  attend")                  │
       └──> declined                └─(organizer)─> rejected <─(organizer, also from
                                                               invited and confirmed)

Every change of state writes the audit log and queues the diplomat's mail, in their
language, sent once the change is committed. Each function here is one use case, run
as a unit of work (`unit_of_work`: it commits once, rolls back on any error), and raises
an `InvitationError` whose message says why, for people.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from .. import audit
from ..extensions import db
from ..i18n import folded
from ..mail import queue_mail
from ..models import (
    DiplomatFunction,
    DiplomatProfile,
    Event,
    Invitation,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    User,
    utcnow,
)
from ..models.types import LabelledEnum
from ..signups.services import release_signups
from ..unit_of_work import unit_of_work, use_case
from .csv_import import Invitee, Preview, ValidRow, read_invitees, without_taken

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
# Arrival and departure must fall in this window around the event (Brussels days).
ARRIVAL_DAYS_BEFORE = 7
DEPARTURE_DAYS_AFTER = 3
# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100


class InvitationError(Exception):
    """An invitation or registration action that cannot be done; the message says why."""


class AddressTaken(InvitationError):
    def __init__(self, email: str):
        self.email = email
        super().__init__(
            _(
                "%(email)s already has an account here (invited before, or an organizer).",
                email=email,
            )
        )


class ImportChanged(InvitationError):
    """Some people of a confirmed import got an account meanwhile; nothing was saved.

    `preview` is the import as it stands now: those people moved to its problems.
    """

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__(
            _(
                "Nothing was saved: meanwhile, some of these people were added by someone "
                "else. They are listed below; confirm again to invite the others."
            )
        )


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


class RegistrationClosed(InvitationError):
    def __init__(self, event: Event):
        super().__init__(
            _(
                "Registrations can no longer be changed here. To change anything, write to "
                "%(contact)s.",
                contact=contact_address(event),
            )
        )


class DetailsRejected(InvitationError):
    """The registration details break a rule; `problems` maps a form field to why."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


class InvitationState(LabelledEnum):
    """Where an invitation stands, as organizers see it and as its link behaves."""

    SENT = "sent"  # the only state in which the link works
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    REVOKED = "revoked"
    CLOSED = "closed"  # rejected by an organizer before it was answered

    @classmethod
    def _labels(cls):
        return {
            cls.SENT: _l("Sent"),
            cls.ACCEPTED: _l("Accepted"),
            cls.DECLINED: _lp("invitation state", "Declined"),
            cls.EXPIRED: _l("Expired"),
            cls.REVOKED: _l("Revoked"),
            cls.CLOSED: _l("Closed"),
        }


class LinkNotUsable(InvitationError):
    """The invitation link does not work (any more); `state` says why (None: unknown)."""

    def __init__(self, state: InvitationState | None):
        self.state = state
        super().__init__(_("This invitation link does not work."))


@dataclass
class RegistrationDetails:
    """What a diplomat gives when registering (times aware; the phone already E.164)."""

    first_name: str
    last_name: str
    function: DiplomatFunction
    post_city: str
    post_country: str
    days: list[date]
    arrival_at: datetime
    departure_at: datetime
    dietary: str
    accessibility: str
    language: str
    mobile_phone: str
    remarks: str


@dataclass
class InvitationLink:
    """An invitation found by its token, with its registration and where it stands."""

    invitation: Invitation
    registration: Registration
    event: Event
    state: InvitationState

    @property
    def usable(self) -> bool:
        return self.state == InvitationState.SENT


@dataclass
class InvitationRow:
    """A line of the organizers' list."""

    invitation: Invitation
    registration: Registration | None
    state: InvitationState

    @property
    def can_resend(self) -> bool:
        return self.registration is not None and self.registration.status == Status.INVITED

    @property
    def can_revoke(self) -> bool:
        return self.state in (InvitationState.SENT, InvitationState.EXPIRED)


# Reading


def contact_address(event: Event | None) -> str:
    """Where diplomats write with questions: the event's contact, else the sender."""
    return (event.contact_email if event else None) or current_app.config["MAIL_DEFAULT_SENDER"]


def invitation_state(
    invitation: Invitation, registration: Registration | None, now: datetime | None = None
) -> InvitationState:
    now = now or utcnow()
    status = registration.status if registration else Status.INVITED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.accepted_at is not None or status in (*ATTENDING, Status.CANCELLED):
        return InvitationState.ACCEPTED
    if status == Status.DECLINED:
        return InvitationState.DECLINED
    if status == Status.REJECTED:
        return InvitationState.CLOSED
    if invitation.expires_at <= now:
        return InvitationState.EXPIRED
    return InvitationState.SENT


def open_link(token: str) -> InvitationLink | None:
    """The invitation whose link holds `token`, whatever its state; None if there is none."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))
    if invitation is None:
        return None
    registration = _registration_of(invitation)
    event = db.session.get(Event, invitation.event_id)
    if registration is None or event is None:
        return None
    return InvitationLink(
        invitation, registration, event, invitation_state(invitation, registration)
    )


def _invitee_matches(user: User, word: str) -> bool:
    profile = user.profile
    haystack = [user.first_name, user.last_name, user.email]
    if profile is not None:
        haystack += [profile.post_city, profile.post_country]
    return any(word in folded(text) for text in haystack if text)


def list_invitations(event: Event, search: str = "") -> list[InvitationRow]:
    """The event's invitations, by name; each word of `search` must match the person's
    name, e-mail or post, whatever its case and accents (`folded`, compared in Python as
    the attendee and session searches do). Three queries whatever the number of
    invitations."""
    query = (
        select(Invitation, Registration)
        .join(Invitation.user)
        .outerjoin(User.profile)
        .outerjoin(
            Registration,
            and_(
                Registration.event_id == Invitation.event_id,
                Registration.user_id == Invitation.user_id,
            ),
        )
        .where(Invitation.event_id == event.id)
        .options(contains_eager(Invitation.user).contains_eager(User.profile))
        .order_by(func.lower(User.last_name), func.lower(User.first_name), User.email)
    )
    # A word that folds to nothing (a lone accent) narrows nothing.
    words = [word for word in map(folded, search.split()) if word]
    now = utcnow()
    return [
        InvitationRow(invitation, registration, invitation_state(invitation, registration, now))
        for invitation, registration in db.session.execute(query)
        if all(_invitee_matches(invitation.user, word) for word in words)
    ]


def count_invitations(event: Event) -> int:
    return db.session.scalar(
        select(func.count(Invitation.id)).where(Invitation.event_id == event.id)
    )


def registration_of(user: User, event: Event) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


def registration_open(event: Event, now: datetime | None = None) -> bool:
    """Whether diplomats may still change or cancel their registration themselves."""
    deadline = event.registration_deadline
    return deadline is None or (now or utcnow()) < deadline


def can_change(registration: Registration, event: Event) -> bool:
    return registration.status in ATTENDING and registration_open(event)


def emails_taken(emails: set[str]) -> set[str]:
    """The addresses among `emails` (lower-case) that already have an account."""
    if not emails:
        return set()
    return set(db.session.scalars(select(User.email).where(User.email.in_(sorted(emails)))))


# Inviting


def invite(event: Event, invitee: Invitee, by: User, link_for) -> Invitation:
    """Create the diplomat's account (no password yet), profile, invitation and
    registration (invited), and mail the link in their language.

    `link_for(token)` builds the link's absolute URL. Raises AddressTaken if the
    address already has an account.
    """
    with unit_of_work():
        if emails_taken({invitee.email}):
            raise AddressTaken(invitee.email)
        invitation, token = _create(event, invitee, by)
        try:
            db.session.flush()
        except IntegrityError as error:
            # Someone saved the same address since the check: the unique key says so.
            raise AddressTaken(invitee.email) from error
        _announce(event, invitation, token, by, link_for, "invitation.create")
    return invitation


def preview_import(data: bytes) -> Preview:
    """What importing this CSV file would do: the valid rows and every problem, with the
    addresses that already have an account among the problems. Saves nothing."""
    preview = read_invitees(data)
    return without_taken(preview, emails_taken(preview.emails))


def sign_import(event: Event, preview: Preview) -> str:
    """The preview's valid rows, signed, to carry to the confirmation untouched."""
    return _import_serializer().dumps(
        {
            "event": event.id,
            "rows": [{"line": row.line, **row.invitee.as_dict()} for row in preview.rows],
        }
    )


def import_invitations(event: Event, signed: str, by: User, link_for) -> list[Invitation]:
    """Invite everyone of a confirmed preview (`sign_import`), together, in one commit.

    Raises InvitationError if the preview is not one we signed for this event, and
    ImportChanged (nothing saved) if some of these people got an account meanwhile.
    """
    rows = _unsign_import(event, signed)
    emails = {row.invitee.email for row in rows}
    try:
        with unit_of_work():
            taken = emails_taken(emails)
            if taken:
                raise ImportChanged(without_taken(Preview(rows=rows), taken))
            created = [_create(event, row.invitee, by) for row in rows]
            db.session.flush()
            for invitation, token in created:
                _announce(event, invitation, token, by, link_for, "invitation.import")
    except IntegrityError as error:
        # Someone saved one of these addresses between the check and the flush (rolled
        # back: this reads what is saved now).
        taken = emails_taken(emails)
        if taken:
            raise ImportChanged(without_taken(Preview(rows=rows), taken)) from error
        raise InvitationError(_("Nothing was saved. Please try again.")) from error
    return [invitation for invitation, _token in created]


@use_case
def resend(invitation: Invitation, by: User, link_for) -> None:
    """Mail a new link with a new expiry; the old link stops working at once.

    Also revives a revoked or expired invitation. Raises InvitationError once the
    diplomat has answered (registered, declined) or was rejected.
    """
    registration = _registration_of(invitation)
    if registration is None or registration.status != Status.INVITED:
        raise InvitationError(
            _(
                "%(name)s has already answered this invitation: there is nothing to resend.",
                name=invitation.user.full_name,
            )
        )
    invitation.revoked_at = None
    invitation.expires_at = _expiry()
    token = _new_token(invitation)
    _announce(
        db.session.get(Event, invitation.event_id),
        invitation,
        token,
        by,
        link_for,
        "invitation.resend",
    )


@use_case
def revoke(invitation: Invitation, by: User) -> None:
    """Make the link stop working at once; the invitation stays listed as revoked.

    Raises InvitationError if it is already revoked or was answered.
    """
    state = invitation_state(invitation, _registration_of(invitation))
    if state not in (InvitationState.SENT, InvitationState.EXPIRED):
        raise InvitationError(
            _(
                "This invitation is “%(state)s”: it cannot be revoked.",
                state=state.label,
            )
        )
    now = utcnow()
    # Conditional, so a registration made this very moment wins cleanly or loses
    # cleanly, never half.
    revoked = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.revoked_at.is_(None),
            Invitation.accepted_at.is_(None),
        )
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if revoked != 1:
        raise InvitationError(_("This invitation was answered meanwhile."))
    set_committed_value(invitation, "revoked_at", now)
    audit.record(
        "invitation.revoke",
        by,
        invitation,
        name=invitation.user.full_name,
        email=invitation.user.email,
    )


# Answering


@use_case
def register(token: str, password: str, details: RegistrationDetails) -> User:
    """Register with an invitation link: password, details, consent; the link is used up.

    The registration becomes `registered` and the diplomat is mailed. Raises
    LinkNotUsable if the link does not work (any more) and DetailsRejected if the
    details break a rule (days, arrival and departure).
    """
    link = _usable_link(token)
    _check(link.event, details)
    now = utcnow()
    # The link works once: of two submissions at the same moment, one claims it.
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == link.invitation.id,
            Invitation.token_hash == _hash(token),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise LinkNotUsable(InvitationState.ACCEPTED)
    set_committed_value(link.invitation, "accepted_at", now)
    user = link.invitation.user
    user.set_password(password)
    registration = link.registration
    _apply(registration, user, details)
    registration.consent_at = now
    _move(registration, Status.REGISTERED, by=user, event=link.event)
    return user


def decline(token: str) -> Registration:
    """ "I cannot attend": the registration becomes `declined`, the link is used up, and
    the diplomat is mailed. Raises LinkNotUsable if the link does not work (any more)."""
    try:
        with unit_of_work():
            link = _usable_link(token)
            _move(link.registration, Status.DECLINED, by=link.invitation.user, event=link.event)
    except StatusChangeNotAllowed as refused:
        raise LinkNotUsable(InvitationState.ACCEPTED) from refused
    return link.registration


@use_case
def update_registration(registration: Registration, details: RegistrationDetails, by: User) -> None:
    """Change a registration's details (not its state); no mail.

    Raises RegistrationClosed after the deadline, InvitationError if the registration
    is not registered or confirmed, DetailsRejected if the details break a rule.
    """
    event = db.session.get(Event, registration.event_id)
    if not registration_open(event):
        raise RegistrationClosed(event)
    if registration.status not in ATTENDING:
        raise InvitationError(
            _(
                "This registration is “%(status)s”: it cannot be changed.",
                status=registration.status.label,
            )
        )
    _check(event, details)
    _apply(registration, registration.user, details)
    release_signups(registration.user, event.id, keep_days=details.days)
    audit.record(
        "registration.update",
        by,
        registration,
        name=registration.user.full_name,
        email=registration.user.email,
    )


@use_case
def cancel_registration(registration: Registration, by: User) -> None:
    """The diplomat cancels: the registration becomes `cancelled` and they are mailed.

    Raises RegistrationClosed after the deadline, StatusChangeNotAllowed unless the
    registration is registered or confirmed.
    """
    event = db.session.get(Event, registration.event_id)
    if not registration_open(event):
        raise RegistrationClosed(event)
    _move(registration, Status.CANCELLED, by=by, event=event)


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
    _move(registration, new_status, by=by)


# Helpers (no commit)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    return token


def _expiry() -> datetime:
    return utcnow() + timedelta(days=current_app.config["INVITATION_VALID_DAYS"])


def _registration_of(invitation: Invitation) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == invitation.event_id,
            Registration.user_id == invitation.user_id,
        )
    )


def _usable_link(token: str) -> InvitationLink:
    link = open_link(token)
    if link is None or not link.usable:
        raise LinkNotUsable(link.state if link else None)
    return link


def _create(event: Event, invitee: Invitee, by: User) -> tuple[Invitation, str]:
    user = User(
        email=invitee.email,
        role=Role.DIPLOMAT,
        first_name=invitee.first_name,
        last_name=invitee.last_name,
        language=invitee.language,
    )
    user.profile = DiplomatProfile(
        function=invitee.function,
        post_city=invitee.post_city,
        post_country=invitee.post_country,
        region=invitee.region,
    )
    invitation = Invitation(event_id=event.id, user=user, expires_at=_expiry(), created_by_id=by.id)
    token = _new_token(invitation)
    registration = Registration(event_id=event.id, user=user, status=Status.INVITED)
    db.session.add_all([user, invitation, registration])
    return invitation, token


def _announce(event: Event, invitation: Invitation, token: str, by: User, link_for, action):
    """Mail the invitation and write the audit entry (the invitation has its id)."""
    user = invitation.user
    invitation.sent_at = utcnow()
    audit.record(action, by, invitation, name=user.full_name, email=user.email)
    queue_mail(
        user.email,
        "invitation",
        user.language,
        user=user,
        event=event,
        link=link_for(token),
        expires_at=invitation.expires_at,
        contact=contact_address(event),
    )


def _import_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="invitation-import")


def _unsign_import(event: Event, signed: str) -> list[ValidRow]:
    unreadable = InvitationError(_("This preview could not be read. Please upload the file again."))
    try:
        payload = _import_serializer().loads(signed or "")
    except BadSignature as error:
        raise unreadable from error
    if not isinstance(payload, dict) or payload.get("event") != event.id:
        raise unreadable
    try:
        rows = [ValidRow(int(row["line"]), Invitee.from_dict(row)) for row in payload["rows"]]
    except (KeyError, TypeError, ValueError) as error:
        raise unreadable from error
    if not rows:
        raise InvitationError(_("There is nobody to invite in this preview."))
    return rows


def _check(event: Event, details: RegistrationDetails) -> None:
    problems = {}
    if not details.days:
        problems["days"] = _("Choose at least one day.")
    elif not set(details.days) <= set(event.days):
        problems["days"] = _("Choose days of the Contact Days.")
    earliest = datetime.combine(
        event.first_day - timedelta(days=ARRIVAL_DAYS_BEFORE), time.min, event.tz
    )
    latest = datetime.combine(
        event.last_day + timedelta(days=DEPARTURE_DAYS_AFTER), time.max, event.tz
    )
    window = _(
        "Give a time between %(earliest)s and %(latest)s (Brussels time).",
        earliest=format_datetime(earliest, "d MMMM y"),
        latest=format_datetime(latest, "d MMMM y"),
    )
    for name in ("arrival_at", "departure_at"):
        if not earliest <= getattr(details, name) <= latest:
            problems[name] = window
    if "departure_at" not in problems and details.departure_at <= details.arrival_at:
        problems["departure_at"] = _("Departure must be after arrival.")
    if problems:
        raise DetailsRejected(problems)


def _apply(registration: Registration, user: User, details: RegistrationDetails) -> None:
    user.first_name = details.first_name
    user.last_name = details.last_name
    user.language = details.language
    if user.profile is not None:
        user.profile.function = details.function
        user.profile.post_city = details.post_city
        user.profile.post_country = details.post_country
    registration.arrival_at = details.arrival_at
    registration.departure_at = details.departure_at
    registration.dietary = details.dietary
    registration.accessibility = details.accessibility
    registration.mobile_phone = details.mobile_phone
    registration.remarks = details.remarks
    # Keep the rows of days that stay: replacing them all would delete and re-insert
    # the same primary keys.
    wanted = set(details.days)
    for row in list(registration.day_rows):
        if row.day not in wanted:
            registration.day_rows.remove(row)
    kept = {row.day for row in registration.day_rows}
    for day in sorted(wanted - kept):
        registration.day_rows.append(RegistrationDay(day=day))


def _move(
    registration: Registration,
    new_status: RegistrationStatus,
    by: User,
    event: Event | None = None,
) -> None:
    """Change the state if `ALLOWED` permits it; audit it and queue the diplomat's mail."""
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
    )
