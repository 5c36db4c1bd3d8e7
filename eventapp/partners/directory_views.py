"""The directory of heads of post partners may ask for a bilateral meeting."""

from flask import abort, render_template, request

from .. import limits
from ..events import current_event
from . import bp, directory
from .forms import DirectoryFilterForm


@bp.get("/directory", endpoint="directory")
def directory_page():
    event = current_event()
    if event is None:
        abort(404)
    form = DirectoryFilterForm(request.args, countries=directory.directory_countries(event))
    search = (form.q.data or "").strip()[: limits.SEARCH]
    form.q.data = search
    filters = directory.DirectoryFilters(
        search=search,
        region=form.chosen("region"),
        country=form.chosen("country"),
        sector=form.chosen("sector"),
    )
    return render_template(
        "partners/directory.html",
        event=event,
        form=form,
        filters=filters,
        entries=directory.directory(event, filters),
        total=directory.count_directory(event),
    )
