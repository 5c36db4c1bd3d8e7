"""The outbox: every mail the app sends, written in the transaction of the change it
reports (eventapp/mail.py), delivered afterwards by eventapp/mail_delivery.py.

A row is the whole message as the recipient gets it (rendered in their language), so a
delivery weeks later, a retry or the organizers' Messages page need nothing else. Its
Message-ID is made once, when the row is written: a mail sent twice after a worker died
mid-send carries the same one both times and can be recognised.
"""

import uuid
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .. import limits
from ..extensions import db
from .types import MailStatus, UTCDateTime, enum_type, utcnow


def new_message_id() -> str:
    domain = current_app.config["SERVER_DOMAIN"] if has_app_context() else "eventapp.local"
    return f"<{uuid.uuid4().hex}@{domain}>"


class OutboxMail(db.Model):
    """One mail to one recipient: waiting, being sent, sent or failed."""

    __tablename__ = "outbox_mails"
    __table_args__ = (
        # What a worker asks for: the waiting mails that are due, oldest first.
        Index("ix_outbox_mails_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(limits.EMAIL))
    language: Mapped[str] = mapped_column(String(2))
    # The template's name: "invitation", "password_reset", "session_changed", ...
    kind: Mapped[str] = mapped_column(String(limits.MAIL_KIND))
    subject: Mapped[str] = mapped_column(String(limits.MAIL_SUBJECT))
    body: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(
        String(limits.MAIL_MESSAGE_ID), unique=True, default=new_message_id
    )
    status: Mapped[MailStatus] = mapped_column(
        enum_type(MailStatus, "mail_status"), default=MailStatus.WAITING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Not sent before this moment: now when queued, later for a digest or a retry.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When a worker took it (SENDING): a claim far older than MAIL_CLAIM_TIMEOUT means
    # the worker died mid-send, and another takes the mail again.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Mails that may be merged into one (agenda digests) share a key.
    digest_key: Mapped[str | None] = mapped_column(String(limits.MAIL_DIGEST_KEY), index=True)
    # The registration whose badge QR code goes with the mail as an image (the
    # confirmation mail): made when the mail is sent, from the badge's seed, so the body
    # and the outbox never hold the code, and a badge re-issued before sending sends the new.
    badge_registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} {self.status}>"
