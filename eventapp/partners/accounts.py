"""Partner representatives' accounts: organizers invite them (one by one or from a CSV
file), they register with their personal link, then change their details.

The link is the heads of post's (eventapp/invitations/links.py): an `Invitation` row
whose token only its sha256 is stored, single-use, expiring after INVITATION_VALID_DAYS.
A partner has no `Registration`: their `PartnerProfile.registered_at` says they
registered, the invitation's `accepted_at` that the link was used. Inviting creates the
account (role partner, no password yet), the profile (organisation of the edition's
catalogue) and the invitation, and mails the link in the partner's language once that is
committed. An import is previewed first and confirmed with its rows signed, all or
nothing, as the heads of post's is.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..invitations.inviting import (
    AddressTaken,
    ImportChanged,
    announce_invitation,
    emails_taken,
    sign_rows,
    unsign_rows,
)
from ..invitations.links import (
    InvitationState,
    LinkNotUsable,
    claim_link,
    hash_token,
    invitation_state,
    new_expiry,
    new_token,
)
from ..invitations.services import InvitationError
from ..models import (
    DiplomatProfile,
    Event,
    Invitation,
    Meeting,
    MeetingStatus,
    Organisation,
    PartnerProfile,
    Registration,
    Role,
    User,
    utcnow,
)
from ..unit_of_work import unit_of_work, use_case
from .csv_import import PartnerInvitee, Preview, ValidRow, read_partners, without_taken

__all__ = ["AddressTaken", "ImportChanged", "InvitationError", "LinkNotUsable"]

OPEN_REQUESTS = (MeetingStatus.REQUESTED, MeetingStatus.PROPOSED)
IMPORT_SALT = "partner-import"


@dataclass
class PartnerDetails:
    """What a partner representative gives when registering or changing their details
    (the phone already in E.164; sectors as `Sector` values)."""

    first_name: str
    last_name: str
    function: str
    mobile_phone: str
    language: str
    sectors: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


@dataclass
class PartnerRow:
    """A line of the organizers' list of partner representatives."""

    user: User
    profile: PartnerProfile
    invitation: Invitation | None
    state: InvitationState | None
    requests: int
    meetings: int

    @property
    def registered(self) -> bool:
        return self.profile.registered_at is not None


@dataclass
class PartnerLink:
    """A partner's invitation found by its token, and where it stands."""

    invitation: Invitation
    user: User
    profile: PartnerProfile
    event: Event
    state: InvitationState

    @property
    def usable(self) -> bool:
        return self.state == InvitationState.SENT


# Organizers' side


def organisations_of(event: Event) -> list[Organisation]:
    """The edition's catalogue, by name: the organisations partners come from."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.event_id == event.id)
            .order_by(func.lower(Organisation.name))
        )
    )


def invite_partner(event: Event, invitee: PartnerInvitee, by: User, link_for) -> Invitation:
    """Create the partner's account (no password yet), profile and invitation, and mail
    the link in their language. `link_for(token)` builds the link's absolute URL.

    Raises AddressTaken if the address already has an account, InvitationError if the
    organisation is not one of the edition's.
    """
    with unit_of_work():
        if emails_taken({invitee.email}):
            raise AddressTaken(invitee.email)
        _check_organisations(event, {invitee.organisation_id})
        invitation, token = _create(event, invitee, by)
        try:
            db.session.flush()
        except IntegrityError as error:
            raise AddressTaken(invitee.email) from error
        _announce(event, invitation, token, by, link_for, "partner.invite")
    return invitation


def preview_partner_import(event: Event, data: bytes) -> Preview:
    """What importing this CSV file would do: the valid rows and every problem. Saves
    nothing."""
    preview = read_partners(data, organisations_of(event))
    return without_taken(preview, emails_taken(preview.emails))


def sign_partner_import(event: Event, preview: Preview) -> str:
    """The preview's valid rows, signed, to carry to the confirmation untouched."""
    return sign_rows(event, preview.rows, IMPORT_SALT)


def import_partners(event: Event, signed: str, by: User, link_for) -> list[Invitation]:
    """Invite everyone of a confirmed preview, in one commit, or nobody.

    Raises InvitationError if the preview is not one we signed for this event (or an
    organisation of it was deleted meanwhile), ImportChanged (nothing saved) if
    some of these people got an account meanwhile.
    """
    rows = unsign_rows(event, signed, IMPORT_SALT, _read_row)
    emails = {row.invitee.email for row in rows}
    try:
        with unit_of_work():
            taken = emails_taken(emails)
            if taken:
                raise ImportChanged(without_taken(Preview(rows=rows), taken))
            _check_organisations(event, {row.invitee.organisation_id for row in rows})
            created = [_create(event, row.invitee, by) for row in rows]
            db.session.flush()
            for invitation, token in created:
                _announce(event, invitation, token, by, link_for, "partner.import")
    except IntegrityError as error:
        taken = emails_taken(emails)
        if taken:
            raise ImportChanged(without_taken(Preview(rows=rows), taken)) from error
        raise InvitationError(_("Nothing was saved. Please try again.")) from error
    return [invitation for invitation, _token in created]


