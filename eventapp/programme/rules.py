"""The programme rules, one plain function each, found by its name.

A rule looks at what an organizer proposes for a session (`SessionDetails`, times in
UTC) and returns one `Clash` per problem, each saying what is wrong and, where there is
one, naming the session it clashes with; an empty list when the rule holds. Rules only
read: `services.py` composes them (`find_clashes`, `_check_references`) under the
programme lock and refuses the change with `RuleViolation`, and the programme import
runs the same rules over a file's sessions.

Three families:
- what the details point at exists and belongs to the event: `rule(event, details)`;
- the programme rules, against what is committed (or flushed) for the event:
  `rule(event, details, session_id)`, where `session_id` is the session being edited,
  which never clashes with itself (None for a new session);
- for a session already saved, the places and waitlist positions taken in it, counted
  once under the session's row lock: `rule(details, taken)`.

Times are compared as instants, whatever the UTC offset they are written in; only the
week's first and last day are Brussels dates (the event's time zone). Sessions touch
without overlapping: one ending at 10:00 leaves the room and its speakers free for one
starting at 10:00. A cancelled session holds no room, no speaker and no place in a
parallel group.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from flask_babel import format_time, ngettext
from flask_babel import gettext as _
from sqlalchemy import Select, or_, select

from ..extensions import db
from ..i18n import TIME_FORMAT, current_language, date_day, date_long, date_short
from ..models import (
    LANGUAGES,
    AudienceKind,
    Event,
    Organisation,
    Role,
    Room,
    Session,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    User,
)
from ..signups.services import PlacesTaken

if TYPE_CHECKING:
    from .services import SessionDetails


@dataclass
class Clash:
    """One broken rule: the message for people, the form field it is about, and the
    session it clashes with, if any."""

    message: str
    field: str | None = None
    session: Session | None = None


def clean(text: str | None) -> str | None:
    """The text without surrounding blanks; None for nothing but blanks."""
    text = (text or "").strip()
    return text or None


# What the details point at.


def has_a_title(event: Event, details: "SessionDetails") -> list[Clash]:
    """A title in at least one language."""
    if any(clean(details.titles.get(lang)) for lang in LANGUAGES):
        return []
    return [Clash(_("Give the session a title in at least one language."), "title_en")]


def room_of_the_event(event: Event, details: "SessionDetails") -> list[Clash]:
    """The room, if any, exists and is one of this event's."""
    if details.room_id is None:
        return []
    room = db.session.get(Room, details.room_id)
    if room is not None and room.event_id == event.id:
        return []
    return [Clash(_("Choose a room of this event."), "room_id")]


def speakers_listed_once(event: Event, details: "SessionDetails") -> list[Clash]:
    """No speaker is listed twice."""
    speaker_ids = _speaker_ids(details)
    if len(set(speaker_ids)) == len(speaker_ids):
        return []
    return [Clash(_("A speaker is listed twice."), "speakers")]


def speakers_of_the_event(event: Event, details: "SessionDetails") -> list[Clash]:
    """Every speaker exists and is one of this event's."""
    speaker_ids = set(_speaker_ids(details))
    if not speaker_ids or db.session.scalar(
        select(db.func.count()).where(Speaker.id.in_(speaker_ids), Speaker.event_id == event.id)
    ) == len(speaker_ids):
        return []
    return [Clash(_("Choose speakers of this event."), "speakers")]


def organisations_of_the_event(event: Event, details: "SessionDetails") -> list[Clash]:
    """Every partner organisation exists and is one of this event's."""
    organisation_ids = set(details.organisation_ids)
    if not organisation_ids or db.session.scalar(
        select(db.func.count()).where(
            Organisation.id.in_(organisation_ids), Organisation.event_id == event.id
        )
    ) == len(organisation_ids):
        return []
    return [Clash(_("Choose organisations of this event."), "organisation_ids")]


def capacity_not_negative(event: Event, details: "SessionDetails") -> list[Clash]:
    """No capacity, or zero places or more."""
    if details.capacity is None or details.capacity >= 0:
        return []
    return [Clash(_("Capacity cannot be negative."), "capacity")]


