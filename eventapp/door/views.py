"""The check-in pages at the palace door: door staff and organizers only.

Everything works with plain forms: a check-in POST answers with a page of its own (a 4xx
for a badge that lets nobody in), the name search is a GET form, the undo asks first. With
JavaScript (static/js/door.js) the same check-in route answers JSON to `fetch` (Accept:
application/json, the CSRF token in X-CSRFToken) with the same answer panel, rendered here,
so the page never reloads between scans; offline scans are sent to it when the network is
back, with the phone's key.
"""

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .. import limits
from ..events import current_event
from ..extensions import limiter, login
from ..models import DiplomatFunction
from . import bp, checkin
from .badges import normalise_code
from .checkin import Answer, CheckInOutcome, ScanKeyReused
from .forms import CheckInForm, UndoForm


@bp.before_request
def door_staff_and_organizers_only():
    # Every page of the door, including ones added later.
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.may_check_in:
        abort(403)
    return None


@bp.after_request
def camera_allowed_here(response):
    # The site's Permissions-Policy refuses the camera to every page (eventapp/security.py
    # sets it only where a page has not): the door scans badges with it.
    response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
    return response


def _staff_key() -> str:
    # The limiter asks before the door's guard has turned anonymous visitors away.
    user_id = current_user.get_id() if current_user.is_authenticated else None
    return f"door:{user_id}" if user_id else f"door-anonymous:{get_remote_address()}"


# One budget per staff account for every request of the door that reads or writes people:
# a scanner stuck in a loop or a script stops there, a door in a rush does not.
door_limit = limiter.shared_limit(
    lambda: current_app.config["DOOR_LIMIT"], scope="door", key_func=_staff_key
)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes.accept_html


def _event():
    event = current_event()
    if event is None:
        abort(404)
    return event


@bp.get("")
def index():
    """The check-in page (scan a badge, or find a person by name)."""
    return render_template("door/index.html", **_page(_event()))


@bp.get("/search")
@door_limit
def search():
    """People found by name (accents and case ignored), each with a button to let them in."""
    event = _event()
    text = (request.args.get("q") or "").strip()[: limits.DOOR_SEARCH]
    result = checkin.search_people(event, text)
    return render_template("door/index.html", **_page(event, search=text, result=result))


@bp.post("/check-in")
@door_limit
def check_in():
    """The door's answer to a badge code or a person picked by name: a page (or JSON for
    the page's script) with the status of the answer."""
    event = _event()
    form = CheckInForm()
    if form.typed_code is None and form.picked is None:
        return _answer_error(400, _("Type a badge code or pick a person."))
    try:
        outcome = checkin.check_in(
            event,
            code=form.typed_code,
            registration_id=None if form.typed_code is not None else form.picked,
            by=current_user,
            client_key=form.key,
            offline=form.is_offline,
            scanned_at=form.scan_time,
        )
    except ScanKeyReused:
        return _answer_error(409, _("This offline scan's key was already used for someone else."))
    malformed = form.typed_code is not None and normalise_code(form.typed_code) is None
    status = _status(outcome, malformed)
    if _wants_json():
        return _json_answer(outcome, status)
    return render_template("door/answer.html", outcome=outcome, texts=_texts(outcome)), status


@bp.post("/undo")
@door_limit
def undo():
    """Undo a mistaken check-in: asks first (the confirmation posts `confirm`), then
    deletes it and writes the audit log."""
    event = _event()
    form = UndoForm()
    row = checkin.check_in_to_undo(event, form.check_in_id.data)
    confirmed = form.confirm.data == "yes"
    if row is None:
        if confirmed:
            # Undone from another phone, or the button pressed twice.
            flash(_("That check-in was already undone."), "info")
            return redirect(url_for("door.index"))
        abort(404)
    if not confirmed:
        return render_template("door/undo.html", check_in=row)
    name = row.registration.user.full_name
    checkin.undo_check_in(row, current_user)
    flash(_("Check-in undone: %(name)s can be checked in again.", name=name), "success")
    return redirect(url_for("door.index"))


