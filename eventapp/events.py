"""Which edition of the Contact Days the app is serving, and the settings organizers
change on it."""

from datetime import date, datetime, time

from flask import current_app, g
from sqlalchemy import bindparam, select

from . import audit
from .extensions import db
from .models import Event, User
from .unit_of_work import use_case

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


# When only the day is given, the deadline is at the end of the office day.
DEFAULT_DEADLINE_TIME = time(17, 0)


@use_case
def change_settings(
    event: Event,
    *,
    deadline_day: date | None,
    deadline_time: time | None,
    contact_email: str | None,
    by: User,
) -> None:
    """Set the edition's registration deadline and contact e-mail, and write what changed
    to the audit log (`event.update`; no entry when nothing did).

    The deadline is `deadline_day` at `deadline_time` in the event's time zone, at
    DEFAULT_DEADLINE_TIME when only the day is given; no day, no deadline. An empty
    contact e-mail removes it. Raises nothing of its own (the form checks the values);
    a database error rolls everything back and goes on to the caller.
    """
    deadline = None
    if deadline_day is not None:
        deadline = datetime.combine(deadline_day, deadline_time or DEFAULT_DEADLINE_TIME, event.tz)
    before = {"deadline": event.registration_deadline, "contact_email": event.contact_email}
    event.registration_deadline = deadline
    event.contact_email = contact_email or None
    after = {"deadline": event.registration_deadline, "contact_email": event.contact_email}
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changed:
        audit.record("event.update", by, event, changed=sorted(changed), **changed)