def list_partners(event: Event) -> list[PartnerRow]:
    """The edition's partner representatives by name, with their invitation, its state,
    and their requests (all they made) and meetings (accepted). Three queries whatever
    their number."""
    profiles = db.session.scalars(
        select(PartnerProfile)
        .join(PartnerProfile.user)
        .where(PartnerProfile.event_id == event.id, User.role == Role.PARTNER)
        .options(selectinload(PartnerProfile.user), selectinload(PartnerProfile.organisation))
        .order_by(func.lower(User.last_name), func.lower(User.first_name), User.email)
    ).all()
    invitations = {
        invitation.user_id: invitation
        for invitation in db.session.scalars(
            select(Invitation)
            .join(PartnerProfile, PartnerProfile.user_id == Invitation.user_id)
            .where(Invitation.event_id == event.id, PartnerProfile.event_id == event.id)
        )
    }
    counts = {
        partner_id: (requests, meetings or 0)
        for partner_id, requests, meetings in db.session.execute(
            select(
                Meeting.partner_id,
                func.count(Meeting.id),
                func.sum(case((Meeting.status == MeetingStatus.ACCEPTED, 1), else_=0)),
            )
            .where(Meeting.event_id == event.id)
            .group_by(Meeting.partner_id)
        )
    }
    now = utcnow()
    rows = []
    for profile in profiles:
        invitation = invitations.get(profile.user_id)
        requests, meetings = counts.get(profile.user_id, (0, 0))
        rows.append(
            PartnerRow(
                user=profile.user,
                profile=profile,
                invitation=invitation,
                state=invitation_state(invitation, None, now) if invitation else None,
                requests=requests,
                meetings=meetings,
            )
        )
    return rows


# The partner's side


def open_partner_link(token: str) -> PartnerLink | None:
    """The partner invitation whose link holds `token`, whatever its state; None if
    there is none (or it is a head of post's)."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        return None
    user = invitation.user
    profile = user.partner_profile if user.is_partner else None
    event = db.session.get(Event, invitation.event_id)
    if profile is None or event is None or profile.event_id != event.id:
        return None
    state = invitation_state(invitation, None)
    if profile.registered_at is not None:
        state = InvitationState.ACCEPTED
    return PartnerLink(invitation, user, profile, event, state)


@use_case
def register_partner(token: str, password: str, details: PartnerDetails) -> User:
    """Register with the invitation link: password, details, consent; the link is used
    up. Raises LinkNotUsable if it does not work (any more)."""
    link = open_partner_link(token)
    if link is None or not link.usable:
        raise LinkNotUsable(link.state if link else None)
    now = utcnow()
    claim_link(link.invitation, token, now)
    link.user.set_password(password)
    _apply(link.user, link.profile, details)
    link.profile.registered_at = now
    link.profile.consent_at = now
    audit.record("partner.register", link.user, link.profile, name=link.user.full_name)
    return link.user


@use_case
def update_partner(user: User, details: PartnerDetails) -> None:
    """The partner changes their details (their organisation stays: organizers set it)."""
    _apply(user, user.partner_profile, details)
    audit.record("partner.update", user, user.partner_profile, name=user.full_name)


def partner_countries(event: Event, keep: list[str] = ()) -> list[str]:
    """The countries partners may say they care about: those of the edition's heads of
    post's posts, and any already chosen (so a choice never vanishes)."""
    countries = set(
        db.session.scalars(
            select(DiplomatProfile.post_country)
            .join(Registration, Registration.user_id == DiplomatProfile.user_id)
            .where(Registration.event_id == event.id)
            .distinct()
        )
    )
    return sorted(countries | set(keep), key=str.casefold)


def _apply(user: User, profile: PartnerProfile, details: PartnerDetails) -> None:
    user.first_name = details.first_name
    user.last_name = details.last_name
    user.language = details.language
    profile.function = details.function
    profile.mobile_phone = details.mobile_phone
    profile.sectors = list(details.sectors)
    profile.countries = list(details.countries)


def _check_organisations(event: Event, organisation_ids: set[int]) -> None:
    found = set(
        db.session.scalars(
            select(Organisation.id).where(
                Organisation.event_id == event.id, Organisation.id.in_(sorted(organisation_ids))
            )
        )
    )
    if found != organisation_ids:
        raise InvitationError(
            _("This organisation is no longer in the catalogue. Nothing was saved.")
        )


def _create(event: Event, invitee: PartnerInvitee, by: User) -> tuple[Invitation, str]:
    user = User(
        email=invitee.email,
        role=Role.PARTNER,
        first_name=invitee.first_name,
        last_name=invitee.last_name,
        language=invitee.language,
    )
    user.partner_profile = PartnerProfile(
        event_id=event.id, organisation_id=invitee.organisation_id
    )
    invitation = Invitation(
        event_id=event.id, user=user, expires_at=new_expiry(), created_by_id=by.id
    )
    token = new_token(invitation)
    db.session.add_all([user, invitation])
    return invitation, token


def _announce(event, invitation: Invitation, token: str, by: User, link_for, action) -> None:
    announce_invitation(event, invitation, token, by, link_for, action, mail="partner_invitation")


def _read_row(values: dict) -> ValidRow:
    return ValidRow(int(values["line"]), PartnerInvitee.from_dict(values))
