"""Partner representatives' pages: partners only (organizers have their own views)."""

from flask import abort, render_template
from flask_login import current_user

from ..events import current_event
from ..extensions import login
from . import bp


@bp.before_request
def partners_only():
    # Every page of the area, including ones added later.
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.is_partner:
        abort(403)
    return None


@bp.get("")
def index():
    """The partner's home: their meetings and requests."""
    return render_template("partners/index.html", event=current_event())
