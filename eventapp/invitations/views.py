"""The diplomat's side: the invitation link, the registration form, and `/registration`."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..events import current_event
from ..extensions import limiter
from . import bp, links, registering, services
from .forms import ConfirmForm, InvitationRegistrationForm, RegistrationForm
from .links import LinkNotUsable
from .registering import DetailsRejected, RegistrationClosed
from .services import InvitationError

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
        return registering.registration_of(current_user, event)

    return {
        "my_registration": my_registration,
        "registration_contact": lambda: services.contact_address(current_event()),
    }


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@invitation_limit
def invitation(token):
    link = links.open_link(token)
    if link is None or not link.usable:
        return _link_not_usable(link.state if link else None, link.event if link else None)
    form = InvitationRegistrationForm(event=link.event)
    if request.method == "GET":
        form.fill(link.registration)
    if form.validate_on_submit():
        try:
            user = registering.register(token, form.password.data, form.details())
        except DetailsRejected as rejected:
            form.show(rejected)
        except LinkNotUsable as refused:
            return _link_not_usable(refused.state, link.event)
        else:
            login_user(user)
            flash(
                _("Thank you, you are registered. We have sent you a confirmation by e-mail."),
                "success",
            )
            return redirect(url_for("main.home"))
    return _register_page(form, token, link)


@bp.route("/invitation/<token>/decline", methods=["GET", "POST"])
@invitation_limit
def decline(token):
    link = links.open_link(token)
    if link is None or not link.usable:
        return _link_not_usable(link.state if link else None, link.event if link else None)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            registering.decline(token)
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
    if not registering.can_change(registration, event):
        return _read_only(event, registration, refused=request.method == "POST")
    form = RegistrationForm(event=event)
    if request.method == "GET":
        form.fill(registration)
    if form.validate_on_submit():
        try:
            registering.update_registration(registration, form.details(), current_user)
        except DetailsRejected as rejected:
            form.show(rejected)
        except RegistrationClosed:
            return _read_only(event, registration, refused=True)
        except InvitationError as error:
            flash(str(error), "error")
            return redirect(url_for("invitations.registration"))
        else:
            flash(_("Your registration is updated."), "success")
            return redirect(url_for("invitations.registration"))
    return _editable(event, registration, form)


@bp.route("/registration/cancel", methods=["GET", "POST"])
@login_required
def cancel_registration():
    event, registration = _own_registration()
    if registration is None or not registering.can_change(registration, event):
        flash(_("This registration cannot be cancelled here."), "error")
        return redirect(url_for("invitations.registration"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            registering.cancel_registration(registration, current_user)
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
    return event, registering.registration_of(current_user, event)


def _register_page(form, token: str, link):
    """The first registration's form, under the invitation it answers."""
    return render_template(
        "invitations/register.html",
        form=form,
        token=token,
        event=link.event,
        invitation=link.invitation,
        contact=services.contact_address(link.event),
        deadline_passed=not registering.registration_open(link.event),
    )


def _editable(event, registration, form):
    return render_template(
        "invitations/registration.html",
        event=event,
        registration=registration,
        form=form,
        editable=True,
        contact=services.contact_address(event),
    )


def _read_only(event, registration, refused=False):
    """The registration as it stands; `refused` (403) when a change was tried after all."""
    page = render_template(
        "invitations/registration.html",
        event=event,
        registration=registration,
        form=None,
        editable=False,
        refused=refused,
        deadline_passed=not registering.registration_open(event),
        contact=services.contact_address(event),
    )
    return (page, 403) if refused else page


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
