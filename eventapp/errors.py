"""Error pages in the site's layout (HTML) or small JSON bodies (for JSON clients)."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes.accept_html


def _messages():
    return {
        400: _("The request could not be understood. Please check what you sent and try again."),
        403: _("You do not have access to this page."),
        404: _("We could not find that page. It may have moved, or the address may be wrong."),
        405: _("That action is not allowed on this page."),
        413: _("The file or form you sent is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Nothing you entered was saved half-way."),
        503: _("The service is temporarily unavailable. Please try again shortly."),
    }


def render_error(code: int, message: str | None = None):
    message = message or _messages().get(code) or _("Something went wrong.")
    if _wants_json():
        return {"error": code, "message": message}, code
    try:
        return render_template("errors/error.html", code=code, message=message), code
    except Exception:  # noqa: BLE001
        # The layout needs the database (the logged-in user); when that is what failed,
        # a plain page still tells the person what happened.
        db.session.rollback()
        return f"{code}: {escape(message)}", code, {"Content-Type": "text/plain; charset=utf-8"}


def register(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, _("Your form expired or was sent from elsewhere. Please reload and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        response = render_error(error.code)
        if error.code == 405 and error.valid_methods:
            return (*response, {"Allow": ", ".join(error.valid_methods)})
        return response

    @app.errorhandler(InternalServerError)
    def internal_error(error):
        # Whatever the failed request had started must not leak into the next one.
        db.session.rollback()
        return render_error(500)
