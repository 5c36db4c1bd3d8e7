"""The rows of the three attendee exports: attendee list, catering list, badge list.

Headers and labels are in the organizer's language; dates are ISO 8601 and times are
Brussels time, which sort and filter well in a spreadsheet. Every cell goes through
`eventapp.spreadsheets`, which keeps names and remarks from running as formulas.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain

from flask_babel import gettext as _

from ..i18n import date_short
from ..models import Event, Language, Registration
from ..spreadsheets import csv_bytes, xlsx_bytes
from . import queries

# Characters Excel refuses in a sheet title.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


@dataclass(frozen=True)
class Table:
    """One header, and rows in one or more sheets: CSV puts the sheets one after the
    other (a column says which is which), XLSX gives each its own tab."""

    header: list[str]
    sheets: dict[str, list[list]]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())

    def csv(self) -> bytes:
        return csv_bytes(self.header, chain.from_iterable(self.sheets.values()))

    def xlsx(self) -> bytes:
        return xlsx_bytes({title: (self.header, rows) for title, rows in self.sheets.items()})


def attendee_table(event: Event, filters: queries.AttendeeFilters) -> Table:
    """Every registration the list shows with these filters, with all it holds."""
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Function"),
        _("Post"),
        _("Country"),
        _("Region"),
        _("Status"),
        _("Days"),
        _("Language"),
        _("Arrival (Brussels time)"),
        _("Departure (Brussels time)"),
        _("Mobile phone"),
        _("Dietary requirements"),
        _("Accessibility needs"),
        _("Remarks"),
    ]
    rows = []
    for registration in queries.attendee_list(event, filters):
        user, profile = registration.user, registration.user.profile
        rows.append(
            [
                user.last_name,
                user.first_name,
                user.email,
                profile.function.label if profile else "",
                profile.post_city if profile else "",
                profile.post_country if profile else "",
                profile.region.label if profile else "",
                registration.status.label,
                ", ".join(day.isoformat() for day in registration.days),
                _language_label(user.language),
                _local(registration.arrival_at, event),
                _local(registration.departure_at, event),
                registration.mobile_phone,
                registration.dietary,
                registration.accessibility,
                registration.remarks,
            ]
        )
    return Table(header, {_("Attendees"): rows})


def catering_table(event: Event) -> Table:
    """Per day of the event, who comes (registered or confirmed) and what they need."""
    header = [
        _("Day"),
        _("Last name"),
        _("First name"),
        _("Function"),
        _("Post"),
        _("Status"),
        _("Dietary requirements"),
        _("Accessibility needs"),
    ]
    attending = queries.attending_on_days(event)
    sheets = {}
    for day in event.days:
        sheets[_sheet_title(day)] = [
            [
                day.isoformat(),
                registration.user.last_name,
                registration.user.first_name,
                _function(registration),
                _post(registration),
                registration.status.label,
                registration.dietary,
                registration.accessibility,
            ]
            for registration in attending
            if day in registration.days
        ]
    return Table(header, sheets)


def badge_table(event: Event) -> Table:
    """Confirmed diplomats only: what their badge says."""
    header = [_("First name"), _("Last name"), _("Function"), _("Post")]
    rows = [
        [
            registration.user.first_name,
            registration.user.last_name,
            _function(registration),
            _post(registration),
        ]
        for registration in queries.confirmed(event)
    ]
    return Table(header, {_("Badges"): rows})


BUILDERS: dict[str, Callable[..., Table]] = {
    "attendees": attendee_table,
    "catering": catering_table,
    "badges": badge_table,
}


def file_slug(event: Event) -> str:
    # Safe inside a quoted Content-Disposition value whatever the slug holds.
    return re.sub(r"[^A-Za-z0-9._-]+", "-", event.slug).strip("-") or "event"


def _function(registration: Registration) -> str:
    profile = registration.user.profile
    return str(profile.function.label) if profile else ""


def _post(registration: Registration) -> str:
    profile = registration.user.profile
    return profile.post if profile else ""


def _local(value: datetime | None, event: Event) -> str:
    return value.astimezone(event.tz).strftime("%Y-%m-%d %H:%M") if value else ""


def _language_label(code: str) -> str:
    try:
        return Language(code).label
    except ValueError:
        return code


def _sheet_title(day: date) -> str:
    return SHEET_TITLE_FORBIDDEN.sub("", date_short(day))[:31]
