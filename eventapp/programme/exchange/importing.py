"""Applying an uploaded programme file to an event, all or nothing, under the programme lock.

An import adds to the event's programme; it never changes or removes what is there. A
room, organisation or speaker whose name the event already has is reported as a
conflict, and so is a session identical in every field to one already there. Sessions
may point at rooms, organisations and speakers of the file or of the event.

Everything is checked before anything is kept: the file's shape and types, enumeration
values, references, duplicates, dates, and then the programme rules (`find_clashes`, the
same rules as the session form) with the file's sessions inserted in the transaction, so
they are checked against each other and against the committed programme. Any problem
rejects the whole file (`ImportRejected`, one report row per problem: record, field,
reason) and the transaction is rolled back; otherwise it commits once. A file that
cannot be read at all (not UTF-8, not JSON, another format) is refused before the lock
is taken (`reading.py`).
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from ... import audit
from ...extensions import db
from ...models import (
    LANGUAGES,
    Event,
    Organisation,
    Role,
    Room,
    Session,
    SessionAudienceFunction,
    SessionAudienceRegion,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    User,
)
from ...unit_of_work import unit_of_work
from ..services import SessionDetails, find_clashes, lock_programme
from .format import (
    DESCRIPTION_KEYS,
    SECTIONS,
    TITLE_KEYS,
    ImportRejected,
    ReportRow,
    printable,
    session_key,
    session_values,
    sessions_of,
)
from .reading import Parsed, Reader, read
from .values import Record

# IN (...) lists stay well under every database's limit on bound parameters.
CHUNK = 500

# Which field of the file a rule of `find_clashes` is about.
FIELD_OF_CLASH = {
    "duration": "ends_at",
    "day": "starts_at",
    "room_id": "room",
    "speakers": "speakers",
    "capacity": "capacity",
    "parallel_group": "parallel_group",
}


def import_json(event: Event, text: str | bytes, by: User) -> dict[str, int]:
    """Add the programme in a JSON file (the format in `format.py`) to the event, all or
    nothing.

    Returns how many rooms, organisations, speakers and sessions were added. Raises
    ImportRejected, carrying one report row per problem, when anything in the file is
    wrong or breaks a programme rule; nothing is kept then.
    """
    reader, parsed = read(text)
    try:
        with unit_of_work():
            lock_programme(event.id)
            existing = _Existing.load(event, parsed)
            _check_against(reader, parsed, existing)
            if not reader.rows and not any(getattr(parsed, name) for name in SECTIONS):
                reader.problem(
                    _("the file"),
                    "",
                    _("The file holds no rooms, organisations, speakers or sessions to import."),
                )
            # The programme rules need the sessions in the database: insert what is sound
            # so far, check, and keep it only if the whole file is sound.
            created = _insert(event, parsed, existing)
            db.session.flush()
            problems = reader.rows + _clash_rows(event, created)
            if problems:
                raise ImportRejected(problems)
            counts = {name: len(getattr(parsed, name)) for name in SECTIONS}
            audit.record("programme.import", by, event, **counts)
    except DBAPIError:
        # The checks above run under the programme lock, so this is something they do not
        # foresee (e.g. a room added elsewhere without the lock): refuse, don't fail.
        current_app.logger.warning("programme import refused by the database", exc_info=True)
        raise ImportRejected(
            [
                ReportRow(
                    _("the file"),
                    "",
                    _(
                        "The database refused the import, probably because the programme "
                        "changed meanwhile. Nothing was imported; please try again."
                    ),
                )
            ]
        ) from None
    return counts


def _check_against(reader: Reader, parsed: Parsed, existing: "_Existing") -> None:
    """References, duplicates in the file, and conflicts with what the event has.

    A record found wrong here is marked, so that the programme rules run on the rest.
    """
    for section in ("rooms", "organisations", "speakers"):
        seen: dict[str, str] = {}
        taken = existing.names(section)
        for record in getattr(parsed, section):
            name = record.values["name"]
            if name in seen:
                _reject(
                    reader,
                    record,
                    "name",
                    _(
                        "The file already has a record with this name: %(other)s.",
                        other=seen[name],
                    ),
                )
            else:
                seen[name] = record.label
            if name in taken:
                _reject(
                    reader,
                    record,
                    "name",
                    _(
                        "This event already has one with this name; an import only adds "
                        "to the programme."
                    ),
                )
    organisations = parsed.names["organisations"] | existing.names("organisations")
    for record in parsed.speakers:
        organisation = record.values["organisation"]
        if organisation is not None and organisation not in organisations:
            _unknown_reference(reader, record, "organisation", "organisations")

    rooms = parsed.names["rooms"] | existing.names("rooms")
    speakers = parsed.names["speakers"] | existing.names("speakers")
    seen_sessions: dict[str, str] = {}
    for record in parsed.sessions:
        values = record.values
        if values["room"] is not None and values["room"] not in rooms:
            _unknown_reference(reader, record, "room", "rooms")
        for index, (name, _role) in enumerate(values["speakers"]):
            if name not in speakers:
                _unknown_reference(reader, record, f"speakers[{index}].name", "speakers")
        for index, name in enumerate(values["organisations"]):
            if name not in organisations:
                _unknown_reference(reader, record, f"organisations[{index}]", "organisations")
        for index, email in enumerate(values["audience_members"]):
            user = existing.users.get(email)
            if user is None:
                _reject(
                    reader,
                    record,
                    f"audience_members[{index}]",
                    _("No account has this e-mail address."),
                )
            elif user.role != Role.DIPLOMAT:
                _reject(
                    reader,
                    record,
                    f"audience_members[{index}]",
                    _("This account is not a diplomat's; an audience holds diplomats only."),
                )
        key = session_key(values)
        if key in seen_sessions:
            _reject(
                reader,
                record,
                "",
                _(
                    "The same session is already in the file: %(other)s.",
                    other=seen_sessions[key],
                ),
            )
        else:
            seen_sessions[key] = record.label
        if key in existing.session_keys:
            _reject(
                reader,
                record,
                "",
                _("This event already has this session, identical in every field."),
            )


def _reject(reader: Reader, record: Record, key: str, reason: str) -> None:
    record.ok = False
    reader.problem(record.label, key, reason)


def _unknown_reference(reader: Reader, record: Record, key: str, section: str) -> None:
    reasons = {
        "rooms": _("No room of this name in the file or in this event."),
        "organisations": _("No organisation of this name in the file or in this event."),
        "speakers": _("No speaker of this name in the file or in this event."),
    }
    _reject(reader, record, key, reasons[section])


@dataclass
class _Existing:
    """What the event already has, by the names the file uses."""

    rooms: dict[str, Room]
    organisations: dict[str, Organisation]
    speakers: dict[str, Speaker]
    users: dict[str, User]
    session_keys: set[str]

    def names(self, section: str) -> set[str]:
        return set(getattr(self, section))

    @classmethod
    def load(cls, event: Event, parsed: Parsed) -> "_Existing":
        def by_name(model):
            rows = db.session.scalars(select(model).where(model.event_id == event.id))
            return {row.name: row for row in rows}

        emails = sorted(
            {email for record in parsed.sessions for email in record.values["audience_members"]}
        )
        users = {}
        for start in range(0, len(emails), CHUNK):
            chunk = emails[start : start + CHUNK]
            users |= {
                user.email: user
                for user in db.session.scalars(select(User).where(User.email.in_(chunk)))
            }
        session_keys = set()
        if parsed.sessions:
            session_keys = {session_key(session_values(session)) for session in sessions_of(event)}
        return cls(
            rooms=by_name(Room),
            organisations=by_name(Organisation),
            speakers=by_name(Speaker),
            users=users,
            session_keys=session_keys,
        )


def _insert(event: Event, parsed: Parsed, existing: _Existing) -> list[tuple[Record, Session]]:
    """Add the file's sound records to the session (not flushed); returns the sessions.

    A record marked wrong is left out, and so is whatever points at one.
    """
    rooms = dict(existing.rooms)
    organisations = dict(existing.organisations)
    speakers = dict(existing.speakers)
    created = []
    with db.session.no_autoflush:
        for record in parsed.rooms:
            if record.ok:
                rooms[record.values["name"]] = _added(Room(event_id=event.id, **record.values))
        for record in parsed.organisations:
            if record.ok:
                organisation = Organisation(event_id=event.id, **record.values)
                organisations[organisation.name] = _added(organisation)
        for record in parsed.speakers:
            values = dict(record.values)
            organisation = values.pop("organisation")
            if not record.ok or (organisation is not None and organisation not in organisations):
                continue
            speaker = Speaker(
                event_id=event.id,
                organisation=organisations[organisation] if organisation else None,
                **values,
            )
            speakers[speaker.name] = _added(speaker)
        for record in parsed.sessions:
            values = record.values
            if not (
                record.ok
                and (values["room"] is None or values["room"] in rooms)
                and all(name in speakers for name, _role in values["speakers"])
                and all(name in organisations for name in values["organisations"])
            ):
                continue
            session = Session(
                event_id=event.id,
                **{key: values[key] for key in (*TITLE_KEYS, *DESCRIPTION_KEYS)},
                kind=values["kind"],
                starts_at=values["starts_at"],
                ends_at=values["ends_at"],
                room=rooms[values["room"]] if values["room"] else None,
                status=values["status"],
                visibility=values["visibility"],
                audience=values["audience"],
                capacity=values["capacity"],
                signup_required=values["signup_required"],
                parallel_group=values["parallel_group"],
                sequence=values["sequence"],
                first_published_at=values["first_published_at"],
            )
            session.speaker_links = [
                SessionSpeaker(speaker=speakers[name], role=role, position=position)
                for position, (name, role) in enumerate(values["speakers"])
            ]
            session.organisations = [organisations[name] for name in values["organisations"]]
            session.audience_function_rows = [
                SessionAudienceFunction(function=function)
                for function in values["audience_functions"]
            ]
            session.audience_region_rows = [
                SessionAudienceRegion(region=region) for region in values["audience_regions"]
            ]
            session.audience_members = [
                existing.users[email] for email in values["audience_members"]
            ]
            created.append((record, _added(session)))
    return created


def _added(row):
    db.session.add(row)
    return row


def _clash_rows(event: Event, created: list[tuple[Record, Session]]) -> list[ReportRow]:
    """The programme rules for every imported session, against the committed programme
    and the rest of the file (all flushed in this transaction)."""
    position = {session.id: record.index for record, session in created}
    rows = []
    for record, session in created:
        details = SessionDetails(
            kind=session.kind,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            titles={lang: getattr(session, f"title_{lang}") for lang in LANGUAGES},
        )
        if session.status != SessionStatus.CANCELLED:
            # A cancelled session holds no room, speaker or place: only its dates count.
            details.room_id = session.room_id
            details.speakers = [(link.speaker_id, link.role) for link in session.speaker_links]
            details.capacity = session.capacity
            details.parallel_group = session.parallel_group
        for clash in find_clashes(event, details, session.id):
            other = position.get(clash.session.id) if clash.session is not None else None
            if other is not None and other > record.index:
                continue  # a clash between two sessions of the file is reported once
            rows.append(
                ReportRow(
                    printable(record.label),
                    FIELD_OF_CLASH.get(clash.field or "", clash.field or ""),
                    printable(clash.message),
                )
            )
    return rows
