"""Organizer pages for attendees: the list with filters and counts, a registration's
details, confirming and rejecting (one or in bulk), and the CSV/XLSX exports.

The list's filters and page travel as GET parameters; the forms on the list carry them
along as hidden fields, so after an action the organizer lands on the page of the list
they were looking at. Exports take the filters only: they hold every page.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..attendees import queries, services
from ..attendees.queries import AttendeeFilters
from ..attendees.services import AttendeeError
from ..models import Language, Registration, RegistrationStatus
from . import bp
from .attendee_forms import AttendeeFilterForm, BulkStatusForm
from .forms import ConfirmForm
from .loading import event_or_404, of_event_or_404

EXPORT_KINDS = "any(attendees, catering, badges)"
EXPORT_FORMATS = "any(csv, xlsx)"


def registration_or_404(registration_id: int) -> Registration:
    return of_event_or_404(Registration, registration_id)


@bp.get("/attendees")
def attendees():
    """A page of the edition's registrations, filtered and searched, with counts above
    (of the whole edition)."""
    event = event_or_404()
    filters = AttendeeFilters.from_args(request.args, event)
    page = queries.attendee_page(event, filters, queries.page_number(request.args))
    status_counts = queries.status_counts(event)
    return render_template(
        "organizer/attendees/list.html",
        list_page=page,
        filters=filters,
        list_args=_list_args(filters, page.number),
        form=AttendeeFilterForm().show(filters, event.days),
        bulk_form=BulkStatusForm(formdata=None),
        status_counts=status_counts,
        total=sum(status_counts.values()),
        day_counts=queries.day_counts(event),
        allowed_changes=services.allowed_changes,
        languages={language.value: language.label for language in Language},
        clear_url=url_for("organizer.attendees"),
        invitations_url=_url_if_exists("organizer.invitations"),
    )


@bp.get("/attendees/<int:registration_id>")
def attendee(registration_id):
    registration = registration_or_404(registration_id)
    return render_template(
        "organizer/attendees/detail.html",
        registration=registration,
        form=ConfirmForm(),
        allowed=services.allowed_changes(registration.status),
        languages={language.value: language.label for language in Language},
    )


@bp.post("/attendees/<int:registration_id>/confirm")
def confirm_attendee(registration_id):
    registration = registration_or_404(registration_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.confirm(registration, current_user)
        except AttendeeError as error:
            flash(str(error), "error")
        else:
            flash(_confirmed(registration), "success")
    return redirect(_back_to(registration))


@bp.route("/attendees/<int:registration_id>/reject", methods=["GET", "POST"])
def reject_attendee(registration_id):
    """Rejecting is final and mails the diplomat, so it asks first."""
    registration = registration_or_404(registration_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.reject(registration, current_user)
        except AttendeeError as error:
            flash(str(error), "error")
        else:
            flash(_rejected(registration), "success")
        return redirect(_back_to(registration))
    if RegistrationStatus.REJECTED not in services.allowed_changes(registration.status):
        flash(str(services.StatusChangeRefused(registration, RegistrationStatus.REJECTED)), "error")
        return redirect(_back_to(registration))
    return render_template(
        "organizer/attendees/confirm_reject.html",
        registration=registration,
        form=form,
        carried=_carried(),
        cancel_url=_back_to(registration),
    )


@bp.post("/attendees/bulk")
def review_bulk_attendees():
    """The confirmation page for the ticked registrations: who changes, who cannot."""
    event = event_or_404()
    form = BulkStatusForm()
    filters = AttendeeFilters.from_args(request.form, event)
    list_args = _list_args(filters, queries.page_number(request.form))
    if not form.validate_on_submit():
        _flash_form_errors(form)
        return redirect(url_for("organizer.attendees", **list_args))
    outcome = services.review_bulk(event, form.registration_ids.data, form.new_status)
    return render_template(
        "organizer/attendees/bulk_review.html",
        outcome=outcome,
        action=form.action.data,
        form=form,
        list_args=list_args,
        back_url=url_for("organizer.attendees", **list_args),
    )


@bp.post("/attendees/bulk/apply")
def apply_bulk_attendees():
    """Make the reviewed change, row by row: each refusal is reported by name."""
    event = event_or_404()
    form = BulkStatusForm()
    filters = AttendeeFilters.from_args(request.form, event)
    if form.validate_on_submit():
        outcome = services.change_many(
            event, form.registration_ids.data, form.new_status, current_user
        )
        _flash_outcome(outcome, form.new_status)
    else:
        _flash_form_errors(form)
    return redirect(
        url_for("organizer.attendees", **_list_args(filters, queries.page_number(request.form)))
    )


@bp.get(f"/attendees/export/<{EXPORT_KINDS}:kind>.<{EXPORT_FORMATS}:fmt>")
def export_attendees(kind, fmt):
    """A download; the attendee list keeps the list's filters (?status=&q=…)."""
    event = event_or_404()
    filters = AttendeeFilters.from_args(request.args, event)
    download = services.export(event, kind, fmt, current_user, filters)
    response = current_app.response_class(download.body, content_type=download.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    # Diplomats' personal data: no cache keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


def _confirmed(registration: Registration) -> str:
    return _(
        "%(name)s is confirmed and gets an e-mail saying so.",
        name=registration.user.full_name,
    )


def _rejected(registration: Registration) -> str:
    return _(
        "%(name)s's registration is rejected; they get an e-mail saying so.",
        name=registration.user.full_name,
    )


def _flash_outcome(outcome: services.BulkOutcome, new_status: RegistrationStatus) -> None:
    """How many registrations changed, then each refusal by name."""
    if new_status == RegistrationStatus.CONFIRMED:
        message = ngettext(
            "%(num)d registration confirmed; the diplomat gets an e-mail.",
            "%(num)d registrations confirmed; each diplomat gets an e-mail.",
            len(outcome.changed),
        )
    else:
        message = ngettext(
            "%(num)d registration rejected; the diplomat gets an e-mail.",
            "%(num)d registrations rejected; each diplomat gets an e-mail.",
            len(outcome.changed),
        )
    flash(message, "success" if outcome.changed else "info")
    for refusal in outcome.refused:
        flash(
            _(
                "Not changed — %(name)s: %(reason)s",
                name=refusal.registration.user.full_name,
                reason=refusal.reason,
            ),
            "error",
        )


def _list_args(filters: AttendeeFilters, page: int) -> dict:
    """The URL parameters of a page of the list: its filters, and its number after 1."""
    return {**filters.query_args(), **({"page": page} if page > 1 else {})}


def _carried() -> dict[str, str]:
    """Where the organizer came from (the list, its filters and page), to go back there."""
    source = request.form if request.method == "POST" else request.args
    if source.get("return_to") != "list":
        return {}
    filters = AttendeeFilters.from_args(source, event_or_404())
    return {"return_to": "list", **_list_args(filters, queries.page_number(source))}


def _back_to(registration: Registration) -> str:
    carried = _carried()
    if carried.pop("return_to", None):
        return url_for("organizer.attendees", **carried, _anchor=f"registration-{registration.id}")
    return url_for("organizer.attendee", registration_id=registration.id)


def _flash_form_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(str(error), "error")


def _url_if_exists(endpoint: str) -> str | None:
    return url_for(endpoint) if endpoint in current_app.view_functions else None
