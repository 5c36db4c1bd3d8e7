"""The organizers' view of bilateral meetings (issue 21, point 8): the matrix of heads of
post × partners with its counts and filters, the CSV and XLSX exports, and auto-place
(eventapp/meetings/overview.py reads, eventapp/meetings/placing.py places)."""

from flask import current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..meetings import overview, placing
from ..models import Region
from ..spreadsheets import csv_bytes, xlsx_bytes
from . import bp
from .loading import event_or_404
from .meeting_forms import ConfirmForm

EXPORT_MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.get("/meetings", endpoint="meetings")
def meetings():
    event = event_or_404()
    filters = overview.MatrixFilters.from_args(request.args)
    all_meetings = overview.meetings_of(event)
    accepting = overview.heads_of_post_accepting(event)
    return render_template(
        "organizer/meetings/overview.html",
        matrix=overview.matrix(all_meetings, accepting, filters),
        counts=overview.counts(all_meetings, accepting),
        filters=filters,
        regions=[(region.value, region.label) for region in Region],
        statuses=overview.MATRIX_STATUSES,
        has_meeting_page="organizer.meeting" in current_app.view_functions,
        place_form=ConfirmForm(),
    )


@bp.get("/meetings/export.<any(csv, xlsx):fmt>", endpoint="export_meetings")
def export_meetings(fmt):
    event = event_or_404()
    header = [
        _("Partner representative"),
        _("Organisation"),
        _("Head of post"),
        _("Post"),
        _("Status"),
        _("Day"),
        _("Time"),
        _("Table"),
        _("Room"),
        _("Subject"),
    ]
    rows = overview.export_rows(overview.meetings_of(event), event)
    sheets = {_("Meetings"): (header, rows)}
    body = csv_bytes(header, rows) if fmt == "csv" else xlsx_bytes(sheets)
    response = current_app.response_class(body, content_type=EXPORT_MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="meetings.{fmt}"'
    # Names and subjects of meetings: no cache keeps a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/meetings/auto-place", methods=["GET", "POST"], endpoint="auto_place_meetings")
def auto_place_meetings():
    """The confirmation page (GET), then the placing (POST), then its report."""
    event = event_or_404()
    form = ConfirmForm()
    if form.validate_on_submit():
        report = placing.place_all(event, by=current_user)
        flash(_placed_message(len(report.placed)), "success" if report.placed else "info")
        return render_template("organizer/meetings/placed.html", report=report)
    waiting = placing.waiting_for_a_slot(event)
    return render_template("organizer/meetings/confirm_place.html", waiting=waiting, form=form)


def _placed_message(count: int) -> str:
    if not count:
        return _("No meeting was placed.")
    return ngettext("%(num)d meeting placed.", "%(num)d meetings placed.", count)
