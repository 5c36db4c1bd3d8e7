"""Arrivals for organizers (issue 20): per day, expected against arrived in total, by
function and by region, who is not in yet and who came in; a spreadsheet of the day.

The page is whole without JavaScript (a "Refresh" button reloads it); with it,
static/js/arrivals.js asks `arrivals_live` every 15 seconds for the same part of the page,
rendered by the server from the same template, and puts it in place.
"""

from flask import Response, jsonify, render_template, request, url_for
from flask_babel import format_time
from flask_login import current_user

from ..attendees.exports import file_slug
from ..days import day_tabs, event_day
from ..door import arrivals as queries
from ..i18n import TIME_FORMAT
from ..models import utcnow
from . import bp
from .loading import event_or_404

EXPORT_FORMATS = "any(csv, xlsx)"
POLL_SECONDS = 15


def _chosen(event):
    """The day asked for (`?day=`), else today during the edition, else its first day;
    the search, the sort and its direction."""
    today = utcnow().astimezone(event.tz).date()
    day = event_day(event, request.args.get("day", "")) or queries.default_day(event, today)
    sort = request.args.get("sort", "name")
    if sort not in queries.SORTS:
        sort = "name"
    descending = request.args.get("dir") == "desc"
    query = request.args.get("q", "").strip()[:100]
    return day, query, sort, descending


def _context(event):
    day, query, sort, descending = _chosen(event)
    arrivals = queries.day_arrivals(event, day)
    return {
        "event": event,
        "day": day,
        "arrivals": arrivals,
        "waiting": queries.shown(arrivals, query, sort, descending),
        "query": query,
        "sort": sort,
        "descending": descending,
        "now": utcnow(),
        "live_url": url_for(
            "organizer.arrivals_live",
            day=day.isoformat(),
            q=query or None,
            sort=None if sort == "name" else sort,
            dir="desc" if descending else None,
        ),
    }


@bp.get("/arrivals")
def arrivals():
    """The arrivals page for a day."""
    event = event_or_404()
    context = _context(event)
    return render_template(
        "organizer/arrivals.html",
        tabs=day_tabs(event, "organizer.arrivals", context["day"]),
        poll_seconds=POLL_SECONDS,
        **context,
    )


@bp.get("/arrivals/live.json")
def arrivals_live():
    """The counts and lists of the page, rendered, for the page's script to swap in."""
    event = event_or_404()
    context = _context(event)
    response = jsonify(
        day=context["day"].isoformat(),
        expected=context["arrivals"].total.expected,
        arrived=context["arrivals"].total.arrived,
        updated=format_time(context["now"], TIME_FORMAT),
        html=render_template("organizer/_arrivals_live.html", **context),
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get(f"/arrivals/export.<{EXPORT_FORMATS}:fmt>")
def export_arrivals(fmt):
    """The chosen day as a spreadsheet: everyone expected, with the time each came in."""
    event = event_or_404()
    day, *_ = _chosen(event)
    body = queries.export_day(event, queries.day_arrivals(event, day), fmt, current_user)
    mimetype = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"arrivals-{file_slug(event)}-{day.isoformat()}.{fmt}"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
