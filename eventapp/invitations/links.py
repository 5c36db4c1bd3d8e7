"""The personal invitation link, and where an invitation stands.

An invitation is a personal link, `/invitation/<token>`: the token is
`secrets.token_urlsafe(32)` and only its sha256 is stored, so a copy of the database
opens nobody's registration. A link works once and expires (INVITATION_VALID_DAYS);
resending replaces the token (the old link dies), revoking kills it at once.

Nothing here commits: the use cases that change an invitation are in `inviting`
(resend, revoke) and `registering` (register, decline).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import Event, Invitation, Registration, RegistrationStatus, utcnow
from ..models.types import LabelledEnum
from .services import ATTENDING, InvitationError

Status = RegistrationStatus


# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100


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
class InvitationLink:
    """An invitation found by its token, with its registration and where it stands."""

    invitation: Invitation
    registration: Registration
    event: Event
    state: InvitationState

    @property
    def usable(self) -> bool:
        return self.state == InvitationState.SENT


def invitation_state(
    invitation: Invitation, registration: Registration | None, now: datetime | None = None
) -> InvitationState:
    """Where the invitation stands, from its own dates and its registration's state."""
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
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        return None
    registration = registration_of_invitation(invitation)
    event = db.session.get(Event, invitation.event_id)
    if registration is None or event is None:
        return None
    return InvitationLink(
        invitation, registration, event, invitation_state(invitation, registration)
    )


def hash_token(token: str) -> str:
    """What is stored of a token: its sha256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(invitation: Invitation) -> str:
    """Give the invitation a new token (the old link dies) and return it, for the mail."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return token


def new_expiry() -> datetime:
    """When a link sent now stops working."""
    return utcnow() + timedelta(days=current_app.config["INVITATION_VALID_DAYS"])


def registration_of_invitation(invitation: Invitation) -> Registration | None:
    """The registration the invitation answers (same person, same event)."""
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == invitation.event_id,
            Registration.user_id == invitation.user_id,
        )
    )


def claim_link(invitation: Invitation, token: str, now: datetime) -> None:
    """Use the link up (`accepted_at` = `now`). The link works once: of two submissions
    at the same moment, one claims it; the other gets LinkNotUsable, as does a link
    revoked or expired meanwhile."""
    claimed = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.token_hash == hash_token(token),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise LinkNotUsable(InvitationState.ACCEPTED)
    set_committed_value(invitation, "accepted_at", now)


def usable_link(token: str) -> InvitationLink:
    """The link that holds `token`; raises LinkNotUsable unless it still works."""
    link = open_link(token)
    if link is None or not link.usable:
        raise LinkNotUsable(link.state if link else None)
    return link
