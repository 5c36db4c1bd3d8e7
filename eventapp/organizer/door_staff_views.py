"""Organizer pages for door staff: the list, adding a person (who gets a mail to choose
a password), deactivating and reactivating an account (eventapp/door/staff.py)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..door import staff
from ..extensions import db
from ..models import Language, User
from . import bp, queries
from .door_staff_forms import DoorStaffActionForm, DoorStaffForm

LANGUAGE_LABELS = {language.value: language.label for language in Language}


@bp.get("/door-staff", endpoint="door_staff")
def door_staff_list():
    return render_template(
        "organizer/door_staff/list.html",
        people=queries.door_staff(),
        language_labels=LANGUAGE_LABELS,
    )


@bp.route("/door-staff/new", methods=["GET", "POST"])
def new_door_staff():
    form = DoorStaffForm()
    if form.validate_on_submit():
        try:
            user, _link = staff.create_door_staff(form.new_door_staff(), current_user, _reset_link)
        except staff.AddressTaken as taken:
            form.email.errors.append(str(taken))
        else:
            flash(
                _(
                    "%(name)s can check people in once they have chosen a password: the "
                    "link is on its way to %(email)s.",
                    name=user.full_name,
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("organizer.door_staff"))
    return render_template("organizer/door_staff/form.html", form=form)


@bp.route("/door-staff/<int:door_staff_id>/deactivate", methods=["GET", "POST"])
def deactivate_door_staff(door_staff_id):
    return _change_access(door_staff_id, active=False)


@bp.route("/door-staff/<int:door_staff_id>/reactivate", methods=["GET", "POST"])
def reactivate_door_staff(door_staff_id):
    return _change_access(door_staff_id, active=True)


def _change_access(door_staff_id: int, active: bool):
    """The confirmation page (GET), then the change (POST with its CSRF token)."""
    user = _door_staff_or_404(door_staff_id)
    form = DoorStaffActionForm()
    if user.active == active:
        flash(_already(user), "info")
        return redirect(url_for("organizer.door_staff"))
    if form.validate_on_submit():
        change = staff.reactivate_door_staff if active else staff.deactivate_door_staff
        try:
            change(user, current_user)
        except staff.DoorStaffError as error:
            flash(str(error), "error")
        else:
            flash(_done_message(user), "success")
        return redirect(url_for("organizer.door_staff"))
    return render_template("organizer/door_staff/confirm.html", person=user, form=form)


def _done_message(user: User) -> str:
    if user.active:
        return _("%(name)s can log in and check people in again.", name=user.full_name)
    return _("%(name)s can no longer log in.", name=user.full_name)


def _already(user: User) -> str:
    if user.active:
        return _("%(name)s is already active.", name=user.full_name)
    return _("%(name)s is already deactivated.", name=user.full_name)


def _door_staff_or_404(user_id: int) -> User:
    user = db.get_or_404(User, user_id)
    if not user.is_door_staff:
        abort(404)
    return user


def _reset_link(token: str) -> str:
    return url_for("auth.reset_password_form", token=token, _external=True)
