"""Partner representatives' pages: partners only (organizers have their own views)."""

from flask import abort, render_template, request
from flask_login import current_user

from ..events import current_event
from ..extensions import login
from . import bp, queries

# Pages of the area anyone may open: the invitation link works for a logged-out person.
OPEN_TO_ALL = {"partners.registration_link"}


@bp.before_request
def partners_only():
    # Every page of the area, including ones added later.
    if request.endpoint in OPEN_TO_ALL:
        return None
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.is_partner:
        abort(403)
    return None


@bp.get("")
def index():
    """The partner's home: their meetings and requests, grouped by status."""
    event = current_event()
    if event is None:
        abort(404)
    return render_template(
        "partners/index.html",
        event=event,
        groups=queries.meetings_by_status(current_user, event),
    )
