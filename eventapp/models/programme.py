"""The programme: the event edition, its rooms, organisations, speakers and sessions."""

from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload, synonym

from .. import limits
from ..extensions import db
from ..i18n import says
from .types import (
    AudienceKind,
    DiplomatFunction,
    OrganisationKind,
    Region,
    SessionKind,
    SessionStatus,
    SpeakerRole,
    UTCDateTime,
    Visibility,
    enum_type,
    utcnow,
)

LANGUAGES = ("en", "fr", "nl")


class Wording(NamedTuple):
    """Content as a page shows it, and the language it is in (pages mark it when it is
    not the reader's: `marked` in templates/programme/_macros.html)."""

    text: str
    language: str

    def marked(self, language: str) -> str:
        """The text with "(EN)" after it when it is not in `language`: for plain text
        (a calendar, a choice in a list), where a page would mark it."""
        return self.text if self.language == language else f"{self.text} ({self.language.upper()})"


class Translated:
    """Content entered in up to three languages, read in the viewer's language.

    `text_in("title", "nl")` gives the Dutch title, or falls back to another language
    that exists; `language_of` tells which one was used so pages can mark it, and
    `in_language` gives both.
    """

    def in_language(self, field: str, language: str) -> Wording | None:
        used = self.language_of(field, language)
        return Wording(getattr(self, f"{field}_{used}"), used) if used else None

    def texts(self, field: str) -> list[str]:
        """The field in every language it was entered in."""
        return [text for lang in LANGUAGES if (text := getattr(self, f"{field}_{lang}", None))]

    def language_of(self, field: str, language: str) -> str | None:
        for candidate in (language, *LANGUAGES):
            if getattr(self, f"{field}_{candidate}", None):
                return candidate
        return None

    def text_in(self, field: str, language: str) -> str:
        used = self.language_of(field, language)
        return getattr(self, f"{field}_{used}") if used else ""


class Event(Translated, db.Model):
    """One edition of the Diplomatic Contact Days."""

    __tablename__ = "events"
    __table_args__ = (CheckConstraint("last_day >= first_day", name="last_day_after_first"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name_en: Mapped[str] = mapped_column(String(limits.EVENT_NAME))
    name_fr: Mapped[str | None] = mapped_column(String(limits.EVENT_NAME))
    name_nl: Mapped[str | None] = mapped_column(String(limits.EVENT_NAME))
    theme_en: Mapped[str] = mapped_column(Text, default="")
    theme_fr: Mapped[str | None] = mapped_column(Text)
    theme_nl: Mapped[str | None] = mapped_column(Text)
    # `venue` is the English name (kept under its first name: exports and scripts read
    # it); `venue_en` lets `text_in("venue", language)` treat it like the other fields.
    venue: Mapped[str] = mapped_column(String(limits.VENUE))
    venue_en: Mapped[str] = synonym("venue")
    venue_fr: Mapped[str | None] = mapped_column(String(limits.VENUE))
    venue_nl: Mapped[str | None] = mapped_column(String(limits.VENUE))
    address: Mapped[str] = mapped_column(String(limits.ADDRESS))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Brussels")
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    registration_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contact_email: Mapped[str | None] = mapped_column(String(limits.EMAIL))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Raised by every programme change, in its transaction (`lock_programme`): each worker
    # keeps the built programme feed until this moves. `programme_changed_at` is the
    # feed's Last-Modified.
    programme_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Bilateral meetings (eventapp/meetings): what one partner may have open at once, and
    # how many meetings a head of post or a partner may have on one day.
    meeting_requests_per_partner: Mapped[int] = mapped_column(
        Integer, default=10, server_default="10"
    )
    meetings_per_diplomat_per_day: Mapped[int] = mapped_column(
        Integer, default=8, server_default="8"
    )
    meetings_per_partner_per_day: Mapped[int] = mapped_column(
        Integer, default=6, server_default="6"
    )
    programme_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    rooms: Mapped[list["Room"]] = relationship(back_populates="event", order_by="Room.name")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def days(self) -> list[date]:
        from datetime import timedelta

        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=offset) for offset in range(count)]

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(limits.ROOM_NAME))
    capacity: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="rooms")

    def __repr__(self) -> str:
        return f"<Room {self.name}>"


