"""What readers see of briefing documents on the programme pages: a session's documents
on its page (title in the reader's language, type, size, language of the file, note),
and on a diplomat's agenda how many each session has.

"New" and "Updated" compare with the diplomat's previous visit of the session's page
(`DocumentVisit`): a document added since is new, one with a new version since is
updated. Nothing is marked on a first visit (everything is new then), nor for anyone
but diplomats (only their visits are kept). Who may read what is `access.py`'s; this
module only reads, the visit is noted by `services.note_visit`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select

from ..extensions import db
from ..models import Document, DocumentVersion, DocumentVisit, Session
from ..models.programme import Wording
from . import access, storage

NEW = "new"
UPDATED = "updated"


@dataclass(frozen=True)
class ShownDocument:
    """A document as the session page lists it: its current version and its mark."""

    document: Document
    version: DocumentVersion
    title: Wording
    mark: str | None  # NEW, UPDATED or None

    @property
    def kind_label(self):
        kind = storage.kind_of(self.version.content_type)
        return kind.label if kind else self.version.content_type


@dataclass(frozen=True)
class SessionDocuments:
    """A session's documents for its page, and whether this visit is to be noted (a
    diplomat who reads some, on a first visit or with something new since the last)."""

    documents: list[ShownDocument]
    note_visit: bool


@dataclass(frozen=True)
class DocumentCount:
    """On an agenda: the documents of a session the diplomat may read, and how many of
    them were added or replaced since their last visit of the session's page; `size`:
    their current versions' bytes together (the briefing pack's link, pack.summary_of)."""

    count: int
    new: int
    size: int = 0


def for_session_page(session: Session, viewer, language: str) -> SessionDocuments:
    """The documents the viewer may read on the session's page (organizers: withdrawn
    ones too, marked as such by the page), with their marks. The caller checked that
    the viewer may see the session. Three statements for a diplomat (documents
    and their versions, the visit), two more when one is narrowed to participants."""
    documents = access.session_documents(session, viewer)
    if not documents:
        return SessionDocuments([], note_visit=False)
    seen_at = _last_visit(session, viewer)
    shown = [
        ShownDocument(
            document=document,
            version=document.current,  # loaded with it (access.session_documents)
            title=document.in_language("title", language),
            mark=_mark(document, seen_at),
        )
        for document in documents
    ]
    is_diplomat = getattr(viewer, "is_authenticated", False) and viewer.is_diplomat
    changed = seen_at is None or any(item.mark for item in shown)
    return SessionDocuments(shown, note_visit=bool(is_diplomat and shown and changed))


def on_agenda(user, items: Iterable) -> dict[int, DocumentCount]:
    """{session id: DocumentCount} for the agenda's items (`AgendaItem`s whose session is
    a card), the sessions with documents the diplomat may read only; one statement for
    all of them.

    Every session on an agenda is one the diplomat may see, on a day they attend: a
    document narrowed to participants counts when the session needs no sign-up or they
    hold a place in it (a waitlist position is not one): `access.participant_on_agenda`.
    """
    participant = {
        item.session.id: access.participant_on_agenda(item.session.signup_required, item.signup)
        for item in items
    }
    if not participant:
        return {}
    rows = db.session.execute(
        select(
            Document.session_id,
            Document.participants_only,
            Document.changed_at,
            DocumentVisit.seen_at,
            DocumentVersion.size,
        )
        .join(
            DocumentVersion,
            and_(
                DocumentVersion.document_id == Document.id,
                DocumentVersion.number == Document.current_number,
            ),
        )
        .outerjoin(
            DocumentVisit,
            and_(
                DocumentVisit.session_id == Document.session_id,
                DocumentVisit.user_id == user.id,
            ),
        )
        .where(Document.session_id.in_(list(participant)), Document.withdrawn_at.is_(None))
    )
    counts: dict[int, DocumentCount] = {}
    for session_id, participants_only, changed_at, seen_at, size in rows:
        if participants_only and not participant[session_id]:
            continue
        before = counts.get(session_id, DocumentCount(0, 0))
        is_new = seen_at is not None and changed_at > seen_at
        counts[session_id] = DocumentCount(
            before.count + 1, before.new + is_new, before.size + size
        )
    return counts


def _last_visit(session: Session, viewer) -> datetime | None:
    if not getattr(viewer, "is_authenticated", False) or not viewer.is_diplomat:
        return None
    return db.session.scalar(
        select(DocumentVisit.seen_at).where(
            DocumentVisit.user_id == viewer.id, DocumentVisit.session_id == session.id
        )
    )


def _mark(document: Document, seen_at: datetime | None) -> str | None:
    if seen_at is None:
        return None
    if document.created_at > seen_at:
        return NEW
    if document.changed_at > seen_at:
        return UPDATED
    return None
