"""A large, realistic week built with bulk inserts: for the benchmark and the query budgets.

`build(Size(...))` fills an empty database (inside an app context) with one edition of the
Contact Days: rooms, organisations, speakers, sessions (with speakers, partner
organisations, audiences and recorded changes), diplomats with profiles and
registrations, sign-ups with waitlists, and partner representatives with their bilateral
meetings. Everything is deterministic (a seeded random generator), consistent with the
rules the services enforce (no two sessions in a room at once, places up to capacity
then waitlist positions 1..n, no overlapping sign-ups for one diplomat, sign-ups only on
days the diplomat attends, no table slot or person in two accepted meetings at once, one
open request per partner and head of post), and inserted a table at a time
with `insert()` executemany, so the full size takes seconds on SQLite and PostgreSQL.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text
from werkzeug.security import generate_password_hash

from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    DiplomatFunction,
    DiplomatProfile,
    Event,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    Organisation,
    OrganisationKind,
    PartnerProfile,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Room,
    Sector,
    Session,
    SessionAudienceFunction,
    SessionAudienceRegion,
    SessionChange,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Speaker,
    SpeakerRole,
    User,
    Visibility,
    WindowStatus,
    meeting_request_windows,
    session_audience_members,
    session_organisations,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
FIRST_DAY = date(2026, 2, 2)
DAYS = [FIRST_DAY + timedelta(days=offset) for offset in range(5)]
# Sessions per room per day: 08:30, 10:15, 12:00, 13:45, 15:30, 17:15 (90 minutes each).
SLOTS_PER_DAY = 6
SLOT_STEP = timedelta(minutes=105)
SLOT_LENGTH = timedelta(minutes=90)
PASSWORD = "bench-diplomat-password"
ORGANIZER_EMAIL = "organizer@bench.example.org"
ORGANIZER_PASSWORD = "bench-organizer-password"
LOREM = (
    "Belgium's economic diplomacy in a changing world: trade missions, investment, "
    "development finance and the partners that carry them. Briefing followed by an open "
    "exchange with heads of post on priorities for the coming year. "
)


@dataclass(frozen=True)
class Size:
    sessions: int = 500
    diplomats: int = 1200
    signups: int = 10_000
    organisations: int = 30
    speakers: int = 150
    # Bilateral meetings (issue 21): partner representatives and their requests, about
    # two in five accepted with a slot in one of the week's meeting windows.
    partners: int = 300
    meetings: int = 1500
    seed: int = 2026


FULL = Size()
QUICK = Size(sessions=150, diplomats=300, signups=2_500, partners=75, meetings=375)


@dataclass
class Built:
    """What was built, for the benchmark to pick its requests from."""

    event_id: int
    organizer_id: int
    diplomat_ids: list[int]
    # Sessions a diplomat may still sign up for: {user_id: [session_id, ...]}, each in a
    # slot where the diplomat has no place yet (so the sign-up is a real one).
    open_signups: dict[int, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def email_of(number: int) -> str:
    return f"diplomat{number}@bench.example.org"


def build(size: Size = FULL, *, password_hash: str | None = None) -> Built:
    """Fill the (empty) database with an edition of `size`. Commits. Returns what it made.

    `password_hash` is every diplomat's: pass one in to skip hashing (tests); by default
    one scrypt hash of `PASSWORD` is made and shared, since hashing 1,200 would take a
    minute.
    """
    rng = random.Random(size.seed)
    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    password_hash = password_hash or generate_password_hash(PASSWORD, method="scrypt")
    rows: dict[type | object, list[dict]] = {}

    def add(target, **values):
        rows.setdefault(target, []).append(values)

    event_id = 1
    add(
        Event,
        id=event_id,
        slug="dcd-2026",
        name_en="Diplomatic Contact Days 2026",
        name_fr="Journées de contact diplomatique 2026",
        name_nl="Diplomatieke Contactdagen 2026",
        theme_en="Global influence through economic and political diplomacy",
        venue="Egmont Palace",
        address="Place du Petit Sablon 8, 1000 Brussels",
        timezone="Europe/Brussels",
        first_day=DAYS[0],
        last_day=DAYS[-1],
        created_at=now,
        programme_version=1,
        programme_changed_at=now,
    )

    # Enough rooms that every session has a slot of its own.
    room_count = max(4, -(-size.sessions // (len(DAYS) * SLOTS_PER_DAY)))
    rooms = []
    for number in range(1, room_count + 1):
        capacity = rng.choice([60, 80, 120, 200, 400])
        rooms.append((number, capacity))
        add(Room, id=number, event_id=event_id, name=f"Room {number:02d}", capacity=capacity)

    kinds = list(OrganisationKind)
    for number in range(1, size.organisations + 1):
        add(
            Organisation,
            id=number,
            event_id=event_id,
            name=f"Partner organisation {number:03d}",
            short_name=f"PO{number}" if number % 3 == 0 else "",
            kind=kinds[number % len(kinds)],
        )
    for number in range(1, size.speakers + 1):
        add(
            Speaker,
            id=number,
            event_id=event_id,
            name=f"Speaker {number:03d}",
            function=f"Director-General for Bilateral Affairs, directorate {number % 12}",
            organisation_id=(number % size.organisations) + 1,
        )

    organizer_id = 1
    add(
        User,
        id=organizer_id,
        email=ORGANIZER_EMAIL,
        password_hash=generate_password_hash(ORGANIZER_PASSWORD, method="scrypt"),
        role=Role.ORGANIZER,
        active=True,
        first_name="Olivia",
        last_name="Organizer",
        language="en",
        created_at=now,
    )
    functions = list(DiplomatFunction)
    regions = list(Region)
    languages = ["en", "fr", "nl", "fr", "nl"]
    diplomat_ids = []
    attends: dict[int, list[date]] = {}
    for number in range(1, size.diplomats + 1):
        user_id = number + 1
        diplomat_ids.append(user_id)
        add(
            User,
            id=user_id,
            email=email_of(number),
            password_hash=password_hash,
            role=Role.DIPLOMAT,
            active=True,
            first_name=rng.choice(["Anne", "Bart", "Chloé", "Dirk", "Élise", "Frank", "Greet"]),
            last_name=f"Diplomat {number:04d}",
            language=languages[number % len(languages)],
            created_at=now,
        )
        add(
            DiplomatProfile,
            user_id=user_id,
            function=functions[number % len(functions)],
            post_city=f"City {number % 140}",
            post_country=f"Country {number % 140}",
            region=regions[number % len(regions)],
        )
        status = _registration_status(rng)
        registration_id = number
        add(
            Registration,
            id=registration_id,
            event_id=event_id,
            user_id=user_id,
            status=status,
            dietary="vegetarian" if number % 7 == 0 else "",
            accessibility="",
            mobile_phone=f"+3247{number:07d}",
            remarks="",
            consent_at=now if status != RegistrationStatus.INVITED else None,
            created_at=now,
            updated_at=now,
        )
        if status in (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED):
            days = DAYS if rng.random() < 0.75 else sorted(rng.sample(DAYS, rng.randint(2, 4)))
            attends[user_id] = days
            for day in days:
                add(RegistrationDay, registration_id=registration_id, day=day)

    session_kinds = list(SessionKind)
    slots: dict[int, tuple[date, int]] = {}
    signup_sessions = []
    for number in range(1, size.sessions + 1):
        index = number - 1
        day = DAYS[index % len(DAYS)]
        lane = (index // len(DAYS)) % room_count
        room_id, capacity = rooms[lane]
        slot = index // (len(DAYS) * room_count)
        starts_at = _utc(day, time(8, 30)) + slot * SLOT_STEP
        status = _pick(rng, {SessionStatus.PUBLISHED: 90, SessionStatus.CANCELLED: 4, "draft": 6})
        status = SessionStatus.DRAFT if status == "draft" else status
        if lane == 0:
            status = SessionStatus.PUBLISHED
        # As in a real week: one session per slot for everyone (a plenary, a meal); the
        # parallel ones need a sign-up or are meant for some diplomats only. Everything
        # else would put twenty overlapping sessions on every agenda.
        if lane == 0:
            signup_required, visibility, audience = False, Visibility.PUBLIC, "all"
        elif status == SessionStatus.PUBLISHED and rng.random() < 0.6:
            signup_required, audience = True, "all"
            visibility = rng.choice([Visibility.PUBLIC, Visibility.ATTENDEES])
        else:
            signup_required = False
            visibility = _pick(
                rng, {Visibility.PUBLIC: 50, Visibility.ATTENDEES: 30, Visibility.INVITED_ONLY: 20}
            )
            audience = _pick(rng, {"functions": 40, "regions": 40, "named": 20})
        session_capacity = min(capacity, rng.choice([25, 40, 60])) if signup_required else None
        published = status != SessionStatus.DRAFT
        add(
            Session,
            id=number,
            event_id=event_id,
            title_en=f"Session {number}: economic diplomacy in practice",
            title_fr=f"Session {number} : la diplomatie économique en pratique"
            if number % 2
            else None,
            title_nl=f"Sessie {number}: economische diplomatie in de praktijk"
            if number % 3
            else None,
            description_en=LOREM * rng.randint(1, 3),
            description_fr=LOREM if number % 2 else None,
            kind=session_kinds[number % len(session_kinds)],
            starts_at=starts_at,
            ends_at=starts_at + SLOT_LENGTH,
            room_id=room_id,
            status=status,
            visibility=visibility,
            audience=AudienceKind(audience),
            capacity=session_capacity,
            signup_required=signup_required,
            sequence=1 if status == SessionStatus.CANCELLED else 0,
            first_published_at=now if published else None,
            created_at=now,
            updated_at=now,
        )
        for position, speaker_id in enumerate(rng.sample(range(1, size.speakers + 1), 2)):
            if position == 0 or rng.random() < 0.6:
                add(
                    SessionSpeaker,
                    session_id=number,
                    speaker_id=speaker_id,
                    role=SpeakerRole.CHAIR if position == 0 else SpeakerRole.SPEAKER,
                    position=position,
                )
        for organisation_id in rng.sample(range(1, size.organisations + 1), rng.randint(0, 2)):
            add(session_organisations, session_id=number, organisation_id=organisation_id)
        if audience == "functions":
            for function in rng.sample(functions, 1):
                add(SessionAudienceFunction, session_id=number, function=function)
        elif audience == "regions":
            for region in rng.sample(regions, 1):
                add(SessionAudienceRegion, session_id=number, region=region)
        elif audience == "named":
            for user_id in rng.sample(diplomat_ids, min(20, len(diplomat_ids))):
                add(session_audience_members, session_id=number, user_id=user_id)
        if published and rng.random() < 0.1:
            add(
                SessionChange,
                session_id=number,
                changed_by_id=organizer_id,
                changed_at=now - timedelta(days=1),
                sequence=1,
                fields={"title_en": {"old": "Working title", "new": f"Session {number}"}},
            )
        slots[number] = (day, slot)
        if signup_required:
            signup_sessions.append((number, session_capacity))

    # Sign-ups: spread evenly over the sessions that need one, each diplomat at most one
    # place per slot (no overlaps), only on days they attend; past capacity, a waitlist.
    taken: dict[int, set[tuple[date, int]]] = {user_id: set() for user_id in attends}
    by_day: dict[date, list[int]] = {day: [] for day in DAYS}
    for user_id, days in attends.items():
        for day in days:
            by_day[day].append(user_id)
    per_session = -(-size.signups // max(1, len(signup_sessions)))
    signup_count = 0
    for session_id, capacity in signup_sessions:
        day, slot = slots[session_id]
        candidates = [user_id for user_id in by_day[day] if (day, slot) not in taken[user_id]]
        chosen = rng.sample(
            candidates, min(per_session, len(candidates), size.signups - signup_count)
        )
        waitlist = 0
        for place, user_id in enumerate(chosen):
            taken[user_id].add((day, slot))
            if place < capacity:
                status, position = SignUpStatus.CONFIRMED, None
            else:
                waitlist += 1
                status, position = SignUpStatus.WAITLISTED, waitlist
            add(
                SignUp,
                id=signup_count + 1,
                session_id=session_id,
                user_id=user_id,
                status=status,
                position=position,
                created_at=now,
                updated_at=now,
            )
            signup_count += 1

    _add_meetings(add, rng, size, event_id, now, room_count, attends, password_hash)
    _insert_all(rows)

    open_signups = {
        user_id: [
            session_id
            for session_id, _capacity in signup_sessions
            if slots[session_id][0] in attends[user_id] and slots[session_id] not in taken[user_id]
        ]
        for user_id in attends
    }
    # One per free slot: signing up for one must not make the next one overlap.
    for user_id, session_ids in open_signups.items():
        seen, kept = set(), []
        for session_id in session_ids:
            if slots[session_id] not in seen:
                seen.add(slots[session_id])
                kept.append(session_id)
        open_signups[user_id] = kept
    return Built(
        event_id=event_id,
        organizer_id=organizer_id,
        diplomat_ids=diplomat_ids,
        open_signups=open_signups,
        counts={_name(target): len(values) for target, values in rows.items() if values},
    )


# Meeting windows: (day index, start, end), 15 tables, 20 minutes + 5 (8 slots each).
MEETING_WINDOWS = [(index, time(14, 0), time(17, 30)) for index in range(5)] + [
    (2, time(9, 0), time(12, 30)),
    (3, time(9, 0), time(12, 30)),
]
MEETING_TABLES = 15
# Of every 30 meetings: accepted, cancelled (keeping their slot), then without a slot.
MEETING_MIX = {
    MeetingStatus.ACCEPTED: 12,
    MeetingStatus.CANCELLED: 3,
    MeetingStatus.REQUESTED: 8,
    MeetingStatus.DECLINED: 4,
    MeetingStatus.PROPOSED: 2,
    MeetingStatus.WITHDRAWN: 1,
}


def _add_meetings(
    add, rng, size: Size, event_id: int, now, room_count: int, attends, password_hash: str
) -> None:
    """Partner representatives (users after the diplomats, with a profile) and their
    meetings with attending heads of post, consistent with the database's guards: a table
    slot holds one accepted meeting, a person is in one accepted meeting at a time, one
    open request per partner and head of post (every pair here is used once). A meeting
    that finds no free table slot or no free pair is left out: small sizes get fewer."""
    if not size.partners or not size.meetings or not attends:
        return
    room_id = room_count + 1
    add(Room, id=room_id, event_id=event_id, name="Salle Arenberg", capacity=120)
    sectors = [sector.value for sector in Sector]
    first_partner = size.diplomats + 2
    partner_ids = list(range(first_partner, first_partner + size.partners))
    for number, user_id in enumerate(partner_ids, start=1):
        add(
            User,
            id=user_id,
            email=f"partner{number}@bench.example.org",
            password_hash=password_hash,  # the diplomats' password
            role=Role.PARTNER,
            active=True,
            first_name=rng.choice(["Hanne", "Luc", "Marie", "Noor", "Olivier", "Sven"]),
            last_name=f"Partner {number:04d}",
            language=["fr", "nl", "en"][number % 3],
            created_at=now,
        )
        add(
            PartnerProfile,
            user_id=user_id,
            event_id=event_id,
            organisation_id=(number % size.organisations) + 1,
            function="Export manager",
            mobile_phone=f"+3248{number:07d}",
            sectors=rng.sample(sectors, 2),
            countries=[f"Country {number % 140}"],
            registered_at=now,
            consent_at=now,
        )
    table_slots = []
    for window_id, (day_index, start, end) in enumerate(MEETING_WINDOWS, start=1):
        day = DAYS[day_index]
        add(
            MeetingWindow,
            id=window_id,
            event_id=event_id,
            starts_at=_utc(day, start),
            ends_at=_utc(day, end),
            room_id=room_id,
            tables=MEETING_TABLES,
            meeting_minutes=20,
            changeover_minutes=5,
            status=WindowStatus.OPEN,
            created_at=now,
        )
        slot = _utc(day, start)
        while slot + timedelta(minutes=20) <= _utc(day, end):
            for table in range(1, MEETING_TABLES + 1):
                table_slots.append((window_id, day, slot, table))
            slot += timedelta(minutes=25)
    rng.shuffle(table_slots)
    by_day = {day: [user_id for user_id, days in attends.items() if day in days] for day in DAYS}
    everyone = sorted(attends)
    pairs, busy, meeting_id = set(), set(), 0
    statuses = [status for status, count in MEETING_MIX.items() for _ in range(count)]
    for index in range(size.meetings):
        status = statuses[index % len(statuses)]
        slotted = status in (MeetingStatus.ACCEPTED, MeetingStatus.CANCELLED)
        placed = _place(rng, status, table_slots, by_day, everyone, partner_ids, pairs, busy)
        if placed is None:
            continue
        partner_id, diplomat_id, slot = placed
        meeting_id += 1
        window_id = slot[0] if slot else None
        add(
            Meeting,
            id=meeting_id,
            event_id=event_id,
            partner_id=partner_id,
            diplomat_id=diplomat_id,
            status=status,
            subject=f"Trade and investment: {rng.choice(sectors)}, request {meeting_id}",
            note="",
            answer_message="Flight cancelled" if status == MeetingStatus.CANCELLED else "",
            proposed_window_id=rng.randint(1, len(MEETING_WINDOWS))
            if status == MeetingStatus.PROPOSED
            else None,
            window_id=window_id,
            starts_at=slot[2] if slot else None,
            ends_at=slot[2] + timedelta(minutes=20) if slot else None,
            table_number=slot[3] if slot else None,
            sequence=1 if status == MeetingStatus.CANCELLED else 0,
            cancelled_by_id=partner_id if status == MeetingStatus.CANCELLED else None,
            created_at=now,
            updated_at=now,
        )
        if not slotted:
            add(
                meeting_request_windows,
                meeting_id=meeting_id,
                window_id=rng.randint(1, len(MEETING_WINDOWS)),
            )


def _place(rng, status, table_slots, by_day, everyone, partner_ids, pairs, busy):
    """(partner, head of post, table slot or None) for a new meeting, or None when no
    try finds one: the pair unused, and for an accepted meeting both people free at that
    start (a cancelled one keeps a slot but holds nobody)."""
    for _attempt in range(20):
        partner_id = rng.choice(partner_ids)
        if status in (MeetingStatus.ACCEPTED, MeetingStatus.CANCELLED):
            if not table_slots:
                return None
            slot = table_slots[-1]
            diplomat_id = rng.choice(by_day[slot[1]] or everyone)
        else:
            slot, diplomat_id = None, rng.choice(everyone)
        if (partner_id, diplomat_id) in pairs:
            continue
        if status == MeetingStatus.ACCEPTED:
            if (partner_id, slot[2]) in busy or (diplomat_id, slot[2]) in busy:
                continue
            busy.update({(partner_id, slot[2]), (diplomat_id, slot[2])})
        if slot is not None:
            table_slots.pop()
        pairs.add((partner_id, diplomat_id))
        return partner_id, diplomat_id, slot
    return None


def _insert_all(rows: dict) -> None:
    """Insert each table's rows in one executemany, parents first; then move PostgreSQL's
    id sequences past the ids given here, so the app's own inserts do not collide."""
    order = [table for table in db.metadata.sorted_tables]
    for table in order:
        for target, values in rows.items():
            if _table(target) is table and values:
                db.session.execute(insert(table), values)
    if db.session.get_bind().dialect.name == "postgresql":
        for table in order:
            if "id" in table.c and table.c.id.autoincrement and table.c.id.primary_key:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    db.session.commit()


def _table(target):
    return getattr(target, "__table__", target)


def _name(target) -> str:
    return _table(target).name


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _registration_status(rng: random.Random) -> RegistrationStatus:
    return _pick(
        rng,
        {
            RegistrationStatus.CONFIRMED: 70,
            RegistrationStatus.REGISTERED: 15,
            RegistrationStatus.INVITED: 5,
            RegistrationStatus.DECLINED: 5,
            RegistrationStatus.CANCELLED: 5,
        },
    )


def _utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BRUSSELS).astimezone(UTC)
