"""The palace door (issue 20): badge codes (badges.py), door staff's reach (access.py),
the check-in pages (views.py)."""

from flask import Blueprint

bp = Blueprint("door", __name__, url_prefix="/door")

from . import views  # noqa: E402, F401
