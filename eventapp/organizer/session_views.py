"""Organizer pages for sessions: create, edit, duplicate, cancel, delete, publish."""

from datetime import UTC, datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..events import current_event
from ..extensions import db
from ..models import (
    LANGUAGES,
    AudienceKind,
    DiplomatFunction,
    Organisation,
    Region,
    Role,
    Room,
    Session,
    SessionKind,
    Speaker,
    SpeakerRole,
    User,
    Visibility,
)
from ..programme import services
from ..programme.services import ProgrammeError, RuleViolation, SessionDetails
from ..record_ids import parse_ids
from . import bp
from .fields import none_choice
from .forms import SPEAKER_ROWS, ConfirmForm, PublishForm, SessionForm


def event_or_404():
    event = current_event()
    if event is None:
        abort(404)
    return event


def session_or_404(session_id: int) -> Session:
    session = db.get_or_404(Session, session_id)
    if session.event_id != event_or_404().id:
        abort(404)
    return session


@bp.get("/")
def index():
    return redirect(url_for("organizer.grid"))


@bp.get("/sessions/<int:session_id>")
def session_detail(session_id):
    session = session_or_404(session_id)
    return render_template("organizer/session_detail.html", session=session, form=ConfirmForm())


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    event = event_or_404()
    form = SessionForm()
    _offer_choices(form, event)
    if request.method == "GET":
        _prefill_from_query(form, event)
    if form.validate_on_submit():
        try:
            session = services.create_session(event, _details_from(form, event), current_user)
        except RuleViolation as violation:
            _attach_clashes(form, violation)
        else:
            flash(_("Session created as a draft. Publish it when it is ready."), "success")
            return redirect(_back_to_grid(session))
    return render_template(
        "organizer/session_form.html", form=form, event=event, session=None, clashes=_clashes(form)
    )


@bp.get("/sessions/<int:session_id>/duplicate")
def duplicate_session(session_id):
    """The new-session form, filled in from this session: change what differs, then save."""
    original = session_or_404(session_id)
    event = original.event
    form = SessionForm(formdata=None)
    _offer_choices(form, event)
    _fill_form(form, SessionDetails.of(original), event)
    flash(_("This is a copy: change its time or room, then save it as a new draft."), "info")
    return render_template(
        "organizer/session_form.html", form=form, event=event, session=None, clashes=[]
    )


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id):
    session = session_or_404(session_id)
    event = session.event
    form = SessionForm(formdata=request.form if request.method == "POST" else None)
    _offer_choices(form, event)
    if request.method == "GET":
        _fill_form(form, SessionDetails.of(session), event)
    if form.validate_on_submit():
        try:
            changed = services.update_session(session, _details_from(form, event), current_user)
        except RuleViolation as violation:
            _attach_clashes(form, violation)
        except ProgrammeError as error:
            flash(str(error), "error")
            return redirect(url_for("organizer.session_detail", session_id=session.id))
        else:
            if changed and session.was_ever_published:
                flash(
                    _(
                        "Session saved. Diplomats and calendars will see the change "
                        "(version %(sequence)d).",
                        sequence=session.sequence,
                    ),
                    "success",
                )
            else:
                flash(_("Session saved."), "success")
            return redirect(_back_to_grid(session))
    return render_template(
        "organizer/session_form.html",
        form=form,
        event=event,
        session=session,
        clashes=_clashes(form),
    )


