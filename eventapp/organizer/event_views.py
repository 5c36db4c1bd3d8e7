"""Organizer page for the edition's settings."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..events import change_settings
from ..invitations.registering import registration_open
from . import bp
from .event_forms import EventSettingsForm
from .loading import event_or_404


@bp.route("/settings", methods=["GET", "POST"])
def event_settings():
    event = event_or_404()
    form = EventSettingsForm()
    if not form.is_submitted():
        if event.registration_deadline is not None:
            local = event.registration_deadline.astimezone(event.tz)
            form.deadline_day.data, form.deadline_time.data = local.date(), local.time()
        form.contact_email.data = event.contact_email
    if form.validate_on_submit():
        change_settings(
            event,
            deadline_day=form.deadline_day.data,
            deadline_time=form.deadline_time.data,
            contact_email=form.contact_email.data,
            by=current_user,
        )
        flash(_("Settings saved."), "success")
        return redirect(url_for("organizer.event_settings"))
    return render_template(
        "organizer/event_settings.html",
        event=event,
        form=form,
        deadline_passed=not registration_open(event),
    )