# The answers


def _status(outcome: CheckInOutcome, malformed: bool) -> int:
    if outcome.answer in (Answer.UNKNOWN, Answer.OTHER_EDITION):
        return 400 if malformed else 404
    if outcome.answer in (Answer.NOT_TODAY, Answer.CANCELLED):
        return 409
    return 200


def _answer_error(status: int, message: str):
    if _wants_json():
        return {"kind": "error", "status": status, "message": message}, status
    return render_template("door/index.html", **_page(current_event(), error=message)), status


def _json_answer(outcome: CheckInOutcome, status: int):
    texts = _texts(outcome)
    body = {
        "kind": outcome.kind,
        "status": status,
        "headline": texts["headline"],
        "summary": texts["summary"],
        "check_in_id": outcome.check_in.id if outcome.recorded and outcome.check_in else None,
        "panel": render_template("door/_answer.html", outcome=outcome, texts=texts, level=2),
    }
    return body, status


def _texts(outcome: CheckInOutcome) -> dict[str, str]:
    """The answer's headline (what the door reads at arm's length), its tone (ok, wait,
    stop: the colour, always with the words) and a one-line summary (the synced list)."""
    registration = outcome.registration
    name = registration.user.full_name if registration is not None else ""
    if outcome.answer == Answer.WELCOME:
        profile = registration.user.profile
        if profile is not None and profile.function != DiplomatFunction.OTHER:
            headline = _(
                "Welcome, %(function)s %(name)s", function=profile.function.label, name=name
            )
        else:
            headline = _("Welcome, %(name)s", name=name)
        return {"headline": headline, "tone": "ok", "summary": headline}
    if outcome.answer == Answer.ALREADY:
        earlier = outcome.check_in
        time = _local_time(earlier.checked_in_at)
        if earlier.by is not None:
            headline = _(
                "Already checked in today at %(time)s (by %(name)s)",
                time=time,
                name=earlier.by.full_name,
            )
        else:
            headline = _("Already checked in today at %(time)s", time=time)
        tone = "wait"
    elif outcome.answer == Answer.NOT_TODAY:
        headline, tone = _("Not expected today"), "stop"
    elif outcome.answer == Answer.CANCELLED:
        headline, tone = _("Registration cancelled"), "stop"
    else:
        headline, tone, name = _("Unknown or replaced badge"), "stop", ""
    summary = _("%(answer)s: %(name)s", answer=headline, name=name) if name else headline
    return {"headline": headline, "tone": tone, "summary": summary}


def _local_time(moment) -> str:
    return current_app.jinja_env.filters["local_time"](moment)


def _page(event, search: str = "", result=None, error: str | None = None) -> dict:
    return {
        "event": event,
        "form": CheckInForm(formdata=None),
        "search": search,
        "result": result,
        "error": error,
        "today": checkin.today(event) if event is not None else None,
        "script_texts": _script_texts(),
    }


def _script_texts() -> dict[str, str]:
    """What static/js/door.js says, in the visitor's language (a JSON block on the page)."""
    return {
        "waiting_one": _("1 scan waiting to be sent"),
        "waiting_many": _("%(count)s scans waiting to be sent", count="{count}"),
        "offline": _(
            "No network: scans are kept on this phone and sent when the network is back. "
            "An offline scan was NOT checked against the server."
        ),
        "saved_offline": _("Saved offline: NOT checked"),
        "saved_offline_detail": _(
            "This scan was not checked against the server. Check the badge by eye; the "
            "answer will come when the network is back."
        ),
        "synced": _("Synced: %(summary)s", summary="{summary}"),
        "camera_unavailable": _(
            "The camera is not available (refused or missing). Type the code or search by name."
        ),
        "camera_starting": _("Starting the camera…"),
        "camera_scanning": _("Point the camera at the QR code on the badge."),
        "stop_camera": _("Stop the camera"),
        "too_many": _("Too many scans in a short time. Please wait a moment and try again."),
        "failed": _("The server could not answer. Please try again."),
        "next": _("Next"),
    }