class Organisation(Translated, db.Model):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # `name` and `short_name` are the English ones (kept under their first names, as
    # `Event.venue`: the name is the organisation's key in imports, exports and the
    # unique constraint); the `_en` synonyms let `text_in` read them like the others.
    name: Mapped[str] = mapped_column(String(limits.ORGANISATION_NAME))
    name_en: Mapped[str] = synonym("name")
    name_fr: Mapped[str | None] = mapped_column(String(limits.ORGANISATION_NAME))
    name_nl: Mapped[str | None] = mapped_column(String(limits.ORGANISATION_NAME))
    short_name: Mapped[str] = mapped_column(String(limits.ORGANISATION_SHORT_NAME), default="")
    short_name_en: Mapped[str] = synonym("short_name")
    short_name_fr: Mapped[str | None] = mapped_column(String(limits.ORGANISATION_SHORT_NAME))
    short_name_nl: Mapped[str | None] = mapped_column(String(limits.ORGANISATION_SHORT_NAME))
    kind: Mapped[OrganisationKind] = mapped_column(enum_type(OrganisationKind, "organisation_kind"))

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def shown_name(self, language: str) -> Wording:
        """The name pages show, in `language`: its short name, else its full name; in
        another language (to be marked) only when neither was entered in this one."""
        for candidate in (language, *LANGUAGES):
            for field in ("short_name", "name"):
                if text := getattr(self, f"{field}_{candidate}", None):
                    return Wording(text, candidate)
        return Wording(self.name, "en")

    def __repr__(self) -> str:
        return f"<Organisation {self.display_name}>"


class SpeakerLabel(NamedTuple):
    """A speaker as pages write them: each part said once, None when left out."""

    name: str | None
    function: Wording | None
    organisation: Wording | None


class Speaker(Translated, db.Model):
    __tablename__ = "speakers"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(limits.SPEAKER_NAME))
    # `function` is the English one (its first name, as `Event.venue`).
    function: Mapped[str] = mapped_column(String(limits.SPEAKER_FUNCTION), default="")
    function_en: Mapped[str] = synonym("function")
    function_fr: Mapped[str | None] = mapped_column(String(limits.SPEAKER_FUNCTION))
    function_nl: Mapped[str | None] = mapped_column(String(limits.SPEAKER_FUNCTION))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT")
    )

    organisation: Mapped[Organisation | None] = relationship()

    def described(self, language: str) -> SpeakerLabel:
        """The speaker as written in `language`: name, function, organisation, each said
        once (the rule is `says`, in eventapp/i18n.py: case, accents and a leading
        article ignored).

        - A name that already says the function (in any of its languages) is written
          alone: "Prime Minister Bart De Wever", not "…, Prime Minister".
        - A name the function says in full is a title given for a speaker not named
          ("The Chairman of the Board" for "Chairman of the Board of …"): the function
          alone is written, in the reader's language.
        - The organisation only when what is written does not name it already.
        """
        name, function = self.name, self.in_language("function", language)
        functions = self.texts("function")
        if any(says(name, text) for text in functions):
            function = None
        elif any(says(text, name) for text in functions):
            name = None
        organisation = None
        if self.organisation is not None:
            organisation = self.organisation.shown_name(language)
            written = [text for text in (name, function and function.text) if text]
            known_as = self.organisation.texts("short_name") + self.organisation.texts("name")
            if any(says(text, other) for text in written for other in known_as):
                organisation = None
        return SpeakerLabel(name, function, organisation)

    def label(self, language: str, *, organisation: bool = True) -> str:
        """`described` as plain text, another language marked "(EN)": "Name, function
        (Organisation)"; without the organisation where the page gives it already."""
        name, function, affiliation = self.described(language)
        parts = [part for part in (name, function and function.marked(language)) if part]
        text = ", ".join(parts)
        if affiliation and organisation:
            text += f" ({affiliation.marked(language)})"
        return text

    def __repr__(self) -> str:
        return f"<Speaker {self.name}>"


session_organisations = Table(
    "session_organisations",
    db.metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id", ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True
    ),
)

