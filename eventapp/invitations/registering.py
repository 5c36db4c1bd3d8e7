"""Registering: the diplomat answers the invitation with its link, then may change or
cancel the registration until the deadline.

Registering sets the password, the details and the consent, and uses the link up;
declining ("I cannot attend") uses it up too. Until the event's registration deadline
the diplomat changes the details or cancels here; after it, they write to the event's
contact (`RegistrationClosed` says whom). Days given up release the diplomat's places
in that day's sessions (`release_signups`), so the waitlists move on.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..i18n import date_long
from ..models import (
    DiplomatFunction,
    Event,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    User,
    utcnow,
)
from ..signups.services import release_signups
from ..unit_of_work import unit_of_work, use_case
from .links import InvitationState, LinkNotUsable, claim_link, usable_link
from .services import (
    ATTENDING,
    InvitationError,
    StatusChangeNotAllowed,
    contact_address,
    move,
    registration_open,
)

Status = RegistrationStatus


# Arrival and departure must fall in this window around the event (Brussels days).
ARRIVAL_DAYS_BEFORE = 7
DEPARTURE_DAYS_AFTER = 3


class RegistrationClosed(InvitationError):
    """The registration deadline has passed: the message says when, and whom to write to."""

    def __init__(self, event: Event):
        super().__init__(
            _(
                "Changes closed on %(day)s. To change anything, write to %(contact)s.",
                day=date_long(event.registration_deadline),
                contact=contact_address(event),
            )
        )


class DetailsRejected(InvitationError):
    """The registration details break a rule; `problems` maps a form field to why."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(problems.values()))


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
    # Bilateral meetings (issue 21): whether partners may ask for one, and about what.
    accepts_meetings: bool = False
    meeting_topics: str = ""
    meeting_sectors: list[str] = field(default_factory=list)


def registration_of(user: User, event: Event) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    )


def can_change(registration: Registration, event: Event) -> bool:
    return registration.status in ATTENDING and registration_open(event)


@use_case
def register(token: str, password: str, details: RegistrationDetails) -> User:
    """Register with an invitation link: password, details, consent; the link is used up.

    The registration becomes `registered` and the diplomat is mailed. Raises
    LinkNotUsable if the link does not work (any more) and DetailsRejected if the
    details break a rule (days, arrival and departure).
    """
    link = usable_link(token)
    _check(link.event, details)
    now = utcnow()
    claim_link(link.invitation, token, now)
    user = link.invitation.user
    user.set_password(password)
    registration = link.registration
    _apply(registration, user, details)
    registration.consent_at = now
    move(registration, Status.REGISTERED, by=user, event=link.event)
    return user


def decline(token: str) -> Registration:
    """ "I cannot attend": the registration becomes `declined`, the link is used up, and
    the diplomat is mailed. Raises LinkNotUsable if the link does not work (any more)."""
    try:
        with unit_of_work():
            link = usable_link(token)
            move(link.registration, Status.DECLINED, by=link.invitation.user, event=link.event)
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
    move(registration, Status.CANCELLED, by=by, event=event)


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
        earliest=date_long(earliest),
        latest=date_long(latest),
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
    registration.accepts_meetings = details.accepts_meetings
    registration.meeting_topics = details.meeting_topics
    registration.meeting_sectors = list(details.meeting_sectors)
    # Keep the rows of days that stay: replacing them all would delete and re-insert
    # the same primary keys.
    wanted = set(details.days)
    for row in list(registration.day_rows):
        if row.day not in wanted:
            registration.day_rows.remove(row)
    kept = {row.day for row in registration.day_rows}
    for day in sorted(wanted - kept):
        registration.day_rows.append(RegistrationDay(day=day))
