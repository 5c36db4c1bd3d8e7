"""What the organizers' document pages read: an edition's or a session's documents with
their download counts, one document's downloads, and who has opened a session's
pre-reading.

Each function costs a fixed number of queries, whatever the number of documents,
versions and downloads.
"""

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Document,
    DocumentDownload,
    DocumentVersion,
    Event,
    Role,
    Session,
    SignUp,
    SignUpStatus,
    User,
)
from ..programme.agenda import agenda_holders


@dataclass(frozen=True)
class Counts:
    downloads: int = 0  # every download, anonymous ones and those in a pack included
    readers: int = 0  # distinct people who downloaded it, organizers left out


@dataclass(frozen=True)
class Reader:
    """A registered participant of a session and the current documents they opened."""

    user: User
    opened: frozenset[int]  # document ids

    def has_opened(self, document: Document) -> bool:
        return document.id in self.opened


def event_documents(event: Event) -> list[Document]:
    """The edition's documents (withdrawn ones too), in the order of their sessions."""
    return list(
        db.session.scalars(
            select(Document)
            .join(Session, Session.id == Document.session_id)
            .where(Document.event_id == event.id)
            .options(selectinload(Document.versions), selectinload(Document.session))
            .order_by(Session.starts_at, Session.id, Document.created_at, Document.id)
        )
    )


def session_documents(session: Session) -> list[Document]:
    """The session's documents, withdrawn ones too, oldest first."""
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.session_id == session.id)
            .options(selectinload(Document.versions))
            .order_by(Document.created_at, Document.id)
        )
    )


def document_count(session: Session) -> int:
    """How many documents the session has, withdrawn ones included."""
    return db.session.scalar(
        select(func.count(Document.id)).where(Document.session_id == session.id)
    )


def download_counts(documents: list[Document]) -> dict[int, Counts]:
    """Downloads and distinct readers per document id (a document never downloaded is
    missing: use `.get(id, Counts())`)."""
    ids = [document.id for document in documents]
    if not ids:
        return {}
    not_organizer = (User.id.is_(None)) | (User.role != Role.ORGANIZER)
    rows = db.session.execute(
        select(
            DocumentDownload.document_id,
            func.count(DocumentDownload.id),
            func.count(distinct(DocumentDownload.user_id)).filter(not_organizer),
        )
        .outerjoin(User, User.id == DocumentDownload.user_id)
        .where(DocumentDownload.document_id.in_(ids))
        .group_by(DocumentDownload.document_id)
    )
    return {document_id: Counts(downloads, readers) for document_id, downloads, readers in rows}


def downloads_of(document: Document) -> list[tuple[DocumentDownload, DocumentVersion]]:
    """Every download of the document, newest first, with the version handed out."""
    return list(
        db.session.execute(
            select(DocumentDownload, DocumentVersion)
            .join(DocumentVersion, DocumentVersion.id == DocumentDownload.version_id)
            .where(DocumentDownload.document_id == document.id)
            .options(selectinload(DocumentDownload.user))
            .order_by(DocumentDownload.downloaded_at.desc(), DocumentDownload.id.desc())
        )
    )


def participants(session: Session) -> list[User]:
    """The session's registered participants: the diplomats with it on their agenda
    (its audience, on a day they attend), and when it needs sign-up those holding a
    place, not those waiting (as eventapp/documents/access.py's `is_participant`)."""
    holders = agenda_holders(session)
    if not session.signup_required:
        return holders
    placed = set(
        db.session.scalars(
            select(SignUp.user_id).where(
                SignUp.session_id == session.id, SignUp.status == SignUpStatus.CONFIRMED
            )
        )
    )
    return [user for user in holders if user.id in placed]


def pre_reading(session: Session, documents: list[Document]) -> list[Reader]:
    """Each participant with the current documents they opened (any version, alone or in
    a pack); those who opened none first, then by name."""
    current = [document.id for document in documents if not document.is_withdrawn]
    people = participants(session)
    opened: dict[int, set[int]] = {user.id: set() for user in people}
    if current and people:
        rows = db.session.execute(
            select(DocumentDownload.user_id, DocumentDownload.document_id)
            .where(
                DocumentDownload.document_id.in_(current),
                DocumentDownload.user_id.in_(list(opened)),
            )
            .distinct()
        )
        for user_id, document_id in rows:
            opened[user_id].add(document_id)
    readers = [Reader(user, frozenset(opened[user.id])) for user in people]
    return sorted(
        readers, key=lambda r: (bool(r.opened), r.user.last_name.lower(), r.user.first_name)
    )
