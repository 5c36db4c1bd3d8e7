"""Inviting: organizers invite heads of post, one by one or from a CSV file, resend or
revoke an invitation, and list them.

Inviting creates the diplomat's account (no password yet), profile, invitation and a
registration that is `invited`, and mails the link in the diplomat's language once that
is committed. An address that already has an account is refused; when two saves of the
same address race, the unique key decides. An import is previewed first
(`preview_import`, which saves nothing); the confirmation carries the preview's valid
rows signed (`sign_import`), so what is saved is exactly what was shown, and everyone
in it is invited in one commit, or nobody.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm.attributes import set_committed_value

from .. import audit
from ..extensions import db
from ..i18n import date_long, folded
from ..mail import queue_mail
from ..models import (
    DiplomatProfile,
    Event,
    Invitation,
    Registration,
    RegistrationStatus,
    Role,
    User,
    utcnow,
)
from ..unit_of_work import unit_of_work, use_case
from .csv_import import Invitee, Preview, ValidRow, read_invitees, without_taken
from .links import (
    InvitationState,
    invitation_state,
    new_expiry,
    new_token,
    registration_of_invitation,
)
from .services import InvitationError, contact_address, registration_open

Status = RegistrationStatus
IMPORT_SALT = "invitation-import"


class AddressTaken(InvitationError):
    def __init__(self, email: str):
        self.email = email
        super().__init__(
            _(
                "%(email)s already has an account here (invited before, or an organizer).",
                email=email,
            )
        )


class InvitationLate(InvitationError):
    """The edition's registration deadline or last day has passed; nothing was saved.

    `reasons` says what has passed, for the organizer to confirm (late_invitation_reasons).
    """

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


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
        # Heads of post: partner representatives have their own list (organizer.partners).
        .where(Invitation.event_id == event.id, User.role == Role.DIPLOMAT)
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
        select(func.count(Invitation.id))
        .join(Invitation.user)
        .where(Invitation.event_id == event.id, User.role == Role.DIPLOMAT)
    )


def emails_taken(emails: set[str]) -> set[str]:
    """The addresses among `emails` (lower-case) that already have an account."""
    if not emails:
        return set()
    return set(db.session.scalars(select(User.email).where(User.email.in_(sorted(emails)))))


def late_invitation_reasons(event: Event, now: datetime | None = None) -> list[str]:
    """Why inviting someone to `event` now comes late, for the organizer to confirm: its
    last day has passed (Brussels days), or its registration deadline has (the invitee
    can still register with the link, but no longer change or cancel it). Empty when
    neither; on the app's clock (`utcnow`)."""
    now = now or utcnow()
    reasons = []
    if now.astimezone(event.tz).date() > event.last_day:
        reasons.append(_("The Contact Days ended on %(day)s.", day=date_long(event.last_day)))
    if not registration_open(event, now):
        reasons.append(
            _(
                "The registration deadline was %(when)s: they can still register with "
                "the link, but no longer change or cancel their registration themselves.",
                when=date_long(event.registration_deadline, time=True),
            )
        )
    return reasons


def invite(
    event: Event, invitee: Invitee, by: User, link_for, *, ask_if_late: bool = False
) -> Invitation:
    """Create the diplomat's account (no password yet), profile, invitation and
    registration (invited), and mail the link in their language.

    `link_for(token)` builds the link's absolute URL. Raises AddressTaken if the
    address already has an account; with `ask_if_late`, InvitationLate (nothing saved)
    if the edition's deadline or last day has passed (`late_invitation_reasons`).
    """
    with unit_of_work():
        if emails_taken({invitee.email}):
            raise AddressTaken(invitee.email)
        reasons = late_invitation_reasons(event) if ask_if_late else []
        if reasons:
            raise InvitationLate(reasons)
        invitation, token = _create(event, invitee, by)
        try:
            db.session.flush()
        except IntegrityError as error:
            # Someone saved the same address since the check: the unique key says so.
            raise AddressTaken(invitee.email) from error
        announce_invitation(event, invitation, token, by, link_for, "invitation.create")
    return invitation


