"""Organizer pages for rooms, organisations and speakers: list, add, edit, delete.

The three work alike: the steps they share (load or 404, the form page, the confirmation
page) are the small functions at the end of this module.
"""

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Organisation, Room, Speaker
from ..programme import catalogue
from ..programme.services import ProgrammeError
from . import bp
from .catalogue_forms import OrganisationForm, RoomForm, SpeakerForm
from .fields import none_choice
from .forms import ConfirmForm
from .session_views import event_or_404

# Rooms


@bp.get("/rooms")
def rooms():
    rows = catalogue.rooms_with_usage(event_or_404())
    return render_template("organizer/catalogue/rooms.html", rows=rows)


@bp.route("/rooms/new", methods=["GET", "POST"])
def new_room():
    create = partial(catalogue.create_room, event_or_404())
    return _form_page(RoomForm(), create, _("New room"), "organizer.rooms")


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
def edit_room(room_id):
    room = _of_event(Room, room_id)
    update = partial(catalogue.update_room, room)
    return _form_page(RoomForm(obj=room), update, _("Edit room"), "organizer.rooms")


@bp.route("/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(room_id):
    return _delete_page(_of_event(Room, room_id), catalogue.delete_room, "organizer.rooms")


# Organisations


@bp.get("/organisations")
def organisations():
    rows = catalogue.organisations_with_usage(event_or_404())
    return render_template("organizer/catalogue/organisations.html", rows=rows)


@bp.route("/organisations/new", methods=["GET", "POST"])
def new_organisation():
    create = partial(catalogue.create_organisation, event_or_404())
    return _form_page(OrganisationForm(), create, _("New organisation"), "organizer.organisations")


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id):
    organisation = _of_event(Organisation, organisation_id)
    update = partial(catalogue.update_organisation, organisation)
    form = OrganisationForm(obj=organisation)
    return _form_page(form, update, _("Edit organisation"), "organizer.organisations")


@bp.route("/organisations/<int:organisation_id>/delete", methods=["GET", "POST"])
def delete_organisation(organisation_id):
    organisation = _of_event(Organisation, organisation_id)
    return _delete_page(organisation, catalogue.delete_organisation, "organizer.organisations")


# Speakers


@bp.get("/speakers")
def speakers():
    rows = catalogue.speakers_with_usage(event_or_404())
    return render_template("organizer/catalogue/speakers.html", rows=rows)


@bp.route("/speakers/new", methods=["GET", "POST"])
def new_speaker():
    event = event_or_404()
    create = partial(catalogue.create_speaker, event)
    return _form_page(_speaker_form(event), create, _("New speaker"), "organizer.speakers")


@bp.route("/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
def edit_speaker(speaker_id):
    speaker = _of_event(Speaker, speaker_id)
    update = partial(catalogue.update_speaker, speaker)
    form = _speaker_form(event_or_404(), speaker)
    return _form_page(form, update, _("Edit speaker"), "organizer.speakers")


@bp.route("/speakers/<int:speaker_id>/delete", methods=["GET", "POST"])
def delete_speaker(speaker_id):
    speaker = _of_event(Speaker, speaker_id)
    return _delete_page(speaker, catalogue.delete_speaker, "organizer.speakers")


def _speaker_form(event, speaker=None) -> SpeakerForm:
    form = SpeakerForm(obj=speaker)
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.event_id == event.id).order_by(Organisation.name)
    )
    form.organisation_id.choices = [none_choice(_("— No organisation —"))] + [
        (organisation.id, organisation.name) for organisation in organisations
    ]
    return form


# The steps the three share


def _of_event(model, record_id: int):
    """The record, or 404 when it is missing or belongs to another edition."""
    record = db.get_or_404(model, record_id)
    if record.event_id != event_or_404().id:
        abort(404)
    return record


def _form_page(form, save, heading: str, list_endpoint: str):
    """Show the form; once it is valid, save it and go back to the list."""
    if form.validate_on_submit():
        entered = {name: value for name, value in form.data.items() if name != "csrf_token"}
        try:
            record = save(by=current_user, **entered)
        except ProgrammeError as error:
            _show_on_form(form, error)
        else:
            flash(_("“%(name)s” saved.", name=record.name), "success")
            return redirect(url_for(list_endpoint))
    return render_template(
        "organizer/catalogue/form.html", form=form, heading=heading, back=url_for(list_endpoint)
    )


def _show_on_form(form, error: ProgrammeError) -> None:
    """Put the refusal on the field it is about, or above the form."""
    field_name = getattr(error, "field", None)
    if field_name and field_name in form:
        form[field_name].errors = [*form[field_name].errors, str(error)]
    else:
        flash(str(error), "error")


def _delete_page(record, delete, list_endpoint: str):
    """GET asks for confirmation (or says what still uses the record); POST deletes."""
    form = ConfirmForm()
    if form.validate_on_submit():
        name = record.name
        try:
            delete(record, by=current_user)
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            flash(_("“%(name)s” deleted.", name=name), "success")
        return redirect(url_for(list_endpoint))
    return render_template(
        "organizer/catalogue/confirm_delete.html",
        record=record,
        form=form,
        in_use=catalogue.where_used(record),
        back=url_for(list_endpoint),
    )
