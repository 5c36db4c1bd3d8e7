"""Organizer pages for rooms, organisations and speakers: list, add, edit, delete.

The three work alike: the steps they share (the form page, the confirmation page) are
the small functions at the end of this module.
"""

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..models import Organisation, Room, Speaker
from ..programme import catalogue
from ..programme.services import ProgrammeError
from . import bp
from .catalogue_forms import OrganisationForm, RoomForm, SpeakerForm
from .forms import ConfirmForm
from .loading import event_or_404, of_event_or_404

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
    room = of_event_or_404(Room, room_id)
    update = partial(catalogue.update_room, room)
    return _form_page(RoomForm(obj=room), update, _("Edit room"), "organizer.rooms")


@bp.route("/rooms/<int:room_id>/delete", methods=["GET", "POST"])
def delete_room(room_id):
    return _delete_page(of_event_or_404(Room, room_id), catalogue.delete_room, "organizer.rooms")


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
    organisation = of_event_or_404(Organisation, organisation_id)
    update = partial(catalogue.update_organisation, organisation)
    form = OrganisationForm(obj=organisation)
    return _form_page(form, update, _("Edit organisation"), "organizer.organisations")


@bp.route("/organisations/<int:organisation_id>/delete", methods=["GET", "POST"])
def delete_organisation(organisation_id):
    organisation = of_event_or_404(Organisation, organisation_id)
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
    form = SpeakerForm(event=event)
    return _form_page(form, create, _("New speaker"), "organizer.speakers")


@bp.route("/speakers/<int:speaker_id>/edit", methods=["GET", "POST"])
def edit_speaker(speaker_id):
    speaker = of_event_or_404(Speaker, speaker_id)
    update = partial(catalogue.update_speaker, speaker)
    form = SpeakerForm(obj=speaker, event=event_or_404())
    return _form_page(form, update, _("Edit speaker"), "organizer.speakers")


@bp.route("/speakers/<int:speaker_id>/delete", methods=["GET", "POST"])
def delete_speaker(speaker_id):
    speaker = of_event_or_404(Speaker, speaker_id)
    return _delete_page(speaker, catalogue.delete_speaker, "organizer.speakers")


# The steps the three share


def _form_page(form, save, heading: str, list_endpoint: str):
    """Show the form; once it is valid, save it and go back to the list."""
    if form.validate_on_submit():
        try:
            record = save(by=current_user, **form.entered())
        except ProgrammeError as error:
            if not form.show(error):
                flash(str(error), "error")
        else:
            flash(_("“%(name)s” saved.", name=record.name), "success")
            return redirect(url_for(list_endpoint))
    return render_template(
        "organizer/catalogue/form.html", form=form, heading=heading, back=url_for(list_endpoint)
    )


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
