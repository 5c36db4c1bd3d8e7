"""The programme as people read it: programme changes now; programme pages and agendas later."""

from flask import Blueprint

bp = Blueprint("programme", __name__)

from . import views  # noqa: E402, F401
