"""Invitations and registration: the personal link, the registration form, its changes."""

from flask import Blueprint

bp = Blueprint("invitations", __name__)

from . import views  # noqa: E402, F401
