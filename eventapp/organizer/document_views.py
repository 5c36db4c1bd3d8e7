"""Organizer pages for briefing documents (issue 22): the edition's documents, a
session's documents and who has opened them, attaching, new versions, editing,
withdrawing and restoring, and any version's file."""

from itertools import groupby
from operator import attrgetter

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..documents import services, storage
from ..documents.views import file_or_404, send_version
from ..extensions import db
from ..models import Document, DocumentVersion, Session
from . import bp, document_queries
from .document_forms import DocumentDetailsForm, NewDocumentForm, NewVersionForm
from .exchange_views import too_large_page
from .forms import ConfirmForm
from .loading import event_or_404, of_event_or_404, session_or_404


@bp.get("/documents")
def documents():
    event = event_or_404()
    documents = document_queries.event_documents(event)
    return _render(
        "organizer/documents/index.html",
        documents=documents,
        sessions=[(s, list(docs)) for s, docs in groupby(documents, key=attrgetter("session"))],
        counts=document_queries.download_counts(documents),
    )


@bp.get("/sessions/<int:session_id>/documents")
def session_documents(session_id):
    session = session_or_404(session_id)
    documents = document_queries.session_documents(session)
    return _render(
        "organizer/documents/session.html",
        session=session,
        documents=documents,
        counts=document_queries.download_counts(documents),
        readers=document_queries.pre_reading(session, documents),
        current=[document for document in documents if not document.is_withdrawn],
    )


@bp.route("/sessions/<int:session_id>/documents/new", methods=["GET", "POST"])
def new_document(session_id):
    session = session_or_404(session_id)
    form = NewDocumentForm()
    if form.validate_on_submit():
        try:
            document = services.attach(session, form.upload(), form.details(), current_user)
        except storage.Rejected as rejected:
            form.file.errors.append(str(rejected))
        else:
            flash(_("Document attached."), "success")
            return redirect(url_for("organizer.document", document_id=document.id))
    return _new_document_page(session, form)


@bp.get("/documents/<int:document_id>")
def document(document_id):
    document = _document_or_404(document_id)
    return _render(
        "organizer/documents/document.html",
        document=document,
        counts=document_queries.download_counts([document]).get(
            document.id, document_queries.Counts()
        ),
        downloads=document_queries.downloads_of(document),
        form=ConfirmForm(),
    )


@bp.route("/documents/<int:document_id>/edit", methods=["GET", "POST"])
def edit_document(document_id):
    document = _document_or_404(document_id)
    form = DocumentDetailsForm()
    if request.method == "GET":
        form.fill(document)
    if form.validate_on_submit():
        services.edit(document, form.details(), current_user)
        flash(_("Document saved."), "success")
        return redirect(url_for("organizer.document", document_id=document.id))
    return render_template("organizer/documents/edit.html", document=document, form=form)


@bp.route("/documents/<int:document_id>/new-version", methods=["GET", "POST"])
def new_document_version(document_id):
    document = _document_or_404(document_id)
    form = NewVersionForm()
    if form.validate_on_submit():
        try:
            version = services.replace(document, form.upload(), current_user)
        except storage.Rejected as rejected:
            form.file.errors.append(str(rejected))
        else:
            flash(
                _(
                    "Version %(number)d uploaded: readers get it from now on.",
                    number=version.number,
                ),
                "success",
            )
            return redirect(url_for("organizer.document", document_id=document.id))
    return _new_version_page(document, form)


@bp.route("/documents/<int:document_id>/withdraw", methods=["GET", "POST"])
def withdraw_document(document_id):
    document = _document_or_404(document_id)
    form = ConfirmForm()
    if document.is_withdrawn:
        flash(_("This document is already withdrawn."), "info")
        return redirect(url_for("organizer.document", document_id=document.id))
    if form.validate_on_submit():
        services.withdraw(document, current_user)
        flash(_("Document withdrawn: readers no longer see it. It is kept here."), "success")
        return redirect(url_for("organizer.document", document_id=document.id))
    return render_template("organizer/documents/withdraw.html", document=document, form=form)


@bp.post("/documents/<int:document_id>/restore")
def restore_document(document_id):
    document = _document_or_404(document_id)
    if not document.is_withdrawn:
        flash(_("This document is not withdrawn: its readers see it."), "info")
    elif ConfirmForm().validate_on_submit():
        services.restore(document, current_user)
        flash(_("Document restored: its readers see it again."), "success")
    return redirect(url_for("organizer.document", document_id=document.id))


@bp.get("/document-versions/<int:version_id>/download")
def download_document_version(version_id):
    """Any version, for organizers; not counted as a reader's download."""
    version = _version_or_404(version_id)
    return send_version(version, file_or_404(version))


@too_large_page("organizer.new_document")
def new_document_too_large():
    form = NewDocumentForm(formdata=None)
    form.file.errors = [storage.too_large_message()]
    return _new_document_page(session_or_404(request.view_args["session_id"]), form)


@too_large_page("organizer.new_document_version")
def new_version_too_large():
    form = NewVersionForm(formdata=None)
    form.file.errors = [storage.too_large_message()]
    return _new_version_page(_document_or_404(request.view_args["document_id"]), form)


def _new_document_page(session: Session, form: NewDocumentForm):
    return render_template("organizer/documents/new.html", session=session, form=form, **_limit())


def _new_version_page(document: Document, form: NewVersionForm):
    return render_template(
        "organizer/documents/new_version.html", document=document, form=form, **_limit()
    )


def _limit() -> dict:
    """What an upload form says of the size limit, and what its script checks."""
    return {
        "max_bytes": storage.max_bytes(),
        "limit_mb": f"{current_app.config['DOCUMENT_MAX_MB']:g}",
        "too_large": storage.too_large_message(),
    }


def _render(template: str, **context):
    return render_template(template, kind_of=storage.kind_of, **context)


def _document_or_404(document_id: int) -> Document:
    return of_event_or_404(Document, document_id)


def _version_or_404(version_id: int) -> DocumentVersion:
    version = db.get_or_404(DocumentVersion, version_id)
    _document_or_404(version.document_id)  # of this edition
    return version