def signup_has_capacity(event: Event, details: "SessionDetails") -> list[Clash]:
    """A session that needs sign-up says how many places it has."""
    if not details.signup_required or details.capacity is not None:
        return []
    return [Clash(_("A session that needs sign-up needs a capacity."), "capacity")]


def audience_chosen(event: Event, details: "SessionDetails") -> list[Clash]:
    """An audience of some functions, some regions or named diplomats names at least one."""
    audience_fields = {
        AudienceKind.FUNCTIONS: (
            details.audience_functions,
            "audience_functions",
            _("Choose at least one function for this audience."),
        ),
        AudienceKind.REGIONS: (
            details.audience_regions,
            "audience_regions",
            _("Choose at least one region for this audience."),
        ),
        AudienceKind.NAMED: (
            details.audience_member_ids,
            "audience_member_ids",
            _("Choose at least one diplomat for this audience."),
        ),
    }
    if details.audience not in audience_fields:
        return []
    chosen, field_name, message = audience_fields[details.audience]
    return [] if chosen else [Clash(message, field_name)]


def audience_members_are_diplomats(event: Event, details: "SessionDetails") -> list[Clash]:
    """The named diplomats of an audience are all diplomats."""
    member_ids = set(details.audience_member_ids)
    if details.audience != AudienceKind.NAMED or not member_ids:
        return []
    diplomats = db.session.scalar(
        select(db.func.count()).where(User.id.in_(member_ids), User.role == Role.DIPLOMAT)
    )
    if diplomats == len(member_ids):
        return []
    return [Clash(_("Choose diplomats only."), "audience_member_ids")]


# The programme rules.


def ends_after_start(
    event: Event, details: "SessionDetails", session_id: int | None = None
) -> list[Clash]:
    """The session ends after it starts (the other rules only make sense if it does)."""
    if details.ends_at > details.starts_at:
        return []
    return [Clash(_("The session must end after it starts."), "duration")]


def within_the_week(
    event: Event, details: "SessionDetails", session_id: int | None = None
) -> list[Clash]:
    """The session starts on or after 00:00 of the first day and ends by 24:00 of the last
    day, in the event's time zone."""
    week_starts = datetime.combine(event.first_day, time(), event.tz)
    week_ends = datetime.combine(event.last_day + timedelta(days=1), time(), event.tz)
    if week_starts <= details.starts_at and details.ends_at <= week_ends:
        return []
    return [
        Clash(
            _(
                "The session must take place during the event, %(first)s to %(last)s.",
                first=date_day(event.first_day),
                last=date_long(event.last_day),
            ),
            "day",
        )
    ]


def room_free(
    event: Event, details: "SessionDetails", session_id: int | None = None
) -> list[Clash]:
    """No other session is in the room at an overlapping time."""
    room = db.session.get(Room, details.room_id) if details.room_id else None
    if room is None:
        return []
    return [
        Clash(
            _(
                "%(room)s is already taken at that time by “%(title)s” (%(when)s).",
                room=room.name,
                title=_title(other),
                when=_when(other),
            ),
            "room_id",
            other,
        )
        for other in db.session.scalars(
            _overlapping(event, details, session_id).where(Session.room_id == room.id)
        )
    ]


def capacity_fits_room(
    event: Event, details: "SessionDetails", session_id: int | None = None
) -> list[Clash]:
    """The session has no more places than its room holds."""
    room = db.session.get(Room, details.room_id) if details.room_id else None
    if room is None or details.capacity is None or details.capacity <= room.capacity:
        return []
    return [
        Clash(
            _(
                "Capacity %(capacity)d is more than %(room)s holds (%(room_capacity)d).",
                capacity=details.capacity,
                room=room.name,
                room_capacity=room.capacity,
            ),
            "capacity",
        )
    ]


