"""Organizer actions on registrations: confirm, reject (one or many), and exports.

Status changes go through `invitations.services.change_status`, which owns the table of
allowed transitions, the audit entry and the diplomat's mail; this module adds what
organizers need around it: why a change is refused, in words, and the bulk review.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from .. import audit
from ..invitations.services import ALLOWED, StatusChangeNotAllowed, change_status
from ..models import Event, Registration, RegistrationStatus, User
from ..unit_of_work import unit_of_work
from . import exports, queries

Status = RegistrationStatus

# What organizers decide; the rest of the table is the diplomat's (register, decline,
# cancel).
ORGANIZER_DECISIONS = (Status.CONFIRMED, Status.REJECTED)


class AttendeeError(Exception):
    """An organizer action on registrations that cannot be done; the message says why."""


class StatusChangeRefused(AttendeeError):
    def __init__(self, registration: Registration, new_status: RegistrationStatus):
        self.registration = registration
        self.new_status = new_status
        self.reason = refusal_reason(registration.status, new_status)
        super().__init__(
            _("%(name)s: %(reason)s", name=registration.user.full_name, reason=self.reason)
        )


def allowed_changes(status: RegistrationStatus) -> set[RegistrationStatus]:
    """The statuses an organizer may give a registration that has `status`."""
    return {new for new in ORGANIZER_DECISIONS if (status, new) in ALLOWED}


def refusal_reason(old: RegistrationStatus, new: RegistrationStatus) -> str:
    """Why a registration with status `old` cannot be given status `new`, for people."""
    if old == new:
        return {
            Status.CONFIRMED: _("the registration is already confirmed."),
            Status.REJECTED: _("the registration is already rejected."),
        }.get(new, _("nothing to change."))
    if old == Status.DECLINED:
        return _("the diplomat declined the invitation.")
    if old == Status.CANCELLED:
        return _("the diplomat cancelled the registration.")
    if old == Status.REJECTED:
        return _("the registration was rejected; a rejection is final.")
    if old == Status.INVITED and new == Status.CONFIRMED:
        return _("the diplomat has not registered yet: there is nothing to confirm.")
    return _(
        "a registration that is “%(old)s” cannot become “%(new)s”.",
        old=old.label,
        new=new.label,
    )


def confirm(registration: Registration, by: User) -> None:
    """Confirm a registration and tell the diplomat by mail; commits.

    Raises StatusChangeRefused unless the registration is registered.
    """
    _decide(registration, Status.CONFIRMED, by)


def reject(registration: Registration, by: User) -> None:
    """Reject a registration (or an invitation not yet answered) and tell the diplomat;
    commits.

    Raises StatusChangeRefused when it is declined, cancelled or already rejected.
    """
    _decide(registration, Status.REJECTED, by)


@dataclass
class Refusal:
    registration: Registration
    reason: str


@dataclass
class BulkOutcome:
    """Who a bulk change changes (or changed), and who it leaves as they are, and why."""

    changed: list[Registration] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def review_bulk(event: Event, registration_ids, new_status: RegistrationStatus) -> BulkOutcome:
    """What `change_many` would do now, for the confirmation page; changes nothing."""
    outcome = BulkOutcome()
    for registration in queries.registrations_of(event, registration_ids):
        if new_status in allowed_changes(registration.status):
            outcome.changed.append(registration)
        else:
            outcome.refused.append(
                Refusal(registration, refusal_reason(registration.status, new_status))
            )
    return outcome


def change_many(
    event: Event, registration_ids, new_status: RegistrationStatus, by: User
) -> BulkOutcome:
    """Give each of these registrations `new_status` (confirmed or rejected).

    Row by row, each in its own commit: each allowed change is made (audit entry, mail
    to the diplomat); each refused one is left as it is and reported with its reason,
    and does not undo the others. Ids of other events are ignored. Raises AttendeeError
    for a status organizers do not set.
    """
    _check_decision(new_status)
    outcome = BulkOutcome()
    for registration in queries.registrations_of(event, registration_ids):
        try:
            _decide(registration, new_status, by)
        except StatusChangeRefused as refused:
            outcome.refused.append(Refusal(registration, refused.reason))
        else:
            outcome.changed.append(registration)
    return outcome


def _decide(registration: Registration, new_status: RegistrationStatus, by: User) -> None:
    _check_decision(new_status)
    try:
        change_status(registration, new_status, by)
    except StatusChangeNotAllowed as error:
        # change_status's unit of work has rolled back, which expires the registration:
        # the reason is worked out from its status as it is now, not as the list showed it.
        refused = StatusChangeRefused(registration, new_status)
        raise refused from error


def _check_decision(new_status: RegistrationStatus) -> None:
    if new_status not in ORGANIZER_DECISIONS:
        raise AttendeeError(_("Organizers confirm or reject registrations, nothing else."))


# Exports


@dataclass(frozen=True)
class Download:
    body: bytes
    filename: str
    mimetype: str


MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export(
    event: Event, kind: str, fmt: str, by: User, filters: queries.AttendeeFilters | None = None
) -> Download:
    """The attendee, catering or badge list as CSV or XLSX, written to the audit log.

    `filters` narrow the attendee list only: catering and badges are always the whole
    edition. Raises AttendeeError for an unknown kind or format.
    """
    if kind not in exports.BUILDERS or fmt not in MIMETYPES:
        raise AttendeeError(_("Unknown export."))
    if kind == "attendees":
        table = exports.attendee_table(event, filters or queries.AttendeeFilters())
    else:
        table = exports.BUILDERS[kind](event)
    body = table.csv() if fmt == "csv" else table.xlsx()
    with unit_of_work():
        audit.record("attendees.export", by, event, kind=kind, format=fmt, rows=table.row_count)
    return Download(
        body=body,
        filename=f"{kind}-{exports.file_slug(event)}.{fmt}",
        mimetype=MIMETYPES[fmt],
    )
