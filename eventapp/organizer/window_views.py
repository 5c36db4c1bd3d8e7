"""Organizer pages for meeting windows (issue 21, point 2): the list with the edition's
limits, a new window, editing one, opening, closing and deleting it (each confirmed),
and the printable table plans (eventapp/meetings/windows.py holds the rules)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..meetings import overview, windows
from ..models import MeetingWindow
from . import bp
from .loading import event_or_404, of_event_or_404
from .meeting_forms import ConfirmForm, LimitsForm, WindowForm

ACTIONS = {
    "open": (
        windows.open_window,
        lambda: _("The window is open: partners can ask for meetings in it."),
    ),
    "close": (windows.close_window, lambda: _("The window is closed to new requests.")),
    "delete": (windows.delete_window, lambda: _("The window is deleted.")),
}


@bp.get("/meeting-windows", endpoint="meeting_windows")
def meeting_windows():
    event = event_or_404()
    limits_form = LimitsForm()
    limits_form.fill_from(event)
    return _windows_page(event, limits_form)


def _windows_page(event, limits_form, status=200):
    shown = windows.editable_and_deletable(overview.windows_of(event))
    page = render_template(
        "organizer/meetings/windows.html", event=event, windows=shown, limits_form=limits_form
    )
    return page, status


@bp.post("/meeting-windows/limits", endpoint="meeting_limits")
def meeting_limits():
    event = event_or_404()
    form = LimitsForm()
    if not form.validate_on_submit():
        return _windows_page(event, form, status=400)
    try:
        windows.change_limits(event, form.limits(), by=current_user)
    except windows.WindowRefused as refused:
        form.form_errors.append(str(refused))
        return _windows_page(event, form, status=400)
    flash(_("Limits saved."), "success")
    return redirect(url_for("organizer.meeting_windows"))


@bp.route("/meeting-windows/new", methods=["GET", "POST"])
def new_meeting_window():
    event = event_or_404()
    form = WindowForm(event)
    if form.validate_on_submit():
        try:
            windows.create_window(event, form.values(), by=current_user)
        except windows.WindowRefused as refused:
            form.form_errors.extend(str(refused).split("\n"))
        else:
            flash(_("The window is saved as a draft: open it when partners may ask."), "success")
            return redirect(url_for("organizer.meeting_windows"))
    return render_template("organizer/meetings/window_form.html", form=form, window=None)


@bp.route("/meeting-windows/<int:window_id>/edit", methods=["GET", "POST"])
def edit_meeting_window(window_id):
    event = event_or_404()
    window = of_event_or_404(MeetingWindow, window_id)
    form = WindowForm(event)
    if not form.is_submitted():
        form.fill_from(window)
    if form.validate_on_submit():
        try:
            windows.change_window(window, form.values(), by=current_user)
        except windows.WindowRefused as refused:
            form.form_errors.extend(str(refused).split("\n"))
        else:
            flash(_("The window is saved."), "success")
            return redirect(url_for("organizer.meeting_windows"))
    return render_template("organizer/meetings/window_form.html", form=form, window=window)


@bp.route(
    "/meeting-windows/<int:window_id>/<any(open, close, delete):action>", methods=["GET", "POST"]
)
def meeting_window_action(window_id, action):
    """The confirmation page (GET), then the change (POST with its CSRF token)."""
    window = of_event_or_404(MeetingWindow, window_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        change, done = ACTIONS[action]
        try:
            change(window, by=current_user)
        except windows.WindowRefused as refused:
            flash(str(refused), "error")
        else:
            flash(done(), "success")
        return redirect(url_for("organizer.meeting_windows"))
    return render_template(
        "organizer/meetings/confirm_window.html", window=window, action=action, form=form
    )


@bp.get("/meeting-windows/<int:window_id>/plan", endpoint="meeting_window_plan")
def meeting_window_plan(window_id):
    window = of_event_or_404(MeetingWindow, window_id)
    return render_template(
        "organizer/meetings/plans.html",
        plans=[(window, overview.table_plan(window))],
        single=True,
    )


@bp.get("/table-plans", endpoint="table_plans")
def table_plans():
    """Every window's plan, one printed page each."""
    event = event_or_404()
    plans = [(window, overview.table_plan(window)) for window in overview.windows_of(event)]
    return render_template("organizer/meetings/plans.html", plans=plans, single=False)
