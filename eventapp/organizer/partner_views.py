"""Organizer pages for partner representatives (issue 21): the list, inviting one
person, importing a CSV file (preview first, then confirm)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..invitations.inviting import AddressTaken
from ..invitations.services import InvitationError
from ..models import Language
from ..partners import accounts
from ..partners.accounts import ImportChanged
from . import bp
from .invitation_forms import ImportConfirmForm, ImportForm
from .loading import event_or_404
from .partner_forms import PartnerInvitationForm

LANGUAGE_LABELS = {language.value: language.label for language in Language}


@bp.get("/partners", endpoint="partners")
def partner_list():
    event = event_or_404()
    return render_template(
        "organizer/partners/list.html",
        rows=accounts.list_partners(event),
        language_labels=LANGUAGE_LABELS,
    )


@bp.route("/partners/new", methods=["GET", "POST"])
def new_partner():
    event = event_or_404()
    organisations = accounts.organisations_of(event)
    form = PartnerInvitationForm(organisations=organisations)
    if form.validate_on_submit():
        try:
            invitation = accounts.invite_partner(event, form.invitee(), current_user, _link)
        except AddressTaken as taken:
            form.email.errors.append(str(taken))
        except InvitationError as error:
            form.organisation.errors.append(str(error))
        else:
            flash(
                _(
                    "Invitation sent to %(name)s (%(email)s).",
                    name=invitation.user.full_name,
                    email=invitation.user.email,
                ),
                "success",
            )
            return redirect(url_for("organizer.partners"))
    return render_template("organizer/partners/form.html", form=form, organisations=organisations)


@bp.route("/partners/import", methods=["GET", "POST"])
def import_partners():
    event = event_or_404()
    form = ImportForm()
    if form.validate_on_submit():
        return _preview_page(event, accounts.preview_partner_import(event, form.file.data.read()))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/partners/import.html", form=form, preview=None), status


@bp.post("/partners/import/confirm")
def confirm_partner_import():
    event = event_or_404()
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("This preview could not be read. Please upload the file again."), "error")
        return redirect(url_for("organizer.import_partners"))
    try:
        invitations = accounts.import_partners(event, form.rows.data, current_user, _link)
    except ImportChanged as changed:
        flash(str(changed), "error")
        return _preview_page(event, changed.preview), 409
    except InvitationError as error:
        flash(str(error), "error")
        return redirect(url_for("organizer.import_partners"))
    flash(
        ngettext(
            "%(num)d invitation sent.",
            "%(num)d invitations sent, each in the invitee's language.",
            len(invitations),
        ),
        "success",
    )
    return redirect(url_for("organizer.partners"))


def _link(token: str) -> str:
    return url_for("partners.registration_link", token=token, _external=True)


def _preview_page(event, preview):
    confirm = ImportConfirmForm(formdata=None)
    confirm.rows.data = accounts.sign_partner_import(event, preview) if preview.rows else ""
    organisations = {each.id: each for each in accounts.organisations_of(event)}
    return render_template(
        "organizer/partners/import.html",
        form=ImportForm(formdata=None),
        preview=preview,
        confirm=confirm,
        organisations=organisations,
        language_labels=LANGUAGE_LABELS,
    )
