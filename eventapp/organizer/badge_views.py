"""Organizer pages for badges: one badge from an attendee's page, the badges of the
attendee list's current selection in one PDF, and re-issuing a badge's code.

A PDF holds diplomats' names and the codes that open the door: it is never cached
(`private, no-store`) and its file name says which edition and layout, not who.
"""

import re

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..attendees import queries
from ..attendees.queries import AttendeeFilters
from ..door import badges
from ..door.badge_pdf import LAYOUTS, badge_holders, badges_pdf, has_badge
from . import bp
from .attendee_views import registration_or_404
from .forms import ConfirmForm
from .loading import event_or_404

BADGE_LAYOUTS = f"any({', '.join(LAYOUTS)})"

# Whether the attendee's page offers a badge (templates/organizer/attendees/detail.html).
bp.add_app_template_global(has_badge, "has_badge")


@bp.get(f"/attendees/<int:registration_id>/badge-<{BADGE_LAYOUTS}:layout>.pdf")
def attendee_badge(registration_id, layout):
    """One diplomat's badge (A6, or alone on an A4 sheet)."""
    registration = registration_or_404(registration_id)
    if not has_badge(registration):
        flash(_("Only registered and confirmed diplomats get a badge."), "error")
        return redirect(url_for("organizer.attendee", registration_id=registration.id))
    event = event_or_404()
    codes = {registration.id: badges.ensure_badge_code(registration)}
    body = badges_pdf(event, [registration], codes, layout)
    return _pdf(body, f"badge-{_safe(event.slug)}-{registration.id}-{layout}.pdf")


@bp.get(f"/attendees/badges-<{BADGE_LAYOUTS}:layout>.pdf")
def attendee_badges(layout):
    """The badges of everyone the attendee list shows with these filters (?status=&q=…),
    registered or confirmed only, every page of the list in one PDF."""
    event = event_or_404()
    filters = AttendeeFilters.from_args(request.args, event)
    holders = badge_holders(queries.attendee_list(event, filters))
    if not holders:
        flash(
            _("No badges to print: nobody registered or confirmed matches this selection."),
            "info",
        )
        return redirect(url_for("organizer.attendees", **filters.query_args()))
    codes = badges.ensure_badge_codes(holders)
    # The commit above expired what was loaded: read the list again in its two queries
    # rather than each person's row one by one while drawing.
    holders = [each for each in queries.attendee_list(event, filters) if each.id in codes]
    body = badges_pdf(event, holders, codes, layout)
    return _pdf(body, f"badges-{_safe(event.slug)}-{layout}.pdf")


@bp.route("/attendees/<int:registration_id>/badge/reissue", methods=["GET", "POST"])
def reissue_badge(registration_id):
    """A new code for a lost or stolen badge: the old badge stops opening the door at
    once, so the page asks first."""
    registration = registration_or_404(registration_id)
    back = url_for("organizer.attendee", registration_id=registration.id)
    if not has_badge(registration):
        flash(_("Only registered and confirmed diplomats get a badge."), "error")
        return redirect(back)
    form = ConfirmForm()
    if form.validate_on_submit():
        badges.reissue_badge_code(registration, current_user)
        flash(
            _(
                "%(name)s has a new badge code. The old badge no longer works at the door: "
                "print the new badge and hand it over.",
                name=registration.user.full_name,
            ),
            "success",
        )
        return redirect(back)
    return render_template(
        "organizer/attendees/confirm_reissue_badge.html",
        registration=registration,
        form=form,
        cancel_url=back,
    )


def _pdf(body: bytes, filename: str):
    response = current_app.response_class(body, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Names and the codes that open the door: no cache keeps a copy.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _safe(text: str) -> str:
    """A piece of a file name: letters, digits and dashes only."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")[:40] or "event"
