"""Which programme changes an agenda digest mail reports.

A digest is an outbox mail (kind "agenda_digest") that gathers the changes to one
diplomat's agenda made within MAIL_DIGEST_MINUTES of the first (eventapp/programme/
digests.py). Its body is rendered again from these change records each time one joins,
so the mail always says where each session went from and to, in the diplomat's language.
The outbox row stays the whole message: nothing here is needed to send it.
"""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .outbox import OutboxMail


class AgendaDigestChange(db.Model):
    """One programme change reported by one digest mail."""

    __tablename__ = "agenda_digest_changes"

    outbox_mail_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_mails.id", ondelete="CASCADE"), primary_key=True
    )
    session_change_id: Mapped[int] = mapped_column(
        ForeignKey("session_changes.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    outbox_mail: Mapped[OutboxMail] = relationship()
    session_change: Mapped["SessionChange"] = relationship()  # noqa: F821
