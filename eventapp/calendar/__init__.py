"""Calendars: the public programme feed, one-session downloads and personal agenda feeds."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)

from . import views  # noqa: E402, F401
