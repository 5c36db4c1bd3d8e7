"""Organizers' actions on one bilateral meeting, on someone's behalf: its page
(`/organizer/meetings/<id>`), giving it a slot or moving it, cancelling it, and booking a
meeting for a partner and a head of post. The rules, the locks and the audit log are the
meeting services' (eventapp/meetings/services.py); both people are mailed."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..meetings import queries as meeting_queries
from ..meetings import services
from ..meetings.forms import BookForm, CancelForm, PlaceForm
from . import bp
from .loading import event_or_404


@bp.get("/meetings/<int:meeting_id>", endpoint="meeting")
def meeting_page(meeting_id):
    meeting = _meeting_or_404(meeting_id)
    form = PlaceForm(windows=meeting_queries.event_windows(event_or_404()))
    return _page(meeting, form)


def _page(meeting, form, status=200):
    return render_template("organizer/meeting.html", meeting=meeting, form=form), status


@bp.post("/meetings/<int:meeting_id>/place", endpoint="place_meeting")
def place_meeting(meeting_id):
    meeting = _meeting_or_404(meeting_id)
    form = PlaceForm(windows=meeting_queries.event_windows(event_or_404()))
    chosen = form.chosen() if form.validate_on_submit() else None
    if chosen is None:
        return _page(meeting, form, 400)
    window, starts_at = chosen
    try:
        services.place(
            meeting, window=window, starts_at=starts_at, table=form.table.data, by=current_user
        )
    except services.MeetingError as error:
        flash(str(error), "error")
    else:
        flash(_("The meeting is placed; both people are told."), "success")
    return redirect(url_for("organizer.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"], endpoint="cancel_meeting")
def cancel_meeting(meeting_id):
    meeting = _meeting_or_404(meeting_id)
    form = CancelForm()
    back = url_for("organizer.meeting", meeting_id=meeting.id)
    if form.validate_on_submit():
        try:
            services.cancel(meeting, by=current_user, reason=form.reason.data)
        except services.MeetingError as error:
            flash(str(error), "error")
        else:
            flash(_("The meeting is cancelled; both people are told."), "success")
        return redirect(back)
    action = url_for("organizer.cancel_meeting", meeting_id=meeting.id)
    return render_template(
        "meetings/cancel.html", meeting=meeting, form=form, action=action, back=back
    )


@bp.route("/meetings/book", methods=["GET", "POST"], endpoint="book_meeting")
def book_meeting():
    """Book a meeting on both people's behalf, in any slot of the edition's windows."""
    event = event_or_404()
    partners, diplomats = meeting_queries.bookable_people(event)
    form = BookForm(
        windows=meeting_queries.event_windows(event), partners=partners, diplomats=diplomats
    )
    chosen = form.chosen() if form.validate_on_submit() else None
    if chosen is not None:
        try:
            meeting = services.book(
                form.partner_rows[form.partner.data],
                form.diplomat_rows[form.diplomat.data],
                subject=form.subject.data,
                window=chosen[0],
                starts_at=chosen[1],
                table=form.table.data,
                by=current_user,
            )
        except services.MeetingError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The meeting is booked; both people are told."), "success")
            return redirect(url_for("organizer.meeting", meeting_id=meeting.id))
    return render_template("organizer/meeting_book.html", form=form)


def _meeting_or_404(meeting_id: int):
    meeting = meeting_queries.meeting_or_404(meeting_id)
    if meeting.event_id != event_or_404().id:
        abort(404)
    return meeting
