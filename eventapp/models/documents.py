"""Briefing documents attached to sessions (eventapp/documents): their versions, who
downloaded which, and when each diplomat last looked at a session's documents.

A version's file lives in the documents folder under the SHA-256 of its content
(eventapp/documents/storage.py): identical files are stored once, and the hash kept here
is how a restored folder is checked against the database (`eventapp documents check`).
"""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from ..extensions import db
from .people import User
from .programme import Event, Session, Translated
from .types import FileLanguage, UTCDateTime, enum_type, utcnow


class Document(Translated, db.Model):
    """A document on a session: titles in up to three languages, the language of the
    file itself, a note, and who may read it.

    Readers get the latest version (`current_number`); organizers see every version.
    A withdrawn document is hidden from readers and kept for the record.
    """

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("coalesce(title_en, title_fr, title_nl) IS NOT NULL", name="has_a_title"),
        CheckConstraint("current_number >= 1", name="has_a_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    title_en: Mapped[str | None] = mapped_column(String(limits.DOCUMENT_TITLE))
    title_fr: Mapped[str | None] = mapped_column(String(limits.DOCUMENT_TITLE))
    title_nl: Mapped[str | None] = mapped_column(String(limits.DOCUMENT_TITLE))
    language: Mapped[FileLanguage] = mapped_column(enum_type(FileLanguage, "file_language"))
    note: Mapped[str | None] = mapped_column(Text)
    # Narrowed to the session's registered participants: its audience (on the days they
    # attend), or those holding a place when it needs sign-up (eventapp/documents/access.py).
    participants_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # The number of the version readers get, and when it was uploaded ("changed since
    # your last visit" compares this with the visit).
    current_number: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    session: Mapped[Session] = relationship()
    versions: Mapped[list["DocumentVersion"]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.number.desc()",
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def current(self) -> "DocumentVersion":
        """The version readers get (loads the versions when not loaded yet)."""
        return next(v for v in self.versions if v.number == self.current_number)

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.text_in('title', 'en')!r}>"


class DocumentVersion(db.Model):
    """One uploaded file of a document: its content's hash (the file's name in the
    documents folder), size, type as read from the content, and the name it was
    uploaded under (cleaned; the extension is the one of the real type)."""

    __tablename__ = "document_versions"
    __table_args__ = (
        UniqueConstraint("document_id", "number", name="uq_document_versions_document_id_number"),
        CheckConstraint("size > 0", name="not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(limits.DOCUMENT_CONTENT_TYPE))
    filename: Mapped[str] = mapped_column(String(limits.DOCUMENT_FILENAME))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship()


class DocumentDownload(db.Model):
    """A document downloaded: by whom (none for an anonymous visitor, or once the names
    are purged: the counts stay), when, which version, and whether in a briefing pack."""

    __tablename__ = "document_downloads"
    __table_args__ = (Index("ix_document_downloads_document_id_user_id", "document_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(
        ForeignKey("document_versions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    downloaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    in_pack: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User | None] = relationship()


class DocumentVisit(db.Model):
    """When a diplomat last looked at a session's documents (its page): what was added or
    replaced since is marked on their next visit."""

    __tablename__ = "document_visits"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
