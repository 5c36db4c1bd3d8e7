"""Sign-ups of one session, for organizers: who has a place, the waitlist, a CSV export,
and releasing them all to turn sign-up off."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from ..door import session_door
from ..door.session_door import SessionDoorError
from ..extensions import db
from ..models import User
from ..signups import services as signups
from ..signups.services import SignUpError
from ..spreadsheets import csv_bytes
from . import bp
from .forms import ConfirmForm
from .loading import session_or_404
from .queries import SignUpList, signups_of


@bp.get("/sessions/<int:session_id>/signups")
def session_signups(session_id):
    session = session_or_404(session_id)
    signed_up = signups_of(session)
    return render_template(
        "organizer/session_signups.html",
        session=session,
        signups=signed_up,
        door=session_door.SessionDoor.of(session, signed_up),
    )


@bp.post("/sessions/<int:session_id>/signups/<int:user_id>/check-in")
def session_check_in(session_id, user_id):
    """Let a diplomat with a place in at the session's door."""
    session = session_or_404(session_id)
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            session_door.check_in_to_session(session, user, current_user)
        except SessionDoorError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s is checked in.", name=user.full_name), "success")
    else:
        flash(_("The form had expired; nothing was changed. Please try again."), "error")
    return redirect(url_for("organizer.session_signups", session_id=session.id))


@bp.post("/sessions/<int:session_id>/signups/<int:user_id>/undo-check-in")
def undo_session_check_in(session_id, user_id):
    """Take back a mistaken check-in at the session's door (the audit log keeps it)."""
    session = session_or_404(session_id)
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            session_door.undo_session_check_in(session, user, current_user)
        except SessionDoorError as error:
            flash(str(error), "error")
        else:
            flash(_("Check-in of %(name)s undone.", name=user.full_name), "success")
    else:
        flash(_("The form had expired; nothing was changed. Please try again."), "error")
    return redirect(url_for("organizer.session_signups", session_id=session.id))


@bp.get("/sessions/<int:session_id>/signups.csv")
def session_signups_csv(session_id):
    session = session_or_404(session_id)
    return Response(
        _csv(signups_of(session)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="signups-session-{session.id}.csv"'},
    )


@bp.route("/sessions/<int:session_id>/signups/release", methods=["GET", "POST"])
def release_places(session_id):
    """Turn sign-up off, releasing every place and waitlist position, after a page that
    lists who loses theirs."""
    session = session_or_404(session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            released = signups.release_places(session, current_user)
        except SignUpError as error:
            flash(str(error), "error")
        else:
            flash(_released(released), "success")
        return redirect(url_for("organizer.session_signups", session_id=session.id))
    return render_template(
        "organizer/release_places.html", session=session, signups=signups_of(session), form=form
    )


def _released(released: int) -> str:
    if not released:
        return _("Sign-up is off.")
    return ngettext(
        "Sign-up is off. %(num)d place or waitlist position was released; "
        "the diplomat has been told by e-mail.",
        "Sign-up is off. %(num)d places and waitlist positions were released; "
        "each diplomat has been told by e-mail.",
        released,
    )


def _csv(signed_up: SignUpList) -> bytes:
    """Places, then the waitlist in order: who, their post, and since when."""
    header = [
        _("Status"),
        _("Waitlist position"),
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Function"),
        _("Post"),
        _("Since (Brussels time)"),
    ]
    rows = [
        [
            signup.status.label,
            signup.position,
            signup.user.last_name,
            signup.user.first_name,
            signup.user.email,
            signup.user.profile.function.label if signup.user.profile else "",
            signup.user.profile.post if signup.user.profile else "",
            format_datetime(signup.updated_at, "yyyy-MM-dd HH:mm"),
        ]
        for signup in [*signed_up.confirmed, *signed_up.waitlist]
    ]
    return csv_bytes(header, rows)