session_audience_members = Table(
    "session_audience_members",
    db.metadata,
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class SessionSpeaker(db.Model):
    """A speaker's part in a session, in the order the programme lists them."""

    __tablename__ = "session_speakers"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="RESTRICT"), primary_key=True
    )
    role: Mapped[SpeakerRole] = mapped_column(
        enum_type(SpeakerRole, "speaker_role"), default=SpeakerRole.SPEAKER
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    speaker: Mapped[Speaker] = relationship()


class SessionAudienceFunction(db.Model):
    __tablename__ = "session_audience_functions"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    function: Mapped[DiplomatFunction] = mapped_column(
        enum_type(DiplomatFunction, "diplomat_function"), primary_key=True
    )


class SessionAudienceRegion(db.Model):
    __tablename__ = "session_audience_regions"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    region: Mapped[Region] = mapped_column(enum_type(Region, "region"), primary_key=True)


class Session(Translated, db.Model):
    """A slot in the programme: a plenary, a breakout, a meal, a bilateral..."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint("coalesce(title_en, title_fr, title_nl) IS NOT NULL", name="has_a_title"),
        Index("ix_sessions_event_id_starts_at", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    title_en: Mapped[str | None] = mapped_column(String(limits.SESSION_TITLE))
    title_fr: Mapped[str | None] = mapped_column(String(limits.SESSION_TITLE))
    title_nl: Mapped[str | None] = mapped_column(String(limits.SESSION_TITLE))
    description_en: Mapped[str | None] = mapped_column(Text)
    description_fr: Mapped[str | None] = mapped_column(Text)
    description_nl: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[SessionKind] = mapped_column(enum_type(SessionKind, "session_kind"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    room_id: Mapped[int | None] = mapped_column(
        ForeignKey("rooms.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[SessionStatus] = mapped_column(
        enum_type(SessionStatus, "session_status"), default=SessionStatus.DRAFT
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_type(Visibility, "visibility"), default=Visibility.PUBLIC
    )
    audience: Mapped[AudienceKind] = mapped_column(
        enum_type(AudienceKind, "audience_kind"), default=AudienceKind.ALL
    )
    capacity: Mapped[int | None] = mapped_column(Integer)
    signup_required: Mapped[bool] = mapped_column(default=False)
    parallel_group: Mapped[str | None] = mapped_column(String(limits.PARALLEL_GROUP))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship()
    speaker_links: Mapped[list[SessionSpeaker]] = relationship(
        cascade="all, delete-orphan", order_by=SessionSpeaker.position
    )
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=session_organisations, order_by=Organisation.name
    )
    audience_function_rows: Mapped[list[SessionAudienceFunction]] = relationship(
        cascade="all, delete-orphan"
    )
    audience_region_rows: Mapped[list[SessionAudienceRegion]] = relationship(
        cascade="all, delete-orphan"
    )
    audience_members: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=session_audience_members
    )
    changes: Mapped[list["SessionChange"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SessionChange.changed_at.desc()",
    )

    audience_functions: AssociationProxy[list[DiplomatFunction]] = association_proxy(
        "audience_function_rows",
        "function",
        creator=lambda function: SessionAudienceFunction(function=function),
    )
    audience_regions: AssociationProxy[list[Region]] = association_proxy(
        "audience_region_rows",
        "region",
        creator=lambda region: SessionAudienceRegion(region=region),
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def was_ever_published(self) -> bool:
        return self.first_published_at is not None

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.text_in('title', 'en')!r}>"


class SessionChange(db.Model):
    """What changed in a published session: who, when, and each field's old and new value."""

    __tablename__ = "session_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    # {"starts_at": {"old": "...", "new": "..."}, ...}: values as shown to people.
    fields: Mapped[dict] = mapped_column(JSON, default=dict)

    session: Mapped[Session] = relationship(back_populates="changes")
    changed_by: Mapped["User | None"] = relationship()  # noqa: F821


# What pages and calendars show with each session (its room, its speakers with their
# organisation, its partner organisations), loaded in a fixed number of queries:
# `select(Session).options(*SESSION_DETAILS)`.
SESSION_DETAILS = (
    selectinload(Session.room),
    selectinload(Session.speaker_links)
    .selectinload(SessionSpeaker.speaker)
    .selectinload(Speaker.organisation),
    selectinload(Session.organisations),
)
