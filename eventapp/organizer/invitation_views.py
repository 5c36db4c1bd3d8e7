"""Organizer pages for invitations: the list, adding one person, importing a CSV file
(preview first, then confirm), resending and revoking."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import limits
from ..invitations import inviting
from ..invitations.csv_import import Invitee
from ..invitations.inviting import AddressTaken, ImportChanged, InvitationLate
from ..invitations.services import InvitationError
from ..models import DiplomatFunction, Invitation, Language, Region, normalise_email
from . import bp
from .invitation_forms import (
    ImportConfirmForm,
    ImportForm,
    InvitationActionForm,
    InvitationForm,
    InvitationSearchForm,
)
from .loading import event_or_404, of_event_or_404

LANGUAGE_LABELS = {language.value: language.label for language in Language}


@bp.get("/invitations", endpoint="invitations")
def invitation_list():
    event = event_or_404()
    form = InvitationSearchForm(request.args)
    search = (form.q.data or "").strip()[: limits.SEARCH]
    form.q.data = search
    rows = inviting.list_invitations(event, search)
    return render_template(
        "organizer/invitations/list.html",
        rows=rows,
        form=form,
        search=search,
        total=inviting.count_invitations(event) if search else len(rows),
        action_form=InvitationActionForm(),
        language_labels=LANGUAGE_LABELS,
    )


@bp.route("/invitations/new", methods=["GET", "POST"])
def new_invitation():
    event = event_or_404()
    form = InvitationForm()
    if form.validate_on_submit() and not form.back_to_form.data:
        try:
            invitation = inviting.invite(
                event, _invitee(form), current_user, _link, ask_if_late=not form.late_confirmed.data
            )
        except AddressTaken as taken:
            form.email.errors.append(str(taken))
        except InvitationLate as late:
            return render_template(
                "organizer/invitations/confirm_late.html", form=form, reasons=late.reasons
            )
        else:
            flash(
                _(
                    "Invitation sent to %(name)s (%(email)s).",
                    name=invitation.user.full_name,
                    email=invitation.user.email,
                ),
                "success",
            )
            return redirect(url_for("organizer.invitations"))
    return render_template("organizer/invitations/form.html", form=form)


@bp.route("/invitations/import", methods=["GET", "POST"])
def import_invitations():
    event = event_or_404()
    form = ImportForm()
    if form.validate_on_submit():
        return _preview_page(event, inviting.preview_import(form.file.data.read()))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/invitations/import.html", form=form, preview=None), status


@bp.post("/invitations/import/confirm")
def confirm_import():
    event = event_or_404()
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("This preview could not be read. Please upload the file again."), "error")
        return redirect(url_for("organizer.import_invitations"))
    try:
        invitations = inviting.import_invitations(event, form.rows.data, current_user, _link)
    except ImportChanged as changed:
        flash(str(changed), "error")
        return _preview_page(event, changed.preview), 409
    except InvitationError as error:
        flash(str(error), "error")
        return redirect(url_for("organizer.import_invitations"))
    flash(
        ngettext(
            "%(num)d invitation sent.",
            "%(num)d invitations sent, each in the invitee's language.",
            len(invitations),
        ),
        "success",
    )
    return redirect(url_for("organizer.invitations"))


@bp.post("/invitations/<int:invitation_id>/resend")
def resend_invitation(invitation_id):
    invitation = _invitation_or_404(invitation_id)
    if InvitationActionForm().validate_on_submit():
        try:
            inviting.resend(invitation, current_user, _link)
        except InvitationError as error:
            flash(str(error), "error")
        else:
            flash(
                _(
                    "A new invitation is on its way to %(email)s. The previous link no "
                    "longer works.",
                    email=invitation.user.email,
                ),
                "success",
            )
    return redirect(url_for("organizer.invitations"))


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["GET", "POST"])
def revoke_invitation(invitation_id):
    invitation = _invitation_or_404(invitation_id)
    form = InvitationActionForm()
    if form.validate_on_submit():
        try:
            inviting.revoke(invitation, current_user)
        except InvitationError as error:
            flash(str(error), "error")
        else:
            flash(
                _(
                    "The invitation of %(name)s is revoked: its link no longer works.",
                    name=invitation.user.full_name,
                ),
                "success",
            )
        return redirect(url_for("organizer.invitations"))
    return render_template(
        "organizer/invitations/confirm_revoke.html", invitation=invitation, form=form
    )


def _invitation_or_404(invitation_id: int) -> Invitation:
    return of_event_or_404(Invitation, invitation_id)


def _link(token: str) -> str:
    return url_for("invitations.invitation", token=token, _external=True)


def _invitee(form: InvitationForm) -> Invitee:
    return Invitee(
        first_name=form.first_name.data.strip(),
        last_name=form.last_name.data.strip(),
        email=normalise_email(form.email.data),
        function=DiplomatFunction(form.function.data),
        post_city=form.post_city.data.strip(),
        post_country=form.post_country.data.strip(),
        region=Region(form.region.data),
        language=form.language.data,
    )


def _preview_page(event, preview):
    confirm = ImportConfirmForm(formdata=None)
    confirm.rows.data = inviting.sign_import(event, preview) if preview.rows else ""
    return render_template(
        "organizer/invitations/import.html",
        form=ImportForm(formdata=None),
        preview=preview,
        confirm=confirm,
        language_labels=LANGUAGE_LABELS,
        late=inviting.late_invitation_reasons(event),
    )
