"""A partner representative's account: registering with the invitation link (open to a
logged-out person: see `OPEN_TO_ALL` in views.py) and changing their details."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from ..events import current_event
from ..extensions import limiter
from ..invitations import services
from . import accounts, bp
from .accounts import LinkNotUsable
from .forms import PartnerForm, PartnerRegistrationForm

# The heads of post's budget (eventapp/invitations/views.py), shared: guessing tokens is
# as slow here as there.
invitation_limit = limiter.shared_limit(
    lambda: current_app.config["INVITATION_LIMIT"], scope="invitation-link"
)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@invitation_limit
def registration_link(token):
    link = accounts.open_partner_link(token)
    if link is None or not link.usable:
        return _link_not_usable(link.state if link else None, link.event if link else None)
    form = PartnerRegistrationForm(event=link.event, chosen_countries=link.profile.countries)
    if request.method == "GET":
        form.fill(link.user)
    if form.validate_on_submit():
        try:
            user = accounts.register_partner(token, form.password.data, form.details())
        except LinkNotUsable as refused:
            return _link_not_usable(refused.state, link.event)
        login_user(user)
        flash(_("Thank you, you are registered."), "success")
        return redirect(url_for("partners.index"))
    return render_template(
        "partners/register.html",
        form=form,
        link=link,
        token=token,
        contact=services.contact_address(link.event),
    )


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    event = current_event()
    if event is None or current_user.partner_profile is None:
        abort(404)
    form = PartnerForm(event=event, chosen_countries=current_user.partner_profile.countries)
    if request.method == "GET":
        form.fill(current_user)
    if form.validate_on_submit():
        accounts.update_partner(current_user, form.details())
        flash(_("Your details are updated."), "success")
        return redirect(url_for("partners.profile"))
    return render_template("partners/profile.html", form=form, event=event)


def _link_not_usable(state, event):
    # As for heads of post: the same status for every dead link, saying why.
    return (
        render_template(
            "invitations/link_not_usable.html",
            state=state and state.value,
            contact=services.contact_address(event or current_event()),
        ),
        404,
    )
