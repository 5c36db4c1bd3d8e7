"""Briefing documents: attach, replace, edit, withdraw and restore (organizers), and the
record of each download.

Each use case is one transaction with its audit entry. The file is stored first
(eventapp/documents/storage.py: refused files leave nothing); if the transaction then
fails, the stored file is left unused in the folder, complete, under its hash, and
`eventapp documents check` lists it.
"""

from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..models import (
    Document,
    DocumentDownload,
    DocumentVersion,
    DocumentVisit,
    FileLanguage,
    Session,
    utcnow,
)
from ..unit_of_work import unit_of_work
from . import storage
from .storage import Rejected

__all__ = ["DocumentDetails", "Rejected", "Upload", "attach", "replace", "edit", "withdraw"]


@dataclass(frozen=True)
class Upload:
    """A file as the form received it: its bytes and the name it was sent under."""

    stream: BinaryIO
    filename: str | None


@dataclass(frozen=True)
class DocumentDetails:
    title_en: str | None
    title_fr: str | None
    title_nl: str | None
    language: FileLanguage
    note: str | None
    participants_only: bool

    def apply_to(self, document: Document) -> None:
        for name in ("title_en", "title_fr", "title_nl", "language", "note", "participants_only"):
            setattr(document, name, getattr(self, name))


def attach(session: Session, upload: Upload, details: DocumentDetails, by) -> Document:
    """A new document on the session, with its first version. Raises `Rejected`."""
    stored, filename = _store(upload)
    with unit_of_work():
        twin = _same_file_on(session, stored.sha256)
        if twin is not None:
            raise Rejected(
                _(
                    "This file is already attached to this session, as “%(title)s”. "
                    "To change that document, upload a new version of it.",
                    title=twin.text_in("title", by.language),
                )
            )
        now = utcnow()
        document = Document(
            event_id=session.event_id,
            session_id=session.id,
            current_number=1,
            changed_at=now,
            created_at=now,
            created_by_id=by.id,
        )
        details.apply_to(document)
        if not document.texts("title"):
            document.title_en = filename.rpartition(".")[0]
        document.versions.append(_version(1, stored, filename, by, now))
        db.session.add(document)
        db.session.flush()
        audit.record(
            "document.attached",
            by,
            document,
            session_id=session.id,
            title=document.texts("title")[0],
            filename=filename,
            sha256=stored.sha256,
            size=stored.size,
            participants_only=document.participants_only,
        )
    return document


def replace(document: Document, upload: Upload, by) -> DocumentVersion:
    """A new version of the document: readers get it from now on; earlier ones are
    kept for organizers. Raises `Rejected` (also for the very file of the current
    version)."""
    stored, filename = _store(upload)
    with unit_of_work():
        # Two new versions at once: the second waits for the first to commit, then reads
        # its number (and its file) afresh, instead of taking the same number (a 500).
        # The caller's changes not yet written are written first, not refreshed away.
        db.session.flush()
        db.session.refresh(document, with_for_update=True)
        if document.current.sha256 == stored.sha256:
            raise Rejected(_("This file is the same as the current version: nothing to replace."))
        now = utcnow()
        number = document.current_number + 1
        version = _version(number, stored, filename, by, now)
        document.versions.append(version)
        document.current_number = number
        document.changed_at = now
        db.session.flush()
        audit.record(
            "document.replaced",
            by,
            document,
            version=number,
            filename=filename,
            sha256=stored.sha256,
            size=stored.size,
        )
    return version


def edit(document: Document, details: DocumentDetails, by) -> None:
    with unit_of_work():
        before = {
            "titles": document.texts("title"),
            "participants_only": document.participants_only,
        }
        details.apply_to(document)
        audit.record(
            "document.edited",
            by,
            document,
            old=before,
            new={
                "titles": document.texts("title"),
                "participants_only": document.participants_only,
            },
        )


def withdraw(document: Document, by) -> None:
    """Hide the document from readers; it stays, with its versions and downloads."""
    with unit_of_work():
        if document.is_withdrawn:
            return
        document.withdrawn_at = utcnow()
        document.withdrawn_by_id = by.id
        audit.record("document.withdrawn", by, document, title=document.texts("title")[0])


def restore(document: Document, by) -> None:
    """Show a withdrawn document to its readers again."""
    with unit_of_work():
        if not document.is_withdrawn:
            return
        document.withdrawn_at = None
        document.withdrawn_by_id = None
        audit.record("document.restored", by, document, title=document.texts("title")[0])


def record_downloads(versions: list[DocumentVersion], user, *, in_pack: bool = False) -> None:
    """Each version handed to the reader (an anonymous visitor: no name kept)."""
    user_id = user.id if getattr(user, "is_authenticated", False) else None
    with unit_of_work():
        now = utcnow()
        db.session.add_all(
            DocumentDownload(
                document_id=version.document_id,
                version_id=version.id,
                user_id=user_id,
                downloaded_at=now,
                in_pack=in_pack,
            )
            for version in versions
        )


def note_visit(session_id: int, user_id: int) -> None:
    """Note that the diplomat has now seen the session's documents (the session page,
    once rendered: eventapp/documents/reading.py decides when a visit is worth noting).

    Two first visits at once (two tabs) both insert: the one that loses finds the
    visit noted by the other, a moment earlier, and leaves it.
    """
    try:
        with unit_of_work():
            visit = db.session.get(DocumentVisit, (user_id, session_id))
            if visit is None:
                db.session.add(
                    DocumentVisit(user_id=user_id, session_id=session_id, seen_at=utcnow())
                )
            else:
                visit.seen_at = utcnow()
    except IntegrityError:
        pass  # rolled back: the other request's visit stands


def _store(upload: Upload):
    # Checked before the content is kept: a name that misleads keeps nothing either.
    storage.clean_filename(upload.filename, "x")
    stored = storage.store(upload.stream)
    return stored, storage.clean_filename(upload.filename, stored.extension)


def _same_file_on(session: Session, sha256: str) -> Document | None:
    return db.session.scalar(
        select(Document)
        .join(
            DocumentVersion,
            (DocumentVersion.document_id == Document.id)
            & (DocumentVersion.number == Document.current_number),
        )
        .where(
            Document.session_id == session.id,
            Document.withdrawn_at.is_(None),
            DocumentVersion.sha256 == sha256,
        )
        .limit(1)
    )


def _version(number, stored, filename, by, now) -> DocumentVersion:
    return DocumentVersion(
        number=number,
        sha256=stored.sha256,
        size=stored.size,
        content_type=stored.content_type,
        filename=filename,
        uploaded_at=now,
        uploaded_by_id=by.id,
    )
