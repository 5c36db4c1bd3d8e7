"""Organizer pages to export the whole programme (JSON, CSV) and import it back (JSON)."""

import re
from collections.abc import Callable

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import render_error
from ..events import current_event
from ..programme import exchange
from ..programme.exchange import ImportRejected, ReportRow
from . import bp
from .exchange_forms import ImportForm
from .loading import event_or_404

# A long report is cut short on the page: the first problems are the ones to fix first.
REPORT_LIMIT = 200


@bp.get("/exchange", endpoint="exchange")
def exchange_page():
    event = event_or_404()
    return _page(event, ImportForm())


@bp.get("/exchange/programme.json")
def export_json():
    event = event_or_404()
    body = exchange.export_json(event, by=current_user).encode("utf-8")
    return _download(body, "application/json; charset=utf-8", f"programme-{_slug(event)}.json")


@bp.get("/exchange/programme-csv.zip")
def export_csv():
    event = event_or_404()
    body = exchange.export_csv(event, by=current_user)
    return _download(body, "application/zip", f"programme-{_slug(event)}-csv.zip")


@bp.post("/exchange/import")
def import_programme():
    event = event_or_404()
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(event, form), 400
    try:
        counts = exchange.import_json(event, form.file.data.read(), current_user)
    except ImportRejected as rejected:
        return _page(event, ImportForm(formdata=None), rejected), 422
    flash(
        _(
            "Programme imported. Added: rooms %(rooms)d, organisations %(organisations)d, "
            "speakers %(speakers)d, sessions %(sessions)d.",
            **counts,
        ),
        "success",
    )
    return redirect(url_for("organizer.exchange"))


# The pages that answer a file over the request's limit with their own form again (the
# limit said in it) instead of a bare 413: endpoint -> a function rendering that page.
TOO_LARGE_PAGES: dict[str, Callable] = {}


def too_large_page(endpoint: str):
    """Register the page `endpoint` answers with when its file is over the limit (the
    blueprint has one handler for RequestEntityTooLarge: this one)."""

    def register(render: Callable) -> Callable:
        TOO_LARGE_PAGES[endpoint] = render
        return render

    return register


@bp.errorhandler(RequestEntityTooLarge)
def file_too_large(error):
    """A file over the limit gets its upload page with the limit said, not a bare error.

    Registered on the blueprint, so any page of the organizer area may land here: only the
    upload pages (TOO_LARGE_PAGES), for an organizer, get their page; the rest get the
    usual error.
    """
    render = TOO_LARGE_PAGES.get(request.endpoint)
    if (
        render is None
        or not current_user.is_authenticated
        or not current_user.is_organizer
        or current_event() is None
    ):
        return render_error(413)
    try:
        return render(), 413
    except HTTPException as refusal:  # the page's record is missing: its own answer
        return render_error(refusal.code)


@too_large_page("organizer.import_programme")
def import_too_large():
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    rejected = ImportRejected(
        [
            ReportRow(
                _("the file"),
                "",
                _(
                    "The file is larger than the %(size)s MB an import accepts.",
                    size=f"{limit / 1024 / 1024:g}",
                ),
            )
        ]
    )
    return _page(current_event(), ImportForm(formdata=None), rejected)


def _page(event, form, rejected: ImportRejected | None = None):
    report = rejected.rows if rejected else []
    return render_template(
        "organizer/exchange.html",
        event=event,
        form=form,
        counts=exchange.programme_counts(event),
        rejected=rejected,
        report=report[:REPORT_LIMIT],
        hidden=max(0, len(report) - REPORT_LIMIT),
    )


def _download(body: bytes, mimetype: str, filename: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # The programme holds drafts and diplomats' e-mail addresses: no cache keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


def _slug(event) -> str:
    # Safe inside a quoted header value whatever the slug holds.
    return re.sub(r"[^A-Za-z0-9._-]+", "-", event.slug).strip("-") or "event"
