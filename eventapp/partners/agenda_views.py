"""The partner representative's agenda (issue 21, point 7): their bilateral meetings day
by day, printable, and their personal calendar feed. Partners only (the blueprint's
`partners_only` guard)."""

from flask import render_template
from flask_login import current_user

from ..calendar import services as calendar_services
from ..events import current_event
from ..i18n import current_language
from ..meetings.on_agenda import agenda_meetings, by_day
from . import bp


@bp.get("/agenda")
def agenda():
    """Accepted meetings (cancelled ones struck through), by day, with time, room, table
    and the head of post; two statements besides the login's."""
    event = current_event()
    meetings = agenda_meetings(current_user, event, current_language()) if event else []
    return render_template(
        "partners/agenda.html",
        event=event,
        meetings_by_day=by_day(meetings),
        calendar_links=calendar_services.subscription_links(current_user),
    )
