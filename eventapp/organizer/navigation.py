"""The organizer area's menu: its pages in three groups, so that it fits a laptop and a
phone (one row of twelve tabs ran off a 1280-pixel screen, "Settings" last).

The group of the page shown lists its pages on a second row; each other group is one
link, to its first page. A page belongs to the tab whose address its own address starts
with (/organizer/sessions/12/edit is under Sessions), so pages added later find their
group without being listed here.
"""

from dataclasses import dataclass

from flask import request, url_for
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Tab:
    endpoint: str
    label: str


@dataclass(frozen=True)
class Group:
    label: str
    tabs: tuple[Tab, ...]


NAVIGATION = (
    Group(
        _l("Programme"),
        (
            Tab("organizer.grid", _l("Week grid")),
            Tab("organizer.sessions", _l("Sessions")),
            Tab("organizer.rooms", _l("Rooms")),
            Tab("organizer.organisations", _l("Organisations")),
            Tab("organizer.speakers", _l("Speakers")),
            Tab("organizer.documents", _l("Documents")),
            Tab("organizer.publish_drafts", _l("Publish")),
            Tab("programme.changes", _l("Changes")),
        ),
    ),
    Group(
        _l("People"),
        (
            Tab("organizer.invitations", _l("Invitations")),
            Tab("organizer.attendees", _l("Attendees")),
            Tab("organizer.arrivals", _l("Arrivals")),
            Tab("organizer.messages_page", _l("Messages")),
            Tab("organizer.partners", _l("Partners")),
            Tab("organizer.door_staff", _l("Door staff")),
            Tab("door.index", _l("Check-in")),
        ),
    ),
    Group(
        _l("Meetings"),
        (
            Tab("organizer.meetings", _l("Overview")),
            Tab("organizer.meeting_windows", _l("Windows")),
            Tab("organizer.table_plans", _l("Table plans")),
        ),
    ),
    Group(
        _l("Settings and data"),
        (
            Tab("organizer.event_settings", _l("Settings")),
            Tab("organizer.exchange", _l("Import / export")),
            Tab("organizer.audit_log", _l("Audit log")),
        ),
    ),
)


@dataclass(frozen=True)
class ShownTab:
    label: str
    url: str
    # "page" on the tab's own page, "true" on a page under it (a session under Sessions).
    current: str | None


@dataclass(frozen=True)
class ShownGroup:
    label: str
    url: str  # its first page
    open: bool  # the page shown is one of its own, or under one
    tabs: tuple[ShownTab, ...]


def _current(url: str, here: str) -> str | None:
    if here == url:
        return "page"
    if here.startswith(url.rstrip("/") + "/"):
        return "true"
    return None


def organizer_menu() -> tuple[ShownGroup, ...]:
    """The menu as the page at the request's address shows it."""
    here = request.script_root + request.path
    groups = []
    for group in NAVIGATION:
        tabs = []
        for tab in group.tabs:
            url = url_for(tab.endpoint)
            tabs.append(ShownTab(tab.label, url, _current(url, here)))
        is_open = any(tab.current for tab in tabs)
        groups.append(ShownGroup(group.label, tabs[0].url, is_open, tuple(tabs)))
    return tuple(groups)
