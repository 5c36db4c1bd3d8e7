from datetime import datetime

from flask import render_template
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..events import current_event
from ..extensions import db
from ..models import Session, SessionChange
from ..visibility import visible_to
from . import bp

CHANGE_LIMIT = 200

FIELD_LABELS = {
    "title_en": _l("Title (English)"),
    "title_fr": _l("Title (French)"),
    "title_nl": _l("Title (Dutch)"),
    "description_en": _l("Description (English)"),
    "description_fr": _l("Description (French)"),
    "description_nl": _l("Description (Dutch)"),
    "starts_at": _l("Start"),
    "ends_at": _l("End"),
    "room": _l("Room"),
    "speakers": _l("Speakers"),
    "status": _l("Status"),
}


@bp.get("/changes")
def changes():
    """Programme changes, newest first: all for organizers, visible ones for others."""
    event = current_event()
    entries = []
    if event is not None:
        entries = db.session.scalars(
            select(SessionChange)
            .join(Session, SessionChange.session_id == Session.id)
            .where(Session.event_id == event.id, visible_to(current_user))
            .options(
                selectinload(SessionChange.session).selectinload(Session.room),
                selectinload(SessionChange.changed_by),
            )
            .order_by(SessionChange.changed_at.desc(), SessionChange.id.desc())
            .limit(CHANGE_LIMIT)
        ).all()
    return render_template("programme/changes.html", changes=entries, event=event)


@bp.app_template_filter("change_field")
def change_field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@bp.app_template_filter("change_value")
def change_value(value, name: str) -> str:
    """A recorded old or new value as people read it (times in Brussels)."""
    if value is None or value == "":
        return "—"
    if name in ("starts_at", "ends_at"):
        return format_datetime(datetime.fromisoformat(value), "EEE d MMM y, HH:mm")
    if name == "status":
        from ..models import SessionStatus

        return str(SessionStatus(value).label)
    return str(value)