@bp.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
def cancel_session(session_id):
    session = session_or_404(session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.cancel_session(session, current_user)
        except ProgrammeError as error:
            flash(str(error), "error")
        else:
            flash(
                _("Session cancelled. It stays in the programme, marked as cancelled."), "success"
            )
        return redirect(url_for("organizer.session_detail", session_id=session.id))
    return render_template("organizer/confirm_cancel.html", session=session, form=form)


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
def delete_session(session_id):
    session = session_or_404(session_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.delete_session(session, current_user)
        except ProgrammeError as error:
            flash(str(error), "error")
            return redirect(url_for("organizer.session_detail", session_id=session.id))
        flash(_("Draft deleted."), "success")
        return redirect(url_for("organizer.sessions"))
    return render_template("organizer/confirm_delete.html", session=session, form=form)


@bp.post("/sessions/<int:session_id>/publish")
def publish_session(session_id):
    session = session_or_404(session_id)
    if ConfirmForm().validate_on_submit():
        try:
            published = services.publish_sessions(session.event, [session.id], current_user)
        except RuleViolation as violation:
            for clash in violation.clashes:
                flash(clash.message, "error")
        else:
            if published:
                flash(_("Session published."), "success")
            else:
                flash(_("This session was not a draft; nothing to publish."), "info")
    return redirect(url_for("organizer.session_detail", session_id=session.id))


@bp.route("/publish", methods=["GET", "POST"])
def publish_drafts():
    """Publish all drafts, after a confirmation page that lists them."""
    event = event_or_404()
    form = PublishForm()
    if form.validate_on_submit():
        ids = parse_ids(form.session_ids.data)
        try:
            published = services.publish_sessions(event, ids, current_user)
        except RuleViolation as violation:
            for clash in violation.clashes:
                flash(clash.message, "error")
        else:
            flash(
                ngettext(
                    "%(num)d session published.", "%(num)d sessions published.", len(published)
                ),
                "success" if published else "info",
            )
            return redirect(url_for("organizer.sessions"))
    drafts = services.drafts_of(event)
    form = PublishForm(formdata=None)
    for draft in drafts:
        form.session_ids.append_entry(draft.id)
    return render_template("organizer/publish.html", drafts=drafts, form=form)


def _back_to_grid(session: Session) -> str:
    day = session.starts_at.astimezone(session.event.tz).date().isoformat()
    return url_for("organizer.grid", day=day, _anchor=f"session-{session.id}")


def _offer_choices(form: SessionForm, event) -> None:
    form.day.choices = [(day.isoformat(), format_date(day, "EEEE d MMMM")) for day in event.days]
    rooms = db.session.scalars(
        select(Room).where(Room.event_id == event.id).order_by(Room.name)
    ).all()
    form.room_id.choices = [none_choice(_("— No room —"))] + [
        (
            room.id,
            ngettext(
                "%(name)s (%(num)d place)",
                "%(name)s (%(num)d places)",
                room.capacity,
                name=room.name,
            ),
        )
        for room in rooms
    ]
    speakers = db.session.scalars(
        select(Speaker).where(Speaker.event_id == event.id).order_by(Speaker.name)
    ).all()
    speaker_choices = [none_choice(_("— No speaker —"))] + [
        (speaker.id, f"{speaker.name} — {speaker.function}" if speaker.function else speaker.name)
        for speaker in speakers
    ]
    while len(form.speakers.entries) < SPEAKER_ROWS:
        form.speakers.append_entry()
    for entry in form.speakers:
        entry.speaker_id.choices = speaker_choices
    form.organisation_ids.choices = [
        (organisation.id, organisation.name)
        for organisation in db.session.scalars(
            select(Organisation)
            .where(Organisation.event_id == event.id)
            .order_by(Organisation.name)
        )
    ]
    diplomats = db.session.scalars(
        select(User)
        .where(User.role == Role.DIPLOMAT)
        .options(selectinload(User.profile))
        .order_by(User.last_name, User.first_name)
    ).all()
    form.audience_member_ids.choices = [
        (
            user.id,
            f"{user.last_name}, {user.first_name}"
            + (f" — {user.profile.post}" if user.profile else ""),
        )
        for user in diplomats
    ]


def _prefill_from_query(form: SessionForm, event) -> None:
    """The grid links empty slots to this form with ?day=&time=&room=."""
    day = request.args.get("day", "")
    if day in dict(form.day.choices):
        form.day.data = day
    try:
        form.start_time.data = time.fromisoformat(request.args.get("time", ""))
    except ValueError:
        form.start_time.data = time(9, 0)
    room = request.args.get("room", "")
    if room.isdigit() and int(room) in {choice[0] for choice in form.room_id.choices[1:]}:
        form.room_id.data = int(room)


def _fill_form(form: SessionForm, details: SessionDetails, event) -> None:
    tz = event.tz
    local_start = details.starts_at.astimezone(tz)
    form.kind.data = details.kind.value
    form.day.data = local_start.date().isoformat()
    form.start_time.data = local_start.time().replace(tzinfo=None)
    form.duration.data = int((details.ends_at - details.starts_at).total_seconds() // 60)
    for lang in LANGUAGES:
        getattr(form, f"title_{lang}").data = details.titles.get(lang) or ""
        getattr(form, f"description_{lang}").data = details.descriptions.get(lang) or ""
    form.room_id.data = details.room_id
    for entry, (speaker_id, role) in zip(form.speakers, details.speakers, strict=False):
        entry.speaker_id.data = speaker_id
        entry.role.data = role.value
    form.organisation_ids.data = details.organisation_ids
    form.visibility.data = details.visibility.value
    form.audience.data = details.audience.value
    form.audience_functions.data = [function.value for function in details.audience_functions]
    form.audience_regions.data = [region.value for region in details.audience_regions]
    form.audience_member_ids.data = details.audience_member_ids
    form.capacity.data = details.capacity
    form.signup_required.data = details.signup_required
    form.parallel_group.data = details.parallel_group or ""


def _details_from(form: SessionForm, event) -> SessionDetails:
    tz = event.tz
    day = datetime.fromisoformat(form.day.data).date()
    local_start = datetime.combine(day, form.start_time.data, tzinfo=tz)
    starts_at = local_start.astimezone(UTC)
    ends_at = starts_at + timedelta(minutes=form.duration.data)
    return SessionDetails(
        kind=SessionKind(form.kind.data),
        starts_at=starts_at,
        ends_at=ends_at,
        titles={lang: getattr(form, f"title_{lang}").data for lang in LANGUAGES},
        descriptions={lang: getattr(form, f"description_{lang}").data for lang in LANGUAGES},
        room_id=form.room_id.data,
        speakers=[
            (entry.speaker_id.data, SpeakerRole(entry.role.data))
            for entry in form.speakers
            if entry.speaker_id.data is not None
        ],
        organisation_ids=form.organisation_ids.data or [],
        visibility=Visibility(form.visibility.data),
        audience=AudienceKind(form.audience.data),
        audience_functions=[
            DiplomatFunction(value) for value in form.audience_functions.data or []
        ],
        audience_regions=[Region(value) for value in form.audience_regions.data or []],
        audience_member_ids=form.audience_member_ids.data or [],
        capacity=form.capacity.data,
        signup_required=form.signup_required.data,
        parallel_group=form.parallel_group.data,
    )


FIELD_FOR_CLASH = {
    "title_en": "title_en",
    "duration": "duration",
    "day": "day",
    "room_id": "room_id",
    "capacity": "capacity",
    "parallel_group": "parallel_group",
    "organisation_ids": "organisation_ids",
    "audience_functions": "audience_functions",
    "audience_regions": "audience_regions",
    "audience_member_ids": "audience_member_ids",
}


def _attach_clashes(form: SessionForm, violation: RuleViolation) -> None:
    """Show each clash on its field, and keep the list (with links) for the summary."""
    form.clashes = violation.clashes
    for clash in violation.clashes:
        field_name = FIELD_FOR_CLASH.get(clash.field or "")
        if field_name:
            field = getattr(form, field_name)
            field.errors = [*field.errors, clash.message]


def _clashes(form: SessionForm):
    return getattr(form, "clashes", [])
