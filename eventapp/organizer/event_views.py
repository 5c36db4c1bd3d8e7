"""Organizer page for the edition's settings."""

from datetime import datetime, time

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..extensions import db
from . import bp
from .event_forms import EventSettingsForm
from .loading import event_or_404

# When only the day is given, the deadline is at the end of the office day.
DEFAULT_DEADLINE_TIME = time(17, 0)


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
        deadline = None
        if form.deadline_day.data is not None:
            clock = form.deadline_time.data or DEFAULT_DEADLINE_TIME
            deadline = datetime.combine(form.deadline_day.data, clock, event.tz)
        before = {"deadline": event.registration_deadline, "contact_email": event.contact_email}
        event.registration_deadline = deadline
        event.contact_email = form.contact_email.data or None
        after = {"deadline": event.registration_deadline, "contact_email": event.contact_email}
        changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
        if changed:
            audit.record("event.update", current_user, event, changed=sorted(changed), **changed)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("organizer.event_settings"))
    return render_template("organizer/event_settings.html", event=event, form=form)
