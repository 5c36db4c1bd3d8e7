"""A head of post's answers to partners' requests for bilateral meetings: the request
and the slots the app offers (`/meetings/<id>`), accept, decline, propose another
window, cancel an accepted meeting. Diplomats only, and only their own meetings: another
person's meeting id answers 404."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..events import current_event
from ..extensions import login
from ..models import MeetingStatus
from . import queries, services
from .forms import AcceptForm, CancelForm, DeclineForm, ProposeForm
from .slots import offered_slots

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


@bp.before_request
def diplomats_only():
    if not current_user.is_authenticated:
        return login.unauthorized()
    if not current_user.is_diplomat:
        abort(403)
    return None


@bp.get("/<int:meeting_id>")
def show(meeting_id):
    """The request (subject, note, who asks) and the slots offered, or where it stands."""
    meeting = queries.meeting_or_404(meeting_id, diplomat=current_user)
    return _show(meeting)


def _show(meeting, form=None, status=200):
    slots = offered_slots(meeting) if meeting.status == MeetingStatus.REQUESTED else []
    form = form or AcceptForm(slots=slots)
    return render_template("meetings/show.html", meeting=meeting, slots=slots, form=form), status


@bp.post("/<int:meeting_id>/accept")
def accept(meeting_id):
    meeting = queries.meeting_or_404(meeting_id, diplomat=current_user)
    slots = offered_slots(meeting) if meeting.status == MeetingStatus.REQUESTED else []
    form = AcceptForm(slots=slots)
    if not form.validate_on_submit():
        return _show(meeting, form, 400)
    if form.any_time:
        return _step(
            meeting,
            lambda: services.accept(meeting, by=current_user),
            _("The meeting is accepted; the organizers will give it a time and a table."),
        )
    chosen = form.chosen()
    windows = {window.id: window for window in meeting.requested_windows}
    if chosen is None or chosen[0] not in windows:
        form.slot.errors = [_("Choose one of the times offered.")]
        return _show(meeting, form, 400)
    window, starts_at = windows[chosen[0]], chosen[1]
    return _step(
        meeting,
        lambda: services.accept(meeting, window=window, starts_at=starts_at, by=current_user),
        _("The meeting is accepted. It is on your agenda, and the partner is told."),
    )


@bp.route("/<int:meeting_id>/decline", methods=["GET", "POST"])
def decline(meeting_id):
    meeting = queries.meeting_or_404(meeting_id, diplomat=current_user)
    form = DeclineForm()
    if form.validate_on_submit():
        return _step(
            meeting,
            lambda: services.decline(meeting, by=current_user, message=form.message.data),
            _("The request is declined; the partner is told."),
        )
    return render_template("meetings/decline.html", meeting=meeting, form=form)


@bp.route("/<int:meeting_id>/propose", methods=["GET", "POST"])
def propose(meeting_id):
    meeting = queries.meeting_or_404(meeting_id, diplomat=current_user)
    form = ProposeForm(windows=queries.open_windows_for(current_user, current_event()))
    if form.validate_on_submit():
        window = form.window_rows[form.window.data]
        return _step(
            meeting,
            lambda: services.propose(meeting, window=window, by=current_user),
            _("The other time is proposed; the partner is told."),
        )
    return render_template("meetings/propose.html", meeting=meeting, form=form)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel(meeting_id):
    meeting = queries.meeting_or_404(meeting_id, diplomat=current_user)
    form = CancelForm()
    if form.validate_on_submit():
        return _step(
            meeting,
            lambda: services.cancel(meeting, by=current_user, reason=form.reason.data),
            _("The meeting is cancelled; the partner is told."),
        )
    action = url_for("meetings.cancel", meeting_id=meeting.id)
    back = url_for("meetings.show", meeting_id=meeting.id)
    return render_template(
        "meetings/cancel.html", meeting=meeting, form=form, action=action, back=back
    )


def _step(meeting, do, done: str):
    """Run one service step: its refusal or conflict is flashed, nothing saved."""
    try:
        do()
    except services.MeetingError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))
