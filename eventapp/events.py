"""Which edition of the Contact Days the app is serving."""

from flask import current_app, g
from sqlalchemy import select

from .extensions import db
from .models import Event


def current_event() -> Event | None:
    """The edition named by EVENT_SLUG, else the latest one; None before any is loaded."""
    if "current_event" not in g:
        event = db.session.scalar(
            select(Event).where(Event.slug == current_app.config["EVENT_SLUG"])
        ) or db.session.scalar(select(Event).order_by(Event.first_day.desc()).limit(1))
        g.current_event = event
    return g.current_event
