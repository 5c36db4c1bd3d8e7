"""Which edition of the Contact Days the app is serving."""

from flask import current_app, g
from sqlalchemy import bindparam, select

from .extensions import db
from .models import Event

# Built once: nearly every request asks, and building a statement (and its cache key)
# cost more than running it.
EVENT_BY_SLUG = select(Event).where(Event.slug == bindparam("slug"))
LATEST_EVENT = select(Event).order_by(Event.first_day.desc()).limit(1)


def current_event() -> Event | None:
    """The edition named by EVENT_SLUG, else the latest one; None before any is loaded."""
    if "current_event" not in g:
        event = db.session.scalar(
            EVENT_BY_SLUG, {"slug": current_app.config["EVENT_SLUG"]}
        ) or db.session.scalar(LATEST_EVENT)
        g.current_event = event
    return g.current_event
