"""Messages organizers write to a group of people ("the 14:00 plenary starts 15 minutes
late"), kept with who sent them, to whom, and the outbox mail each recipient got.

The text is stored as written, in up to three languages; each recipient's copy is an
outbox row already rendered in their language (eventapp/messages/services.py), so the
message here is the record of what was sent, not what delivery reads.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from ..extensions import db
from .types import UTCDateTime, utcnow

LANGUAGES = ("en", "fr", "nl")  # as eventapp/models/programme.py


class GroupMessage(db.Model):
    """One message to a group, as its sender wrote it."""

    __tablename__ = "group_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    subject_en: Mapped[str] = mapped_column(String(limits.MAIL_SUBJECT), default="")
    subject_fr: Mapped[str] = mapped_column(String(limits.MAIL_SUBJECT), default="")
    subject_nl: Mapped[str] = mapped_column(String(limits.MAIL_SUBJECT), default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    body_fr: Mapped[str] = mapped_column(Text, default="")
    body_nl: Mapped[str] = mapped_column(Text, default="")
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    # Who it was for, as chosen: {"kind": "day", "day": "2026-02-02"}, {"kind":
    # "session_waitlist", "session_id": 4, "session": "Title"}, ...
    audience: Mapped[dict] = mapped_column(JSON, default=dict)

    sender: Mapped["User | None"] = relationship()  # noqa: F821
    recipients: Mapped[list["GroupMessageRecipient"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def languages(self) -> list[str]:
        """The languages it was written in: those with both a subject and a body."""
        return [
            language
            for language in LANGUAGES
            if getattr(self, f"subject_{language}") and getattr(self, f"body_{language}")
        ]

    def language_for(self, language: str) -> str:
        """The language a recipient reading `language` gets, as for session texts: theirs,
        else English, else the first written."""
        written = self.languages
        for candidate in (language, "en", *written):
            if candidate in written:
                return candidate
        return "en"

    def subject_in(self, language: str) -> str:
        return getattr(self, f"subject_{language}")

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}")


class GroupMessageRecipient(db.Model):
    """One recipient of a group message and the outbox mail that carries their copy."""

    __tablename__ = "group_message_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_message_id: Mapped[int] = mapped_column(
        ForeignKey("group_messages.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outbox_mail_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_mails.id", ondelete="SET NULL"), index=True
    )

    message: Mapped[GroupMessage] = relationship(back_populates="recipients")
    user: Mapped["User | None"] = relationship()  # noqa: F821
    outbox_mail: Mapped["OutboxMail | None"] = relationship()  # noqa: F821
