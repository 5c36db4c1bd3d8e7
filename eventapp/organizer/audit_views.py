"""The audit log page: who did what to which record, newest first."""

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from ..events import current_event
from ..i18n import date_short
from ..programme.views import change_field_label, change_value
from . import bp, queries

# Far beyond any real log; keeps the offset a number every database accepts.
LAST_PAGE = 100_000

ACTION_FILTERS = [
    ("", _l("All")),
    ("session.", _l("Sessions")),
    ("room.", _l("Rooms")),
    ("organisation.", _l("Organisations")),
    ("speaker.", _l("Speakers")),
    ("invitation.", _l("Invitations")),
    ("registration.", _l("Registrations")),
    ("programme.", _l("Programme import and export")),
    ("attendees.", _l("Attendee exports")),
    ("arrivals.", _l("Arrival exports")),
    ("account.", _l("Accounts")),
    ("message.", _l("Messages")),
    ("event.", _l("Settings")),
    ("meeting_window.", _l("Meeting windows")),
    ("document.", _l("Documents")),
]

# Labels for the detail keys the services write; a session's calendar fields (starts_at,
# room…) take the labels of the programme changes page, anything else shows as written.
DETAIL_LABELS = {
    "name": _l("Name"),
    "title": _l("Title"),
    "capacity": _l("Capacity"),
    "notes": _l("Notes"),
    "short_name": _l("Short name"),
    "name_fr": _l("Name (French)"),
    "name_nl": _l("Name (Dutch)"),
    "short_name_fr": _l("Short name (French)"),
    "short_name_nl": _l("Short name (Dutch)"),
    "kind": _l("Kind"),
    "function": _l("Function"),
    "function_fr": _l("Function (French)"),
    "function_nl": _l("Function (Dutch)"),
    "organisation": _l("Organisation"),
    "changed": _l("Changed"),
    "calendars_updated": _l("Published sessions updated"),
    "email": _l("E-mail"),
    "old": _l("Before"),
    "new": _l("After"),
    "format": _l("Format"),
    "rows": _l("Rows"),
    "deadline": _l("Registration deadline"),
    "contact_email": _l("Contact e-mail"),
    "released": _l("Places and waitlist positions released"),
    "recipient": _l("Recipient"),
    "recipients": _l("Recipients"),
    "subject": _l("Subject"),
    "audience": _l("Sent to"),
    "error": _l("Why it failed"),
    "day": _l("Day"),
    "tables": _l("Number of tables"),
    "meeting_minutes": _l("Meeting length (minutes)"),
    "changeover_minutes": _l("Changeover (minutes)"),
    "meeting_requests_per_partner": _l("Open requests per partner representative"),
    "meetings_per_diplomat_per_day": _l("Meetings per head of post per day"),
    "meetings_per_partner_per_day": _l("Meetings per partner representative per day"),
    "titles": _l("Titles"),
    "filename": _l("File"),
    "sha256": _l("SHA-256"),
    "size": _l("Size in bytes"),
    "version": _l("Version"),
    "session_id": _l("Session number"),
    "participants_only": _l("Participants only"),
}

TARGET_LABELS = {
    "Session": _l("Session"),
    "Room": _l("Room"),
    "Organisation": _l("Organisation"),
    "Speaker": _lp("audit record", "Speaker"),
    "User": _l("User"),
    "Invitation": _l("Invitation"),
    "Registration": _l("Registration"),
    "Event": _l("Event"),
    "OutboxMail": _l("Mail"),
    "GroupMessage": _l("Message to a group"),
    "MeetingWindow": _l("Meeting window"),
    "Document": _l("Document"),
}


@bp.get("/audit")
def audit_log():
    """Newest first, 50 a page (?page=), optionally only actions starting with ?action=."""
    action = request.args.get("action", "").strip()[:64]
    page = min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE)
    entries = queries.audit_entries(action, page)
    return render_template(
        "organizer/audit_log.html",
        entries=entries,
        action=action,
        filters=ACTION_FILTERS,
        target_labels=TARGET_LABELS,
        linked_sessions=queries.sessions_still_there(current_event(), entries.items),
    )


@bp.app_template_filter("audit_details")
def audit_details(details) -> list[tuple[str, str]]:
    """An entry's details as (label, text) pairs: nested values flattened, lists joined."""
    if not isinstance(details, dict):
        return [] if details in (None, "") else [(_("Details"), readable(details))]
    return [(label(name), _detail_text(name, value)) for name, value in details.items()]


# What older entries stored, in English, for a session update that changed nothing a
# calendar shows; newer ones store an empty "changed".
NO_CALENDAR_FIELD = "(no calendar field)"


def _detail_text(name: str, value) -> str:
    if name == "changed" and value in ({}, [], "", None, NO_CALENDAR_FIELD):
        return _("(no calendar field)")
    if name == "day" and isinstance(value, str):
        try:
            return date_short(date.fromisoformat(value))
        except ValueError:
            return value
    return readable(value, name)


def label(name: str) -> str:
    return str(DETAIL_LABELS.get(name) or change_field_label(name))


def readable(value, name: str = "") -> str:
    """A recorded value as people read it: "old → new", "a, b", "key: value; …"."""
    if isinstance(value, dict):
        if value.keys() == {"old", "new"}:
            return f"{readable(value['old'], name)} → {readable(value['new'], name)}"
        parts = [f"{label(key)}: {readable(item, key)}" for key, item in value.items()]
        return "; ".join(parts) or "—"
    if isinstance(value, list):
        return ", ".join(readable(item, name) for item in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    try:
        return change_value(value, name)
    except (TypeError, ValueError):
        # A time or status not written the way the change list expects: show it as is.
        return str(value)
