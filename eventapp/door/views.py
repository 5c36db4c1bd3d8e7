"""The check-in pages at the palace door: door staff and organizers only."""

from flask import abort, render_template
from flask_login import current_user

from ..events import current_event
from ..extensions import login
from . import bp


@bp.before_request
def door_staff_and_organizers_only():
    # Every page of the door, including ones added later.
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.may_check_in:
        abort(403)
    return None


@bp.get("")
def index():
    """The check-in page (scan a badge, or find a person by name)."""
    return render_template("door/index.html", event=current_event())
