"""Organizer pages for sessions: create, edit, duplicate, cancel, delete, publish."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..models import Session
from ..programme import services
from ..programme.services import ProgrammeError, RuleViolation, SessionDetails
from ..record_ids import parse_ids
from . import bp, document_queries
from .forms import ConfirmForm, PublishForm, SessionForm
from .loading import event_or_404, session_or_404


@bp.get("/")
def index():
    return redirect(url_for("organizer.grid"))


@bp.get("/sessions/<int:session_id>")
def session_detail(session_id):
    session = session_or_404(session_id)
    return render_template(
        "organizer/session_detail.html",
        session=session,
        form=ConfirmForm(),
        document_count=document_queries.document_count(session),
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
def new_session():
    form = SessionForm(event=event_or_404())
    if request.method == "GET":
        form.fill_slot(request.args)
    if form.validate_on_submit():
        try:
            session = services.create_session(form.event, form.details(), current_user)
        except RuleViolation as violation:
            form.show(violation)
        else:
            flash(_("Session created as a draft. Publish it when it is ready."), "success")
            return redirect(_back_to_grid(session))
    return _form_page(form)


@bp.get("/sessions/<int:session_id>/duplicate")
def duplicate_session(session_id):
    """The new-session form, filled in from this session: change what differs, then save."""
    original = session_or_404(session_id)
    form = SessionForm(event=original.event, formdata=None)
    form.fill(SessionDetails.of(original))
    flash(_("This is a copy: change its time or room, then save it as a new draft."), "info")
    return _form_page(form)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id):
    session = session_or_404(session_id)
    posted = request.form if request.method == "POST" else None
    form = SessionForm(event=session.event, formdata=posted)
    if request.method == "GET":
        form.fill(SessionDetails.of(session))
    if form.validate_on_submit():
        try:
            changed = services.update_session(session, form.details(), current_user)
        except RuleViolation as violation:
            form.show(violation)
        except ProgrammeError as error:
            flash(str(error), "error")
            return redirect(url_for("organizer.session_detail", session_id=session.id))
        else:
            flash(_saved_message(session, changed), "success")
            return redirect(_back_to_grid(session))
    return _form_page(form, session)


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
            _flash_clashes(violation)
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
            _flash_clashes(violation)
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


def _form_page(form: SessionForm, session: Session | None = None):
    """The session form: a new session (or a copy) when `session` is None."""
    return render_template(
        "organizer/session_form.html",
        form=form,
        event=form.event,
        session=session,
        clashes=form.clashes,
    )


def _saved_message(session: Session, changed) -> str:
    """Whether diplomats and calendars will see the change: only if it was ever public."""
    if changed and session.was_ever_published:
        return _(
            "Session saved. Diplomats and calendars will see the change (version %(sequence)d).",
            sequence=session.sequence,
        )
    return _("Session saved.")


def _flash_clashes(violation: RuleViolation) -> None:
    for clash in violation.clashes:
        flash(clash.message, "error")


def _back_to_grid(session: Session) -> str:
    day = session.starts_at.astimezone(session.event.tz).date().isoformat()
    return url_for("organizer.grid", day=day, _anchor=f"session-{session.id}")
