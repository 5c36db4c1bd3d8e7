import hashlib

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh as refresh_language
from flask_login import current_user, login_required, login_user, logout_user

from .. import limits
from ..extensions import limiter
from ..models import normalise_email
from ..redirects import safe_next_url
from . import bp
from .forms import (
    ForgotPasswordForm,
    LoginForm,
    LogoutForm,
    PasswordChangeForm,
    ResetPasswordForm,
)
from .services import (
    AccountError,
    authenticate,
    change_password,
    request_password_reset,
    reset_password,
    user_for_reset_token,
)


def _login_failed(response) -> bool:
    # A successful login redirects; a failed one shows the form again. Only failures
    # count towards the limits, so a person who types their password right is never
    # slowed down by their own earlier successes.
    return response.status_code == 200


def _account_key() -> str:
    # A hash names the counter: the address is personal data and stays out of Redis.
    email = normalise_email(request.form.get("email", ""))[: limits.EMAIL]
    return "login-account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _address_key() -> str:
    return "login-address:" + (request.remote_addr or "unknown")


def _landing_page(user, asked_for: str | None = None) -> str:
    """Where someone goes once logged in: the page they were sent from (a path on this
    site), else their own starting point: organizers their area, diplomats their agenda,
    door staff the check-in page, partner representatives their meetings."""
    if safe_next_url(asked_for):
        return asked_for
    if user.is_organizer:
        return url_for("organizer.index")
    if user.is_door_staff:
        return url_for("door.index")
    if user.is_diplomat:
        return url_for("programme.agenda")
    if user.is_partner:
        return url_for("partners.index")
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    key_func=_address_key,
    methods=["POST"],
    deduct_when=_login_failed,
)
def login():
    if current_user.is_authenticated:
        return redirect(_landing_page(current_user, request.args.get("next")))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("That e-mail address and password do not match."))
        else:
            login_user(user, remember=form.remember.data)
            # The request's language was settled for the visitor; from here on it is
            # the one the user saved, which the welcome is written in.
            refresh_language()
            flash(_("Welcome, %(name)s.", name=user.full_name), "success")
            return redirect(_landing_page(user, form.next.data))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password_change():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current_password.data, form.new_password.data)
        except AccountError:
            form.current_password.errors.append(_("That is not your current password."))
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password_change.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(
            form.email.data,
            lambda token: url_for("auth.reset_password_form", token=token, _external=True),
        )
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If an account exists for that address, we have sent it a link to choose "
                "a new password. The link works once, within the hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], methods=["POST"])
def reset_password_form(token):
    if user_for_reset_token(token) is None:
        return render_template("auth/reset_link_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset_password(token, form.new_password.data)
        except AccountError:
            return render_template("auth/reset_link_invalid.html"), 404
        login_user(user)
        flash(_("Your new password is set, and you are logged in."), "success")
        return redirect(_landing_page(user))
    return render_template("auth/reset_password.html", form=form)