def speakers_free(
    event: Event, details: "SessionDetails", session_id: int | None = None
) -> list[Clash]:
    """None of the speakers speaks in another session at an overlapping time."""
    speaker_ids = _speaker_ids(details)
    if not speaker_ids:
        return []
    busy = db.session.execute(
        _overlapping(event, details, session_id)
        .join(SessionSpeaker, SessionSpeaker.session_id == Session.id)
        .where(SessionSpeaker.speaker_id.in_(speaker_ids))
        .add_columns(SessionSpeaker.speaker_id)
    ).all()
    return [
        Clash(
            _(
                "%(speaker)s is already speaking in “%(title)s” (%(when)s).",
                speaker=db.session.get(Speaker, speaker_id).name,
                title=_title(other),
                when=_when(other),
            ),
            "speakers",
            other,
        )
        for other, speaker_id in busy
    ]


def parallel_group_overlaps(
    event: Event, details: "SessionDetails", session_id: int | None = None
) -> list[Clash]:
    """The session overlaps every other session of its parallel group: they are
    alternatives, chosen between. Sessions that only touch do not overlap."""
    group = clean(details.parallel_group)
    if not group:
        return []
    apart = select(Session).where(
        Session.event_id == event.id,
        Session.status != SessionStatus.CANCELLED,
        Session.parallel_group == group,
        or_(Session.ends_at <= details.starts_at, Session.starts_at >= details.ends_at),
    )
    if session_id is not None:
        apart = apart.where(Session.id != session_id)
    return [
        Clash(
            _(
                "Sessions of parallel group “%(group)s” must overlap in time, "
                "but “%(title)s” is at %(when)s.",
                group=group,
                title=_title(other),
                when=_when(other),
            ),
            "parallel_group",
            other,
        )
        for other in db.session.scalars(apart.order_by(Session.starts_at))
    ]


# The places already taken.


def capacity_holds_places(details: "SessionDetails", taken: PlacesTaken) -> list[Clash]:
    """A session's capacity is never lowered below the places already taken in it.

    `taken` is counted from what is committed; `update_session` locks the session's row
    first, so no sign-up can take a place between the count and the commit.
    """
    confirmed = taken.confirmed
    if details.capacity is None or details.capacity >= confirmed:
        return []  # places not limited, or enough of them
    return [
        Clash(
            ngettext(
                "%(num)d place is taken in this session, so its capacity cannot be lower "
                "than %(num)d.",
                "%(num)d places are taken in this session, so its capacity cannot be lower "
                "than %(num)d.",
                confirmed,
            ),
            "capacity",
        )
    ]


def signup_off_needs_no_signups(details: "SessionDetails", taken: PlacesTaken) -> list[Clash]:
    """Sign-up is turned off only for a session where nobody holds a place or a waitlist
    position; the organizer releases them first, with an explicit action that tells each
    diplomat (`signups.services.release_places`).

    `taken` is counted under the session's row lock (see `capacity_holds_places`).
    """
    held = taken.confirmed + taken.waiting
    if details.signup_required or not held:
        return []
    return [
        Clash(
            ngettext(
                "%(num)d diplomat holds a place or a waitlist position in this session. "
                "Release the places first to turn sign-up off.",
                "%(num)d diplomats hold a place or a waitlist position in this session. "
                "Release the places first to turn sign-up off.",
                held,
            ),
            "signup_required",
        )
    ]


def _overlapping(event: Event, details: "SessionDetails", session_id: int | None) -> Select:
    """The event's other sessions, not cancelled, that overlap the details' time, by
    start: one ending when this one starts, or starting when it ends, only touches."""
    others = (
        select(Session)
        .where(
            Session.event_id == event.id,
            Session.status != SessionStatus.CANCELLED,
            Session.starts_at < details.ends_at,
            Session.ends_at > details.starts_at,
        )
        .order_by(Session.starts_at)
    )
    if session_id is not None:
        others = others.where(Session.id != session_id)
    return others


def _speaker_ids(details: "SessionDetails") -> list[int]:
    return [speaker_id for speaker_id, _role in details.speakers]


def _title(session: Session) -> str:
    return session.text_in("title", current_language())


def _when(session: Session) -> str:
    return f"{date_short(session.starts_at, time=True)}–{format_time(session.ends_at, TIME_FORMAT)}"
