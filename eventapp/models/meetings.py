"""Bilateral meetings (issue 21): partner representatives ask heads of post for twenty
minutes face to face, in meeting windows the organizers open.

- `PartnerProfile`: who a partner representative is (organisation from the catalogue,
  function, phone, the sectors and countries they care about, consent).
- `MeetingWindow`: a stretch of a day in one room with a number of tables, cut into
  slots of `meeting_minutes` followed by `changeover_minutes`; a draft until opened for
  requests, closed when organizers stop new requests.
- `Meeting`: one request from a partner to a head of post, and the meeting it becomes.
  Its status moves requested → accepted (with a slot: window, start, end, table) or
  declined / proposed (another window; the partner then accepts or withdraws) /
  withdrawn; an accepted meeting can be cancelled (kept, with its reason: calendars show
  it as cancelled). The database guards "a table slot holds one meeting" and "a person is
  in one place at a time" with partial unique indexes over accepted meetings; services
  also lock the window row while they choose a slot (eventapp/meetings).
"""

from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import limits
from ..extensions import db
from .people import User
from .programme import Event, Organisation, Room
from .types import MeetingStatus, UTCDateTime, WindowStatus, enum_type, utcnow

# Accepted meetings only: a cancelled or declined one frees its table and its people.
ACCEPTED = text("status = 'accepted'")


class PartnerProfile(db.Model):
    """A partner representative: a company, a regional trade agency, Enabel, BIO, an
    international financial institution... always an organisation of the catalogue."""

    __tablename__ = "partner_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )
    function: Mapped[str] = mapped_column(String(limits.PARTNER_FUNCTION), default="")
    mobile_phone: Mapped[str] = mapped_column(String(limits.MOBILE_PHONE), default="")
    # Sector values (types.Sector) and country names (as heads of post's posts write them).
    sectors: Mapped[list] = mapped_column(JSON, default=list)
    countries: Mapped[list] = mapped_column(JSON, default=list)
    # Registered: the partner filled in the form and consented.
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(backref=db.backref("partner_profile", uselist=False))
    organisation: Mapped[Organisation | None] = relationship()


class MeetingWindow(db.Model):
    """Time for bilateral meetings: e.g. Wednesday 14:00–17:30, Salle Arenberg, 12 tables,
    20 minutes + 5 of changeover."""

    __tablename__ = "meeting_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="RESTRICT"))
    tables: Mapped[int] = mapped_column(Integer)
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=20)
    changeover_minutes: Mapped[int] = mapped_column(Integer, default=5)
    status: Mapped[WindowStatus] = mapped_column(
        enum_type(WindowStatus, "window_status"), default=WindowStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == WindowStatus.OPEN

    def slots(self) -> list[tuple[datetime, datetime]]:
        """(start, end) of each slot, in order: a meeting, then the changeover, until a
        whole meeting no longer fits before the window ends."""
        length = timedelta(minutes=self.meeting_minutes)
        step = timedelta(minutes=self.meeting_minutes + self.changeover_minutes)
        slots, start = [], self.starts_at
        while start + length <= self.ends_at:
            slots.append((start, start + length))
            start += step
        return slots

    __table_args__ = (
        db.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        db.CheckConstraint("tables >= 1", name="at_least_one_table"),
        db.CheckConstraint("meeting_minutes >= 5", name="meeting_long_enough"),
        db.CheckConstraint("changeover_minutes >= 0", name="changeover_not_negative"),
    )


meeting_request_windows = Table(
    "meeting_request_windows",
    db.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("window_id", ForeignKey("meeting_windows.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(db.Model):
    """A partner's request for a meeting with a head of post, and the meeting it becomes."""

    __tablename__ = "meetings"
    __table_args__ = (
        # One table slot, one meeting.
        Index(
            "uq_meetings_table_slot",
            "window_id",
            "starts_at",
            "table_number",
            unique=True,
            sqlite_where=ACCEPTED,
            postgresql_where=ACCEPTED,
        ),
        # A person in one place at a time (slots of one window start together; windows
        # that overlap are refused when organizers define them).
        Index(
            "uq_meetings_partner_slot",
            "partner_id",
            "starts_at",
            unique=True,
            sqlite_where=ACCEPTED,
            postgresql_where=ACCEPTED,
        ),
        Index(
            "uq_meetings_diplomat_slot",
            "diplomat_id",
            "starts_at",
            unique=True,
            sqlite_where=ACCEPTED,
            postgresql_where=ACCEPTED,
        ),
        # One open request (or meeting) per partner and head of post.
        Index(
            "uq_meetings_open_pair",
            "partner_id",
            "diplomat_id",
            unique=True,
            sqlite_where=text("status IN ('requested', 'proposed', 'accepted')"),
            postgresql_where=text("status IN ('requested', 'proposed', 'accepted')"),
        ),
        db.CheckConstraint(
            "(starts_at IS NULL) = (ends_at IS NULL)"
            " AND (starts_at IS NULL) = (table_number IS NULL)"
            " AND (starts_at IS NULL) = (window_id IS NULL)",
            name="slot_whole_or_none",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    diplomat_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus, "meeting_status"), default=MeetingStatus.REQUESTED, index=True
    )
    subject: Mapped[str] = mapped_column(String(limits.MEETING_SUBJECT))
    note: Mapped[str] = mapped_column(Text, default="")
    # The answer's words: a decline's message, a cancellation's reason.
    answer_message: Mapped[str] = mapped_column(Text, default="")
    # A window the head of post proposed instead of those asked for.
    proposed_window_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_windows.id", ondelete="SET NULL")
    )
    # The slot, once accepted with one (all four or none).
    window_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_windows.id", ondelete="RESTRICT")
    )
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    table_number: Mapped[int | None] = mapped_column(Integer)
    # Calendars: raised each time the meeting moves or is cancelled (its UID is fixed).
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    partner: Mapped[User] = relationship(foreign_keys=[partner_id])
    diplomat: Mapped[User] = relationship(foreign_keys=[diplomat_id])
    window: Mapped[MeetingWindow | None] = relationship(foreign_keys=[window_id])
    proposed_window: Mapped[MeetingWindow | None] = relationship(foreign_keys=[proposed_window_id])
    requested_windows: Mapped[list[MeetingWindow]] = relationship(
        secondary=meeting_request_windows, order_by=MeetingWindow.starts_at
    )
