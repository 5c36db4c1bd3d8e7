"""A partner's requests for bilateral meetings: asking a head of post of the directory
(`partners.request_meeting`), accepting the window they proposed, withdrawing a request,
cancelling an accepted meeting. The rules are the meeting services'
(eventapp/meetings/services.py); another partner's meeting id answers 404."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..events import current_event
from ..extensions import db
from ..meetings import queries as meeting_queries
from ..meetings import services
from ..meetings.forms import ActionForm, CancelForm, RequestForm
from ..models import User
from ..programme.agenda import attended_days
from . import bp


@bp.route("/directory/<int:diplomat_id>/request", methods=["GET", "POST"])
def request_meeting(diplomat_id):
    """Ask a head of post for a meeting: subject, note, the open windows of their days."""
    event = current_event()
    diplomat = db.get_or_404(User, diplomat_id)
    if event is None or not diplomat.is_diplomat:
        abort(404)
    windows = meeting_queries.open_windows_on_days(event, attended_days(diplomat, event))
    form = RequestForm(windows=windows)
    if form.validate_on_submit():
        try:
            services.request_meeting(
                current_user,
                diplomat,
                subject=form.subject.data,
                note=form.note.data,
                windows=form.chosen_windows(),
            )
        except services.MeetingError as refused:
            form.form_errors.append(str(refused))
        else:
            flash(_("Your request is sent to %(name)s.", name=diplomat.full_name), "success")
            return redirect(url_for("partners.index"))
    return render_template("partners/request.html", diplomat=diplomat, form=form)


@bp.route("/meetings/<int:meeting_id>/accept-proposal", methods=["GET", "POST"])
def accept_proposal(meeting_id):
    meeting = meeting_queries.meeting_or_404(meeting_id, partner=current_user)
    form = ActionForm()
    if form.validate_on_submit():
        return _step(
            lambda: services.accept_proposal(meeting, by=current_user),
            _("The meeting is accepted and on your agenda; the head of post is told."),
        )
    return render_template("partners/accept_proposal.html", meeting=meeting, form=form)


@bp.route("/meetings/<int:meeting_id>/withdraw", methods=["GET", "POST"])
def withdraw(meeting_id):
    meeting = meeting_queries.meeting_or_404(meeting_id, partner=current_user)
    form = ActionForm()
    if form.validate_on_submit():
        return _step(
            lambda: services.withdraw(meeting, by=current_user),
            _("Your request is withdrawn; the head of post is told."),
        )
    return render_template("partners/withdraw.html", meeting=meeting, form=form)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel_meeting(meeting_id):
    meeting = meeting_queries.meeting_or_404(meeting_id, partner=current_user)
    form = CancelForm()
    if form.validate_on_submit():
        return _step(
            lambda: services.cancel(meeting, by=current_user, reason=form.reason.data),
            _("The meeting is cancelled; the head of post is told."),
        )
    action = url_for("partners.cancel_meeting", meeting_id=meeting.id)
    back = url_for("partners.index")
    return render_template(
        "meetings/cancel.html", meeting=meeting, form=form, action=action, back=back
    )


def _step(do, done: str):
    """Run one service step: its refusal or conflict is flashed, nothing saved."""
    try:
        do()
    except services.MeetingError as error:
        flash(str(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("partners.index"))
