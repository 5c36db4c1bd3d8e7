"""Checking people in at the palace door: the answer to a scanned or typed badge, or to a
person picked by name, and the undo of a mistaken check-in.

The rule "once per person and day" is the database's (CheckIn's unique key on
registration and day): two doors scanning the same badge at the same moment both find
nobody in, both insert, and the second insert is refused. That refusal is caught here and
answered "already", with the winner's row. An offline scan carries the key the phone made
for it (unique in the edition): sent again, it finds its own row and gets its first answer
back, recording nothing new.

"Today" is the edition's local day (Europe/Brussels) on the app's clock (utcnow), so the
demo clock moves the door with the rest of the app.

A check-in costs a fixed number of statements whatever the size of the edition: the
registration (with the person and profile), its days, the check-in already there (by
person and day, or by the phone's key), the insert (tests/test_door.py counts them).
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import audit, limits
from ..extensions import db
from ..i18n import folded
from ..models import CheckIn, Event, Registration, RegistrationStatus, User
from ..models.types import utcnow
from ..unit_of_work import unit_of_work
from .badges import registration_for_code

# Registrations the door lets in (when the day is theirs) and finds by name.
ATTENDING = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)
# Registrations whose badge is answered "Registration cancelled".
CANCELLED = (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED, RegistrationStatus.REJECTED)
# Letters that Unicode does not write as a base letter and an accent, which folded()
# keeps: door staff type "lukasz" and "orsted" on a phone for Łukasz and Ørsted.
PLAIN_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
# People a name search lists at most: the door picks one person, not a list to browse.
SEARCH_LIMIT = 20
# How far ahead of the server's clock a phone's clock may be: an offline scan's time up
# to this far in the future is taken as "now".
CLOCK_SKEW = timedelta(minutes=2)


class Answer(enum.StrEnum):
    WELCOME = "welcome"
    ALREADY = "already"
    NOT_TODAY = "not_today"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    OTHER_EDITION = "other_edition"


@dataclass(frozen=True)
class CheckInOutcome:
    """The door's answer. `check_in` is the new row (welcome) or the earlier one
    (already: its time and who let the person in); `replayed` when an offline scan was
    sent again and got its first answer back."""

    answer: Answer
    day: date
    registration: Registration | None = None
    check_in: CheckIn | None = None
    replayed: bool = False

    @property
    def kind(self) -> str:
        return self.answer.value

    @property
    def recorded(self) -> bool:
        return self.answer == Answer.WELCOME


class ScanKeyReused(Exception):
    """An offline scan's key is already the key of another person's check-in: a phone
    that reuses keys, or a forged request. Nothing is recorded."""


def today(event: Event) -> date:
    """The edition's local day now, on the app's clock."""
    return utcnow().astimezone(event.tz).date()


def check_in(
    event: Event,
    *,
    code: str | None = None,
    registration_id: int | None = None,
    by: User,
    client_key: str | None = None,
    offline: bool = False,
    scanned_at: datetime | None = None,
    day: date | None = None,
) -> CheckInOutcome:
    """Let the person whose badge carries `code` (or registration `registration_id`, picked
    by name) in today, or say why not: unknown (unknown, malformed, replaced or too long
    code, a registration of no edition), other_edition, cancelled (cancelled, declined,
    rejected), not_today (not registered for today, or only invited), already (with the
    earlier check-in), else welcome, recorded.

    `client_key` is the phone's key for an offline scan: a scan sent again with the same
    key gets its first answer and records nothing. `scanned_at` (an offline scan's time)
    is kept as the check-in's time when it is plausible (today, not in the future).
    Raises ScanKeyReused when the key belongs to another person's check-in.
    """
    day = day or today(event)
    registration = _registration(code, registration_id)
    if registration is None:
        return CheckInOutcome(Answer.UNKNOWN, day)
    if registration.event_id != event.id:
        return CheckInOutcome(Answer.OTHER_EDITION, day, registration)
    if registration.status in CANCELLED:
        return CheckInOutcome(Answer.CANCELLED, day, registration)
    if registration.status not in ATTENDING or day not in registration.days:
        return CheckInOutcome(Answer.NOT_TODAY, day, registration)
    client_key = (client_key or "").strip()[: limits.CHECK_IN_CLIENT_KEY] or None
    earlier = _earlier(event, registration, day, client_key)
    if earlier is not None:
        return _answer_for_earlier(earlier, registration, day, client_key)
    row = CheckIn(
        event_id=event.id,
        registration_id=registration.id,
        day=day,
        checked_in_at=_time_of_scan(event, scanned_at, day),
        by_id=by.id,
        client_key=client_key,
        offline=bool(offline),
    )
    session = db.session()
    expire_on_commit = session.expire_on_commit
    # The answer is drawn from what was just read (person, days, the new row): nothing
    # else was written, so keep it rather than read it all again after the commit.
    session.expire_on_commit = False
    try:
        with unit_of_work():
            session.add(row)
    except IntegrityError:
        # Another door let the person in between our look and our insert (or the same
        # offline scan arrived twice at once): the unit of work rolled back; the
        # winner's row is committed and readable now.
        earlier = _earlier(event, registration, day, client_key)
        if earlier is None:
            raise
        return _answer_for_earlier(earlier, registration, day, client_key)
    finally:
        session.expire_on_commit = expire_on_commit
    return CheckInOutcome(Answer.WELCOME, day, registration, row)


def undo_check_in(row: CheckIn, by: User) -> None:
    """Delete a mistaken check-in (the person can be checked in again) and write it to the
    audit log (`check_in.undo`: whose, which day, when, by whom, undone by `by`)."""
    registration = row.registration
    with unit_of_work():
        audit.record(
            "check_in.undo",
            by,
            row,
            name=registration.user.full_name,
            email=registration.user.email,
            registration_id=registration.id,
            day=row.day,
            checked_in_at=row.checked_in_at,
            checked_in_by=row.by.full_name if row.by else None,
            offline=row.offline,
        )
        db.session.delete(row)


def check_in_to_undo(event: Event, check_in_id) -> CheckIn | None:
    """The edition's check-in `check_in_id` (as posted: any text), or None."""
    try:
        number = int(str(check_in_id))
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**31:
        return None
    return db.session.scalar(
        select(CheckIn)
        .where(CheckIn.id == number, CheckIn.event_id == event.id)
        .options(
            joinedload(CheckIn.registration).joinedload(Registration.user).joinedload(User.profile),
            joinedload(CheckIn.by),
        )
    )


@dataclass(frozen=True)
class PersonFound:
    registration: Registration
    check_in: CheckIn | None  # today's, if the person is already in


@dataclass(frozen=True)
class SearchResult:
    people: list[PersonFound]
    more: bool  # more people matched than are listed


def search_people(event: Event, text: str, day: date | None = None) -> SearchResult:
    """Attending registrations (registered or confirmed) of the edition whose name holds
    every word typed, case and accents ignored on every database (matched in Python, as
    the attendee list does), by last name; at most SEARCH_LIMIT, each with today's
    check-in if there is one. Three statements whatever the size of the edition."""
    day = day or today(event)
    words = [word for word in map(_folded, (text or "")[: limits.DOOR_SEARCH].split()) if word]
    if not words:
        return SearchResult([], False)
    rows = db.session.execute(
        select(Registration.id, User.first_name, User.last_name)
        .join(Registration.user)
        .where(Registration.event_id == event.id, Registration.status.in_(ATTENDING))
    ).all()
    matching = []
    for row in rows:
        name = _folded(f"{row.first_name} {row.last_name}")
        if all(word in name for word in words):
            matching.append((_folded(row.last_name), _folded(row.first_name), row.id))
    matching.sort()
    shown = [row_id for *_names, row_id in matching[:SEARCH_LIMIT]]
    if not shown:
        return SearchResult([], False)
    registrations = {
        registration.id: registration
        for registration in db.session.scalars(
            select(Registration)
            .where(Registration.id.in_(shown))
            .options(
                joinedload(Registration.user, innerjoin=True).joinedload(User.profile),
                joinedload(Registration.day_rows),
            )
        ).unique()
    }
    check_ins = {
        row.registration_id: row
        for row in db.session.scalars(
            select(CheckIn)
            .where(CheckIn.registration_id.in_(shown), CheckIn.day == day)
            .options(joinedload(CheckIn.by))
        )
    }
    people = [PersonFound(registrations[each], check_ins.get(each)) for each in shown]
    return SearchResult(people, len(matching) > SEARCH_LIMIT)


def searchable(text: str) -> str:
    """Text as the door's and the arrivals page's searches compare it: case, accents and
    the letters of PLAIN_LETTERS read plain (ł as l, ø as o)."""
    return folded(text).translate(PLAIN_LETTERS)


# Cached: every search folds every attending name, and names rarely change (a
# 1,200-person edition's search went from about 25 to 5 ms in-process).
_folded = lru_cache(maxsize=20_000)(searchable)


# Built once: every scan asks.
REGISTRATION_BY_ID = select(Registration).options(
    joinedload(Registration.user).joinedload(User.profile)
)


def _registration(code: str | None, registration_id) -> Registration | None:
    if code is not None:
        return registration_for_code(code)
    try:
        number = int(str(registration_id))
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**31:  # larger than the database's integer: nobody
        return None
    return db.session.scalar(REGISTRATION_BY_ID.where(Registration.id == number))


def _earlier(event: Event, registration: Registration, day: date, client_key: str | None):
    """Today's check-in of the person, or the check-in the phone's key made: one query."""
    same_person = and_(CheckIn.registration_id == registration.id, CheckIn.day == day)
    condition = same_person
    if client_key is not None:
        condition = or_(
            same_person, and_(CheckIn.event_id == event.id, CheckIn.client_key == client_key)
        )
    rows = db.session.scalars(
        select(CheckIn).where(condition).options(joinedload(CheckIn.by)).order_by(CheckIn.id)
    ).all()
    if not rows:
        return None
    by_key = [row for row in rows if client_key is not None and row.client_key == client_key]
    return by_key[0] if by_key else rows[0]


def _answer_for_earlier(earlier: CheckIn, registration, day, client_key) -> CheckInOutcome:
    if client_key is not None and earlier.client_key == client_key:
        if earlier.registration_id != registration.id:
            raise ScanKeyReused(client_key)
        return CheckInOutcome(Answer.WELCOME, day, registration, earlier, replayed=True)
    return CheckInOutcome(Answer.ALREADY, day, registration, earlier)


def _time_of_scan(event: Event, scanned_at: datetime | None, day: date) -> datetime:
    """When the person came in: the offline scan's time when it is plausible (on `day`,
    not ahead of the server's clock by more than CLOCK_SKEW), now otherwise."""
    now = utcnow()
    if scanned_at is None or scanned_at.tzinfo is None:
        return now
    if scanned_at > now + CLOCK_SKEW or scanned_at.astimezone(event.tz).date() != day:
        return now
    return min(scanned_at, now)
