"""People: accounts, diplomats' profiles, invitations, registrations and sign-ups."""

from datetime import date, datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .. import limits
from ..extensions import db
from .types import (
    DiplomatFunction,
    Region,
    RegistrationStatus,
    Role,
    SignUpStatus,
    UTCDateTime,
    enum_type,
    utcnow,
)


def normalise_email(email: str) -> str:
    return email.strip().lower()


class User(UserMixin, db.Model):
    """Anyone who logs in: an organizer, or a diplomat (who also has a profile)."""

    __tablename__ = "users"
    __table_args__ = (
        # Stored lower-case, so the unique key is case-insensitive on every database.
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("language IN ('en', 'fr', 'nl')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(limits.EMAIL), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"), default=Role.DIPLOMAT)
    active: Mapped[bool] = mapped_column(default=True)
    first_name: Mapped[str] = mapped_column(String(limits.PERSON_NAME), default="")
    last_name: Mapped[str] = mapped_column(String(limits.PERSON_NAME), default="")
    language: Mapped[str] = mapped_column(String(2), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the diplomat last opened their agenda: changes after it are marked as new.
    agenda_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # sha256 of the personal calendar-feed token; the token itself is never stored. The
    # token is HMAC(SECRET_KEY, feed_seed), so the database alone gives no working link
    # (eventapp/calendar/services.py).
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    feed_seed: Mapped[str | None] = mapped_column(String(64))
    # sha256 of the feed last served and when it first was: the feed's Last-Modified.
    feed_etag: Mapped[str | None] = mapped_column(String(64))
    feed_modified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    profile: Mapped["DiplomatProfile | None"] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: inactive users cannot log in
        return self.active

    @property
    def is_organizer(self) -> bool:
        return self.role == Role.ORGANIZER

    @property
    def is_diplomat(self) -> bool:
        return self.role == Role.DIPLOMAT

    @property
    def is_door_staff(self) -> bool:
        return self.role == Role.DOOR_STAFF

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def may_check_in(self) -> bool:
        """Door staff and organizers use the check-in pages (eventapp/door)."""
        return self.role in (Role.DOOR_STAFF, Role.ORGANIZER) and self.active

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def set_password(self, password: str) -> None:
        # scrypt unless the configuration says otherwise; only the test app does, to
        # hash thousands of passwords in seconds (eventapp/config.py).
        method = current_app.config["PASSWORD_HASH_METHOD"] if has_app_context() else "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class DiplomatProfile(db.Model):
    """A head of post: function and post, which decide the sessions meant for them."""

    __tablename__ = "diplomat_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    function: Mapped[DiplomatFunction] = mapped_column(
        enum_type(DiplomatFunction, "diplomat_function")
    )
    post_city: Mapped[str] = mapped_column(String(limits.POST_PLACE))
    post_country: Mapped[str] = mapped_column(String(limits.POST_PLACE))
    region: Mapped[Region] = mapped_column(enum_type(Region, "region"), index=True)

    user: Mapped[User] = relationship(back_populates="profile")

    @property
    def post(self) -> str:
        return f"{self.post_city}, {self.post_country}"


class Invitation(db.Model):
    """A personal link to register; it works once and expires."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # sha256 of the token in the link; resending replaces it.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Registration(db.Model):
    """A diplomat's registration for an edition: which days, and what they need."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint(
            "departure_at IS NULL OR arrival_at IS NULL OR departure_at >= arrival_at",
            name="departure_after_arrival",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus, "registration_status"),
        default=RegistrationStatus.INVITED,
        index=True,
    )
    arrival_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dietary: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    mobile_phone: Mapped[str] = mapped_column(String(limits.MOBILE_PHONE), default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The badge code (eventapp/door/badges.py) is HMAC(SECRET_KEY, badge_seed): printed
    # badges can be printed again, yet the database alone holds no working code, and only
    # sha256(code) is looked up. Re-issuing makes a new seed: the old code stops at once.
    # Bilateral meetings (eventapp/meetings): whether partners may ask this head of post
    # for a meeting (off until they say yes), and what they would talk about.
    accepts_meetings: Mapped[bool] = mapped_column(default=False, server_default="0")
    meeting_topics: Mapped[str] = mapped_column(Text, default="", server_default="")
    meeting_sectors: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    badge_seed: Mapped[str | None] = mapped_column(String(64))
    badge_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    day_rows: Mapped[list["RegistrationDay"]] = relationship(
        cascade="all, delete-orphan", order_by="RegistrationDay.day"
    )

    @property
    def days(self) -> list[date]:
        return [row.day for row in self.day_rows]


class RegistrationDay(db.Model):
    __tablename__ = "registration_days"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class SignUp(db.Model):
    """A diplomat's place in a session that needs sign-up, or on its waitlist."""

    __tablename__ = "signups"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        CheckConstraint(
            "(status = 'waitlisted' AND position IS NOT NULL AND position >= 1)"
            " OR (status <> 'waitlisted' AND position IS NULL)",
            name="position_only_when_waitlisted",
        ),
        # Places taken and the last waitlist position of a session, read from the index
        # alone: for every session of the programme's day on each page, and by each
        # sign-up (the count went from 1.2 to 0.4 ms for a day of 100 sessions, SQLite).
        Index("ix_signups_session_id_status_position", "session_id", "status", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="RESTRICT"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[SignUpStatus] = mapped_column(
        enum_type(SignUpStatus, "signup_status"), default=SignUpStatus.CONFIRMED
    )
    position: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    session: Mapped["Session"] = relationship()  # noqa: F821


class AuditLog(db.Model):
    """One row per organizer action: who did what to which record."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()
