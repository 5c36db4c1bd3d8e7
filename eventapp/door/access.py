"""What door staff may open: the check-in pages (the `door` blueprint), their own account
(log in and out, password), and what any visitor sees without logging in (the public
programme and feed, the home page). Everything else answers 403 to them, including pages
added later: the list below is of what they may open, not of what they may not.

Door staff see sessions as an anonymous visitor does (eventapp/visibility.py): no
attendees-only or invited-only session, no attendee list, no export.
"""

from flask import abort, request
from flask_login import current_user

# Whole blueprints open to door staff.
OPEN_BLUEPRINTS = {"door", "main", "auth"}
# Public pages of other blueprints: what an anonymous visitor may open too.
OPEN_ENDPOINTS = {
    "static",
    "programme.programme",
    "programme.changes",
    "programme.session",
    "calendar.programme_feed",
    "calendar.personal_feed",  # its link is its key, whoever is logged in
    "calendar.session_download",
}


def door_staff_stay_at_the_door():
    if not current_user.is_authenticated or not current_user.is_door_staff:
        return None
    endpoint = request.endpoint or ""
    if endpoint in OPEN_ENDPOINTS or request.blueprint in OPEN_BLUEPRINTS:
        return None
    abort(403)


def register(app) -> None:
    app.before_request(door_staff_stay_at_the_door)
