"""The organizer area: building the programme, publishing, the audit log."""

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import login

bp = Blueprint("organizer", __name__, url_prefix="/organizer")


@bp.before_request
def organizers_only():
    # Every page of the area, including ones added later, is for organizers only.
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.is_organizer:
        abort(403)
    return None


NAVIGATION = [
    ("organizer.grid", _l("Week grid")),
    ("organizer.sessions", _l("Sessions")),
    ("organizer.rooms", _l("Rooms")),
    ("organizer.organisations", _l("Organisations")),
    ("organizer.speakers", _l("Speakers")),
    ("organizer.publish_drafts", _l("Publish")),
    ("programme.changes", _l("Changes")),
    ("organizer.exchange", _l("Import / export")),
    ("organizer.invitations", _l("Invitations")),
    ("organizer.attendees", _l("Attendees")),
    ("organizer.audit_log", _l("Audit log")),
    ("organizer.event_settings", _l("Settings")),
]


@bp.app_context_processor
def organizer_navigation():
    return {"organizer_navigation": NAVIGATION}


from . import (  # noqa: E402, F401
    attendee_views,
    audit_views,
    catalogue_views,
    event_views,
    exchange_views,
    grid_views,
    invitation_views,
    session_views,
    signup_views,
)