def preview_import(data: bytes) -> Preview:
    """What importing this CSV file would do: the valid rows and every problem, with the
    addresses that already have an account among the problems. Saves nothing."""
    preview = read_invitees(data)
    return without_taken(preview, emails_taken(preview.emails))


def sign_import(event: Event, preview: Preview) -> str:
    """The preview's valid rows, signed, to carry to the confirmation untouched."""
    return sign_rows(event, preview.rows, IMPORT_SALT)


def sign_rows(event: Event, rows, salt: str) -> str:
    """A preview's valid rows (`line`, `invitee`), signed for `event` with `salt` (each
    import has its own), for `unsign_rows` to read back."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt).dumps(
        {"event": event.id, "rows": [{"line": row.line, **row.invitee.as_dict()} for row in rows]}
    )


def unsign_rows(event: Event, signed: str, salt: str, read_row) -> list:
    """The rows `sign_rows` signed for `event` with `salt`, each made by `read_row(values)`
    (which raises KeyError, TypeError or ValueError if they are not a row). Raises
    InvitationError if they are not, or there are none."""
    unreadable = InvitationError(_("This preview could not be read. Please upload the file again."))
    try:
        payload = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt).loads(signed or "")
    except BadSignature as error:
        raise unreadable from error
    if not isinstance(payload, dict) or payload.get("event") != event.id:
        raise unreadable
    try:
        rows = [read_row(row) for row in payload["rows"]]
    except (KeyError, TypeError, ValueError) as error:
        raise unreadable from error
    if not rows:
        raise InvitationError(_("There is nobody to invite in this preview."))
    return rows


def import_invitations(event: Event, signed: str, by: User, link_for) -> list[Invitation]:
    """Invite everyone of a confirmed preview (`sign_import`), together, in one commit.

    Raises InvitationError if the preview is not one we signed for this event, and
    ImportChanged (nothing saved) if some of these people got an account meanwhile.
    """
    rows = unsign_rows(event, signed, IMPORT_SALT, _read_row)
    emails = {row.invitee.email for row in rows}
    try:
        with unit_of_work():
            taken = emails_taken(emails)
            if taken:
                raise ImportChanged(without_taken(Preview(rows=rows), taken))
            created = [_create(event, row.invitee, by) for row in rows]
            db.session.flush()
            for invitation, token in created:
                announce_invitation(event, invitation, token, by, link_for, "invitation.import")
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
    registration = registration_of_invitation(invitation)
    if registration is None or registration.status != Status.INVITED:
        raise InvitationError(
            _(
                "%(name)s has already answered this invitation: there is nothing to resend.",
                name=invitation.user.full_name,
            )
        )
    invitation.revoked_at = None
    invitation.expires_at = new_expiry()
    token = new_token(invitation)
    announce_invitation(
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
    state = invitation_state(invitation, registration_of_invitation(invitation))
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
    invitation = Invitation(
        event_id=event.id, user=user, expires_at=new_expiry(), created_by_id=by.id
    )
    token = new_token(invitation)
    registration = Registration(event_id=event.id, user=user, status=Status.INVITED)
    db.session.add_all([user, invitation, registration])
    return invitation, token


def announce_invitation(
    event: Event, invitation: Invitation, token: str, by: User, link_for, action, mail="invitation"
):
    """Mail the invitation and write the audit entry (the invitation has its id). Also
    serves the partners' invitations (their `mail`: partner_invitation)."""
    user = invitation.user
    invitation.sent_at = utcnow()
    audit.record(action, by, invitation, name=user.full_name, email=user.email)
    queue_mail(
        user.email,
        mail,
        user.language,
        user=user,
        event=event,
        link=link_for(token),
        expires_at=invitation.expires_at,
        contact=contact_address(event),
    )


def _read_row(values: dict) -> ValidRow:
    return ValidRow(int(values["line"]), Invitee.from_dict(values))
