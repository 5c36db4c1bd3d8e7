"""What the accounts that are neither organizers nor diplomats may open.

Door staff (issue 20) get the check-in pages (the `door` blueprint); partner
representatives (issue 21) get their own pages (the `partners` blueprint: their meetings
and requests, the directory of heads of post, their agenda). Both get their account (log
in and out, password) and what any visitor sees without logging in (the public programme
and feed, the home page). Everything else answers 403 to them, including pages added
later: the lists below are of what they may open, not of what they may not.

Both read the programme as an anonymous visitor does (eventapp/visibility.py): no
attendees-only or invited-only session, no attendee list, no export.
"""

from flask import abort, request
from flask_login import current_user

from .models import Role

# Whole blueprints open to each kind of account.
OPEN_BLUEPRINTS = {
    Role.DOOR_STAFF: {"door", "main", "auth"},
    Role.PARTNER: {"partners", "main", "auth"},
}
# Pages of other blueprints open to each kind of account.
OPEN_ENDPOINTS = {
    Role.PARTNER: {"calendar.reset_feed_link"},  # their agenda's calendar link
}
# Public pages of other blueprints: what an anonymous visitor may open too.
PUBLIC_ENDPOINTS = {
    "static",
    "programme.programme",
    "programme.changes",
    "programme.session",
    "calendar.programme_feed",
    "calendar.personal_feed",  # its link is its key, whoever is logged in
    "calendar.session_download",
    "documents.download",  # a document of a session the visitor may see (eventapp/documents)
}


def stay_in_their_area():
    if not current_user.is_authenticated:
        return None
    blueprints = OPEN_BLUEPRINTS.get(current_user.role)
    if blueprints is None or request.endpoint is None:  # organizers, diplomats; a 404
        return None
    if request.endpoint in PUBLIC_ENDPOINTS or request.blueprint in blueprints:
        return None
    if request.endpoint in OPEN_ENDPOINTS.get(current_user.role, ()):
        return None
    abort(403)


def register(app) -> None:
    app.before_request(stay_in_their_area)
