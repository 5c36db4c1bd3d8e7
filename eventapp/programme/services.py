"""Building the programme: sessions, and the rules that keep the week workable.

Every function here is one organizer action, one unit of work: it takes the programme
lock, checks the rules against what is committed, changes the data, writes the audit log
and commits once. The rules are named functions in `rules.py`, composed here
(`find_clashes`); a broken one raises `RuleViolation` with one `Clash` per problem, each
naming what it clashes with, so a view can show them on the form with links.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from ..meetings.overlaps import tell_meeting_overlaps
from ..models import (
    LANGUAGES,
    AudienceKind,
    DiplomatFunction,
    Event,
    Organisation,
    Region,
    Room,
    Session,
    SessionChange,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    SpeakerRole,
    User,
    Visibility,
    utcnow,
)
from ..signups.services import lock_places, places_taken, promote_from_waitlist
from ..unit_of_work import unit_of_work
from . import rules
from .agenda import notify_agenda_holders
from .rules import Clash, clean


class ProgrammeError(Exception):
    """An organizer action that cannot be done; the message says why, for people."""


class RuleViolation(ProgrammeError):
    def __init__(self, clashes: list[Clash]):
        self.clashes = clashes
        super().__init__("; ".join(clash.message for clash in clashes))


@dataclass
class SessionDetails:
    """What an organizer enters for a session (times already in UTC)."""

    kind: SessionKind
    starts_at: datetime
    ends_at: datetime
    titles: dict[str, str | None]
    descriptions: dict[str, str | None] = field(default_factory=dict)
    room_id: int | None = None
    speakers: list[tuple[int, SpeakerRole]] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)
    visibility: Visibility = Visibility.PUBLIC
    audience: AudienceKind = AudienceKind.ALL
    audience_functions: list[DiplomatFunction] = field(default_factory=list)
    audience_regions: list[Region] = field(default_factory=list)
    audience_member_ids: list[int] = field(default_factory=list)
    capacity: int | None = None
    signup_required: bool = False
    parallel_group: str | None = None

    @classmethod
    def of(cls, session: Session) -> "SessionDetails":
        """The details of an existing session, e.g. to duplicate it."""
        return cls(
            kind=session.kind,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            titles={lang: getattr(session, f"title_{lang}") for lang in LANGUAGES},
            descriptions={lang: getattr(session, f"description_{lang}") for lang in LANGUAGES},
            room_id=session.room_id,
            speakers=[(link.speaker_id, link.role) for link in session.speaker_links],
            organisation_ids=[organisation.id for organisation in session.organisations],
            visibility=session.visibility,
            audience=session.audience,
            audience_functions=list(session.audience_functions),
            audience_regions=list(session.audience_regions),
            audience_member_ids=[member.id for member in session.audience_members],
            capacity=session.capacity,
            signup_required=session.signup_required,
            parallel_group=session.parallel_group,
        )


# Fields a calendar shows: a change to any of them in a published session raises its
# sequence and is listed on the programme changes page.
CALENDAR_FIELDS = (
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"description_{lang}" for lang in LANGUAGES),
    "starts_at",
    "ends_at",
    "room",
    "speakers",
    "status",
)


def lock_programme(event_id: int) -> None:
    """Serialise programme changes of one event until the transaction ends, and count
    the change.

    Two organizers saving at once would otherwise both pass the clash checks and both
    commit. The update of the event row takes a row lock on PostgreSQL and the database's
    write lock on SQLite, which the other writer waits for. What it writes, a new
    programme version and its time, tells every worker's calendar feed cache that the
    programme changed; it commits or rolls back with the change itself.
    """
    db.session.execute(
        update(Event)
        .where(Event.id == event_id)
        .values(programme_version=Event.programme_version + 1, programme_changed_at=utcnow())
    )


def create_session(event: Event, details: SessionDetails, by: User) -> Session:
    """Add a draft session after checking the rules.

    Raises RuleViolation when it breaks a rule (times, room, speakers, capacity,
    parallel group, audience).
    """
    with unit_of_work():
        lock_programme(event.id)
        session = Session(event_id=event.id, status=SessionStatus.DRAFT, sequence=0)
        _apply(session, event, details)
        db.session.add(session)
        db.session.flush()
        audit.record("session.create", by, session, title=session.text_in("title", "en"))
    return session


def update_session(session: Session, details: SessionDetails, by: User) -> list[str]:
    """Change a session; returns the calendar fields that changed.

    For a published session, any change a calendar shows raises its sequence and is
    recorded as a change entry (who, when, old → new); if it moved, diplomats who have it
    on their agenda are mailed (after the commit). A capacity raised gives the new places
    to the first on the waitlist, who are mailed (`promote_from_waitlist`).
    Raises RuleViolation, or ProgrammeError for a cancelled session.
    """
    with unit_of_work():
        lock_programme(session.event_id)
        # The rules on places taken count sign-ups: no sign-up may slip in between.
        lock_places(session)
        if session.status == SessionStatus.CANCELLED:
            raise ProgrammeError(_("A cancelled session cannot be edited."))
        before = calendar_snapshot(session)
        _apply(session, session.event, details)
        db.session.flush()
        changed = record_change(session, before, by)
        holders = notify_agenda_holders(session, changed)
        # Bilateral meetings it now overlaps: both people mailed, organizers told.
        tell_meeting_overlaps(session, holders, changed, by)
        # After the notice of a move: those promoted learn the new time from their own mail.
        promote_from_waitlist(session)
        audit.record(
            "session.update",
            by,
            session,
            title=session.text_in("title", "en"),
            # Empty when no field a calendar shows changed; the audit log says so in
            # the reader's language.
            changed=changed,
        )
    return list(changed)


def move_session(session: Session, starts_at: datetime, room_id: int | None, by: User) -> list[str]:
    """Move a session to another start (UTC) and room, keeping its duration: the grid's
    drag and drop, its move form and their "Undo" (a move back).

    An edit of the time and room only, through `update_session`, so the same rules
    hold, a published session raises its sequence and its agenda holders are mailed.
    The session is read again under the programme lock: what another organizer saved
    meanwhile (a title, a duration) is kept. Returns the calendar fields that changed
    (none when it is already there). Raises RuleViolation, or ProgrammeError for a
    cancelled session.
    """
    with unit_of_work():
        lock_programme(session.event_id)
        db.session.expire(session)
        details = SessionDetails.of(session)
        details.ends_at = starts_at + (details.ends_at - details.starts_at)
        details.starts_at = starts_at
        details.room_id = room_id
        return update_session(session, details, by)


def cancel_session(session: Session, by: User) -> None:
    """Cancel a published session: it stays in programmes and feeds, marked cancelled,
    and diplomats who have it on their agenda are mailed (after the commit).

    A draft is deleted instead; raises ProgrammeError for a draft or a session
    already cancelled.
    """
    with unit_of_work():
        lock_programme(session.event_id)
        if session.status == SessionStatus.CANCELLED:
            raise ProgrammeError(_("This session is already cancelled."))
        if session.status == SessionStatus.DRAFT:
            raise ProgrammeError(_("A draft that was never published is deleted, not cancelled."))
        before = calendar_snapshot(session)
        session.status = SessionStatus.CANCELLED
        db.session.flush()
        changed = record_change(session, before, by)
        notify_agenda_holders(session, changed)
        audit.record("session.cancel", by, session, title=session.text_in("title", "en"))


def delete_session(session: Session, by: User) -> None:
    """Delete a draft that was never published.

    A published session is cancelled, never removed: raises ProgrammeError.
    """
    with unit_of_work():
        lock_programme(session.event_id)
        if session.status != SessionStatus.DRAFT or session.was_ever_published:
            raise ProgrammeError(
                _(
                    "Only drafts that were never published can be deleted. "
                    "Cancel a published session instead: diplomats and calendars then "
                    "see that it is cancelled."
                )
            )
        audit.record("session.delete", by, session, title=session.text_in("title", "en"))
        db.session.delete(session)


def publish_sessions(event: Event, session_ids: list[int], by: User) -> list[Session]:
    """Publish these drafts (the ones the organizer confirmed); returns those published.

    Sessions that are no longer drafts are left as they are. Raises RuleViolation if a
    draft breaks a rule with what is now committed.
    """
    with unit_of_work():
        lock_programme(event.id)
        drafts = db.session.scalars(
            select(Session).where(
                Session.event_id == event.id,
                Session.id.in_(session_ids),
                Session.status == SessionStatus.DRAFT,
            )
        ).all()
        clashes = []
        for session in drafts:
            clashes += find_clashes(event, SessionDetails.of(session), session.id)
        if clashes:
            raise RuleViolation(clashes)
        now = utcnow()
        for session in drafts:
            session.status = SessionStatus.PUBLISHED
            session.first_published_at = session.first_published_at or now
            audit.record("session.publish", by, session, title=session.text_in("title", "en"))
    return list(drafts)


def drafts_of(event: Event) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.event_id == event.id, Session.status == SessionStatus.DRAFT)
            .order_by(Session.starts_at)
        )
    )


def calendar_snapshot(session: Session) -> dict[str, str | None]:
    """The session as a calendar shows it, in plain values (for change entries)."""
    snapshot = {f"title_{lang}": getattr(session, f"title_{lang}") for lang in LANGUAGES}
    snapshot |= {
        f"description_{lang}": getattr(session, f"description_{lang}") for lang in LANGUAGES
    }
    snapshot["starts_at"] = session.starts_at.isoformat() if session.starts_at else None
    snapshot["ends_at"] = session.ends_at.isoformat() if session.ends_at else None
    snapshot["room"] = session.room.name if session.room else None
    snapshot["speakers"] = ", ".join(link.speaker.name for link in session.speaker_links) or None
    snapshot["status"] = str(session.status.value) if session.status else None
    return snapshot


def record_change(session: Session, before: dict, by: User) -> dict:
    """Compare with `before` (a `calendar_snapshot`); for a published session, raise its
    sequence and add a change entry when something a calendar shows differs.

    Returns the changed fields ({name: {"old": ..., "new": ...}}). Does not commit.
    """
    after = calendar_snapshot(session)
    changed = {
        name: {"old": before[name], "new": after[name]}
        for name in CALENDAR_FIELDS
        if before[name] != after[name]
    }
    if changed and session.was_ever_published:
        session.sequence += 1
        db.session.add(
            SessionChange(
                session=session,
                changed_by_id=by.id,
                changed_at=utcnow(),
                sequence=session.sequence,
                fields=changed,
            )
        )
    return changed


def _apply(session: Session, event: Event, details: SessionDetails) -> None:
    """Check the details against the rules, then copy them onto the session."""
    clashes = _check_references(event, details) or find_clashes(event, details, session.id)
    if clashes:
        raise RuleViolation(clashes)
    session.kind = details.kind
    session.starts_at = details.starts_at
    session.ends_at = details.ends_at
    for lang in LANGUAGES:
        setattr(session, f"title_{lang}", clean(details.titles.get(lang)))
        setattr(session, f"description_{lang}", clean(details.descriptions.get(lang)))
    session.room = db.session.get(Room, details.room_id) if details.room_id else None
    session.visibility = details.visibility
    session.audience = details.audience
    session.capacity = details.capacity
    session.signup_required = details.signup_required
    session.parallel_group = clean(details.parallel_group)
    session.organisations = list(
        db.session.scalars(
            select(Organisation).where(Organisation.id.in_(details.organisation_ids))
        )
    )
    _apply_speakers(session, details.speakers)
    _apply_audience(session, details)


def _apply_speakers(session: Session, speakers: list[tuple[int, SpeakerRole]]) -> None:
    # Update links in place: replacing a link with a new object for the same speaker
    # would insert the new row before deleting the old one and break the primary key.
    existing = {link.speaker_id: link for link in session.speaker_links}
    wanted = []
    for position, (speaker_id, role) in enumerate(speakers):
        link = existing.get(speaker_id) or SessionSpeaker(
            speaker=db.session.get(Speaker, speaker_id)
        )
        link.role = role
        link.position = position
        wanted.append(link)
    session.speaker_links = wanted


def _apply_audience(session: Session, details: SessionDetails) -> None:
    functions = details.audience_functions if details.audience == AudienceKind.FUNCTIONS else []
    regions = details.audience_regions if details.audience == AudienceKind.REGIONS else []
    member_ids = details.audience_member_ids if details.audience == AudienceKind.NAMED else []
    session.audience_function_rows = [
        row for row in session.audience_function_rows if row.function in functions
    ]
    for function in functions:
        if function not in session.audience_functions:
            session.audience_functions.append(function)
    session.audience_region_rows = [
        row for row in session.audience_region_rows if row.region in regions
    ]
    for region in regions:
        if region not in session.audience_regions:
            session.audience_regions.append(region)
    session.audience_members = list(
        db.session.scalars(select(User).where(User.id.in_(member_ids))) if member_ids else []
    )


# The rules of `rules.py` a session's details must keep, in the order their refusals are
# listed. What the details point at is checked first; the programme rules only once it
# all exists and belongs to the event.
REFERENCE_RULES = (
    rules.has_a_title,
    rules.room_of_the_event,
    rules.speakers_listed_once,
    rules.speakers_of_the_event,
    rules.organisations_of_the_event,
    rules.capacity_not_negative,
    rules.signup_has_capacity,
    rules.audience_chosen,
    rules.audience_members_are_diplomats,
)
# After `rules.ends_after_start`: a session that does not end after it starts is refused
# for that alone (it has no time for the other rules to check).
PROGRAMME_RULES = (
    rules.within_the_week,
    rules.room_free,
    rules.capacity_fits_room,
    rules.speakers_free,
    rules.parallel_group_overlaps,
)
# For a session already saved, against the places and waitlist positions taken in it
# (counted once for both).
PLACES_RULES = (rules.capacity_holds_places, rules.signup_off_needs_no_signups)


def _check_references(event: Event, details: SessionDetails) -> list[Clash]:
    """Everything the details point at exists and belongs to this event."""
    return [clash for rule in REFERENCE_RULES for clash in rule(event, details)]


def find_clashes(event: Event, details: SessionDetails, session_id: int | None) -> list[Clash]:
    """The programme rules, checked against what is committed (`session_id`, the session
    being edited, never clashes with itself). Cancelled sessions never clash."""
    clashes = rules.ends_after_start(event, details, session_id)
    if clashes:
        return clashes
    clashes = [clash for rule in PROGRAMME_RULES for clash in rule(event, details, session_id)]
    if session_id is not None:
        taken = places_taken(session_id)
        clashes += [clash for rule in PLACES_RULES for clash in rule(details, taken)]
    return clashes
