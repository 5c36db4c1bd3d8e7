"""The pages of partner representatives (issue 21): their meetings and requests, the
directory of heads of post who accept requests, their agenda. Partners only."""

from flask import Blueprint

bp = Blueprint("partners", __name__, url_prefix="/partner")

from . import account_views, agenda_views, directory_views, request_views, views  # noqa: E402, F401
