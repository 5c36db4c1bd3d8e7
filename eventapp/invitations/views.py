"""The diplomat's side: the invitation link, the registration form, and `/registration`."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..events import current_event
from ..extensions import limiter
from ..models import DiplomatFunction
from . import bp, services
from .forms import ConfirmForm, InvitationRegistrationForm, RegistrationForm
from .services import (
    DetailsRejected,
    InvitationError,
    LinkNotUsable,
    RegistrationClosed,
    RegistrationDetails,
)

# One budget per address for every page that takes a token, so guessing tokens is slow
# whichever page is tried.
invitation_limit = limiter.shared_limit(
    lambda: current_app.config["INVITATION_LIMIT"], scope="invitation-link"
)


@bp.app_context_processor
def registration_helpers():
    """For the home page and the mails: the diplomat's registration, and whom to write to."""

    def my_registration():
        event = current_event()
        if event is None or not current_user.is_authenticated or not current_user.is_diplomat:
            return None
        return services.registration_of(current_user, event)

    return {
        "my_registration": my_registration,
        "registration_contact": lambda: services.contact_address(current_event()),
    }


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@invitation_limit
def invitation(token):
    link = services.open_link(token)
    if link is None or not link.usable:
        return _link_not_usable(link.state if link else None, link.event if link else None)
    form = InvitationRegistrationForm()
    _offer_days(form, link.event)
    if request.method == "GET":
        _fill(form, link.registration)
    if form.validate_on_submit():
        try:
            user = services.register(token, form.password.data, _details(form))
        except DetailsRejected as rejected:
            _show_problems(form, rejected)
        except LinkNotUsable as refused:
            return _link_not_usable(refused.state, link.event)
        else:
            login_user(user)
            flash(
                _("Thank you, you are registered. We have sent you a confirmation by e-mail."),
                "success",
            )
            return redirect(url_for("main.home"))
    return render_template(
        "invitations/register.html",
        form=form,
        token=token,
        event=link.event,
        invitation=link.invitation,
        contact=services.contact_address(link.event),
    )


@bp.route("/invitation/<token>/decline", methods=["GET", "POST"])
@invitation_limit
def decline(token):
    link = services.open_link(token)
    if link is None or not link.usable:
        return _link_not_usable(link.state if link else None, link.event if link else None)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.decline(token)
        except LinkNotUsable as refused:
            return _link_not_usable(refused.state, link.event)
        flash(
            _(
                "Thank you for letting us know that you cannot attend. We have sent you "
                "a confirmation by e-mail."
            ),
            "info",
        )
        return redirect(url_for("main.home"))
    return render_template(
        "invitations/confirm_decline.html", form=form, token=token, event=link.event
    )


@bp.route("/registration", methods=["GET", "POST"])
@login_required
def registration():
    event, registration = _own_registration()
    if registration is None:
        return render_template("invitations/registration.html", event=event, registration=None)
    editable = services.can_change(registration, event)
    form = RegistrationForm()
    _offer_days(form, event)
    if request.method == "POST" and not editable:
        return _read_only(event, registration, refused=True), 403
    if request.method == "GET":
        _fill(form, registration)
    if editable and form.validate_on_submit():
        try:
            services.update_registration(registration, _details(form), current_user)
        except DetailsRejected as rejected:
            _show_problems(form, rejected)
        except RegistrationClosed:
            return _read_only(event, registration, refused=True), 403
        except InvitationError as error:
            flash(str(error), "error")
            return redirect(url_for("invitations.registration"))
        else:
            flash(_("Your registration is updated."), "success")
            return redirect(url_for("invitations.registration"))
    if not editable:
        return _read_only(event, registration)
    return render_template(
        "invitations/registration.html",
        event=event,
        registration=registration,
        form=form,
        editable=True,
        contact=services.contact_address(event),
    )


@bp.route("/registration/cancel", methods=["GET", "POST"])
@login_required
def cancel_registration():
    event, registration = _own_registration()
    if registration is None or not services.can_change(registration, event):
        flash(_("This registration cannot be cancelled here."), "error")
        return redirect(url_for("invitations.registration"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.cancel_registration(registration, current_user)
        except InvitationError as error:
            flash(str(error), "error")
        else:
            flash(_("Your registration is cancelled. We have sent you an e-mail."), "success")
        return redirect(url_for("invitations.registration"))
    return render_template("invitations/confirm_cancel.html", form=form, event=event)


def _own_registration():
    """The event and the logged-in diplomat's registration: never anyone else's."""
    if not current_user.is_diplomat:
        abort(403)  # organizers see registrations on the attendee pages
    event = current_event()
    if event is None:
        abort(404)
    return event, services.registration_of(current_user, event)


def _read_only(event, registration, refused=False):
    return render_template(
        "invitations/registration.html",
        event=event,
        registration=registration,
        form=None,
        editable=False,
        refused=refused,
        deadline_passed=not services.registration_open(event),
        contact=services.contact_address(event),
    )


def _link_not_usable(state, event):
    # The same status for every dead link; the holder has the token, so telling them
    # why (and what to do) reveals nothing they could not see in their mail.
    return (
        render_template(
            "invitations/link_not_usable.html",
            state=state and state.value,
            contact=services.contact_address(event or current_event()),
        ),
        404,
    )


def _offer_days(form, event) -> None:
    form.days.choices = [(day.isoformat(), format_date(day, "EEEE d MMMM")) for day in event.days]


def _fill(form, registration) -> None:
    user = registration.user
    form.first_name.data = user.first_name
    form.last_name.data = user.last_name
    form.language.data = user.language
    if user.profile is not None:
        form.function.data = user.profile.function.value
        form.post_city.data = user.profile.post_city
        form.post_country.data = user.profile.post_country
    form.days.data = [day.isoformat() for day in registration.days]
    form.arrival_at.data = registration.arrival_at
    form.departure_at.data = registration.departure_at
    form.dietary.data = registration.dietary
    form.accessibility.data = registration.accessibility
    form.mobile_phone.data = registration.mobile_phone
    form.remarks.data = registration.remarks


def _details(form) -> RegistrationDetails:
    return RegistrationDetails(
        first_name=form.first_name.data.strip(),
        last_name=form.last_name.data.strip(),
        function=DiplomatFunction(form.function.data),
        post_city=form.post_city.data.strip(),
        post_country=form.post_country.data.strip(),
        days=[date.fromisoformat(value) for value in form.days.data],
        arrival_at=form.arrival_at.data,
        departure_at=form.departure_at.data,
        dietary=form.dietary.data.strip(),
        accessibility=form.accessibility.data.strip(),
        language=form.language.data,
        mobile_phone=form.mobile_phone.data,
        remarks=form.remarks.data.strip(),
    )


def _show_problems(form, rejected: DetailsRejected) -> None:
    for name, message in rejected.problems.items():
        getattr(form, name).errors.append(message)
