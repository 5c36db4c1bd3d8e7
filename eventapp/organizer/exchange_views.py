"""Organizer pages to export the whole programme (JSON, CSV) and import it back (JSON)."""

import re

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

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


@bp.errorhandler(RequestEntityTooLarge)
def file_too_large(error):
    """A file over MAX_CONTENT_LENGTH gets the import page with a report, not a bare error.

    Registered on the blueprint, so any page of the organizer area may land here: only the
    import, for an organizer, gets the page; the rest get the usual error.
    """
    event = current_event()
    if (
        request.endpoint != "organizer.import_programme"
        or not current_user.is_authenticated
        or not current_user.is_organizer
        or event is None
    ):
        return render_error(413)
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
    return _page(event, ImportForm(formdata=None), rejected), 413


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
