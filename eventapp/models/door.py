"""The palace door: who arrived when (one check-in per person and day), who came to a
session's door, and the counts kept once the names are purged (eventapp/door)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from ..extensions import db
from .people import Registration, User
from .types import DiplomatFunction, Region, UTCDateTime, enum_type, utcnow


class CheckIn(db.Model):
    """A diplomat let in at the palace door on one day of the edition.

    The database holds the rule "once per person and day" (two doors scanning the same
    badge at the same moment make one row, the other gets the unique key's refusal) and
    "an offline scan replayed is recorded once" (the phone's key is unique in the edition).
    Undoing a mistaken check-in deletes the row; the audit log keeps it.
    """

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("registration_id", "day", name="uq_check_ins_registration_id_day"),
        UniqueConstraint("event_id", "client_key", name="uq_check_ins_event_id_client_key"),
        Index("ix_check_ins_event_id_day", "event_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    # The edition's local day (Europe/Brussels) the person came in on.
    day: Mapped[date] = mapped_column(Date)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # An offline scan: the key the phone made for it, and that it was not checked against
    # the server when it was made (recorded when the phone came back online).
    client_key: Mapped[str | None] = mapped_column(String(limits.CHECK_IN_CLIENT_KEY))
    offline: Mapped[bool] = mapped_column(Boolean, default=False)

    registration: Mapped[Registration] = relationship()
    by: Mapped[User | None] = relationship()


class SessionCheckIn(db.Model):
    """A diplomat let in at the door of a session that needs sign-up: attendance against
    places taken, on the session's sign-up page."""

    __tablename__ = "session_check_ins"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id", name="uq_session_check_ins_session_id_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ArrivalCount(db.Model):
    """How many arrived on a day, by function and region: what `purge-personal-data`
    keeps of the check-ins it removes (the arrivals page reads it after a purge)."""

    __tablename__ = "arrival_counts"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    function: Mapped[DiplomatFunction] = mapped_column(
        enum_type(DiplomatFunction, "diplomat_function"), primary_key=True
    )
    region: Mapped[Region] = mapped_column(enum_type(Region, "region"), primary_key=True)
    expected: Mapped[int] = mapped_column(Integer, default=0)
    arrived: Mapped[int] = mapped_column(Integer, default=0)
