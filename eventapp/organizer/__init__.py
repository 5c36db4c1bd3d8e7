"""The organizer area: building the programme, publishing, the audit log."""

from flask import Blueprint, abort
from flask_login import current_user

from ..extensions import login
from .navigation import organizer_menu

bp = Blueprint("organizer", __name__, url_prefix="/organizer")


@bp.before_request
def organizers_only():
    # Every page of the area, including ones added later, is for organizers only.
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.is_organizer:
        abort(403)
    return None


# The area's menu, called by the pages that show it (templates/organizer/_nav.html).
bp.add_app_template_global(organizer_menu)


from . import (  # noqa: E402, F401
    arrival_views,
    attendee_views,
    audit_views,
    badge_views,
    catalogue_views,
    document_views,
    door_staff_views,
    event_views,
    exchange_views,
    grid_views,
    invitation_views,
    meeting_actions,
    meeting_views,
    message_views,
    partner_views,
    session_views,
    signup_views,
    window_views,
)
