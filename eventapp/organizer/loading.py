"""What an organizer page is about: the edition the app serves, and a record of it.

Every organizer page loads through these, so a record of another edition answers 404
exactly like a missing one.
"""

from flask import abort

from ..events import current_event
from ..extensions import db
from ..models import Event, Session


def event_or_404() -> Event:
    """The edition the app is serving; 404 before any is loaded."""
    event = current_event()
    if event is None:
        abort(404)
    return event


def of_event_or_404(model, record_id: int):
    """The record, or 404 when it is missing or belongs to another edition."""
    record = db.get_or_404(model, record_id)
    if record.event_id != event_or_404().id:
        abort(404)
    return record


def session_or_404(session_id: int) -> Session:
    return of_event_or_404(Session, session_id)
