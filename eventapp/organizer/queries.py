"""What the organizer pages read: an edition's rooms, organisations and speakers, the
diplomats a session can be meant for, the sessions the grid and the list show, who
signed up for a session, and the audit log.

Each function costs a fixed number of queries, whatever the size of the programme.
"""

from dataclasses import astuple, dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    AuditLog,
    Event,
    Organisation,
    Role,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Speaker,
    User,
)


def _of_event(model, event: Event, order) -> list:
    return db.session.scalars(select(model).where(model.event_id == event.id).order_by(order)).all()


def rooms_of(event: Event) -> list[Room]:
    """The edition's rooms, by name."""
    return _of_event(Room, event, Room.name)


def organisations_of(event: Event) -> list[Organisation]:
    """The edition's partner organisations, by name."""
    return _of_event(Organisation, event, Organisation.name)


def speakers_of(event: Event) -> list[Speaker]:
    """The edition's speakers, by name."""
    return _of_event(Speaker, event, Speaker.name)


def diplomats() -> list[User]:
    """Every diplomat with their profile, by last then first name."""
    return db.session.scalars(
        select(User)
        .where(User.role == Role.DIPLOMAT)
        .options(selectinload(User.profile))
        .order_by(User.last_name, User.first_name)
    ).all()


@dataclass(frozen=True)
class Catalogue:
    """What the grid's and the list's filters offer, and the rooms that make the grid's
    lanes."""

    rooms: list[Room]
    organisations: list[Organisation]
    speakers: list[Speaker]

    @classmethod
    def of(cls, event: Event) -> "Catalogue":
        return cls(
            rooms=rooms_of(event),
            organisations=organisations_of(event),
            speakers=speakers_of(event),
        )


@dataclass(frozen=True)
class SessionFilters:
    """What the grid and the list are narrowed to; None is everything."""

    kind: SessionKind | None = None
    organisation_id: int | None = None
    speaker_id: int | None = None
    status: SessionStatus | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in astuple(self))

    def query_args(self) -> dict[str, str]:
        """The filters as URL parameters, to carry them over to other links."""
        args = {
            "kind": self.kind.value if self.kind else None,
            "organisation": self.organisation_id,
            "speaker": self.speaker_id,
            "status": self.status.value if self.status else None,
        }
        return {name: str(value) for name, value in args.items() if value is not None}

    def apply(self, statement):
        if self.kind is not None:
            statement = statement.where(Session.kind == self.kind)
        if self.status is not None:
            statement = statement.where(Session.status == self.status)
        if self.organisation_id is not None:
            statement = statement.where(
                Session.organisations.any(Organisation.id == self.organisation_id)
            )
        if self.speaker_id is not None:
            statement = statement.where(
                Session.speaker_links.any(SessionSpeaker.speaker_id == self.speaker_id)
            )
        return statement


def programme_sessions(event: Event, filters: SessionFilters) -> list[Session]:
    """The event's sessions that pass the filters, with what the grid and the list show
    loaded, in time order."""
    statement = (
        select(Session)
        .where(Session.event_id == event.id)
        .options(
            selectinload(Session.room),
            selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker),
            selectinload(Session.organisations),
        )
        .order_by(Session.starts_at, Session.id)
    )
    return db.session.scalars(filters.apply(statement)).all()


@dataclass(frozen=True)
class SignUpList:
    confirmed: list[SignUp]
    waitlist: list[SignUp]
    capacity: int | None

    @property
    def fill_rate(self) -> int | None:
        """Confirmed places as a percentage of capacity; None when places are not limited."""
        if not self.capacity:
            return None
        return round(100 * len(self.confirmed) / self.capacity)


def signups_of(session: Session) -> SignUpList:
    """Confirmed places by name, then the waitlist in order; two queries whatever the size."""
    rows = db.session.scalars(
        select(SignUp)
        .join(User, User.id == SignUp.user_id)
        .where(
            SignUp.session_id == session.id,
            SignUp.status.in_([SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED]),
        )
        .options(selectinload(SignUp.user).selectinload(User.profile))
        .order_by(SignUp.position, User.last_name, User.first_name, User.id)
    ).all()
    return SignUpList(
        confirmed=[row for row in rows if row.status == SignUpStatus.CONFIRMED],
        waitlist=[row for row in rows if row.status == SignUpStatus.WAITLISTED],
        capacity=session.capacity,
    )


AUDIT_PER_PAGE = 50


def audit_entries(action: str, page: int):
    """A page of the audit log, newest first, optionally only the actions starting with
    `action` (a Flask-SQLAlchemy pagination)."""
    query = (
        select(AuditLog)
        .options(selectinload(AuditLog.actor))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )
    if action:
        query = query.where(AuditLog.action.startswith(action, autoescape=True))
    return db.paginate(query, page=page, per_page=AUDIT_PER_PAGE, error_out=False)


def sessions_still_there(event: Event | None, entries: list[AuditLog]) -> set[int]:
    """Ids of the sessions these entries are about that still exist (one query)."""
    ids = {entry.target_id for entry in entries if entry.target_type == "Session"}
    if event is None or not ids:
        return set()
    return set(
        db.session.scalars(
            select(Session.id).where(Session.id.in_(ids), Session.event_id == event.id)
        )
    )


def door_staff() -> list[User]:
    """Every door-staff account, active ones first, then by last and first name."""
    return db.session.scalars(
        select(User)
        .where(User.role == Role.DOOR_STAFF)
        .order_by(User.active.desc(), User.last_name, User.first_name, User.email)
    ).all()
