"""The whole programme of an event in a file: export to JSON and CSV, import from JSON.

The JSON format, version 1
--------------------------
One UTF-8 JSON object. Records point at each other by name (a room, an organisation
and a speaker are each unique by name within an event), never by database id, so a
file moves between databases. Datetimes are ISO 8601 with an offset; exports write
UTC with a ``Z`` (``2026-02-02T08:30:00Z``), with microseconds only when there are some.

    {
      "format": "eventapp-programme",
      "version": 1,
      "event": {"slug": "dcd-2026", "first_day": "2026-02-02", "last_day": "2026-02-06"},
      "rooms": [{"name": "Salle des Glaces", "capacity": 250, "notes": ""}],
      "organisations": [{"name": "Enabel", "short_name": "", "kind": "development_agency"}],
      "speakers": [{"name": "Jane Doe", "function": "Director", "organisation": "Enabel"}],
      "sessions": [
        {
          "title_en": "Opening", "title_fr": "Ouverture", "title_nl": null,
          "description_en": null, "description_fr": null, "description_nl": null,
          "kind": "plenary",
          "starts_at": "2026-02-02T08:30:00Z", "ends_at": "2026-02-02T09:00:00Z",
          "room": "Salle des Glaces",
          "speakers": [{"name": "Jane Doe", "role": "chair"}],
          "organisations": ["Enabel"],
          "status": "published", "visibility": "public",
          "audience": "named",
          "audience_functions": [], "audience_regions": [],
          "audience_members": ["ambassador@example.org"],
          "capacity": 40, "signup_required": true, "parallel_group": null,
          "sequence": 2, "first_published_at": "2026-01-10T09:12:31.482113Z"
        }
      ]
    }

Values of `kind`, `status`, `visibility`, `audience`, `role`, `audience_functions` and
`audience_regions` are those of the enumerations in `eventapp.models.types`. A session's
speakers are listed in programme order; `audience_members` are diplomats' e-mail
addresses (accounts are not part of the programme: they must already exist).

Required: `format` and `version`; a room's `name` and `capacity`; an organisation's
`name` and `kind`; a speaker's `name`; a session's `kind`, `starts_at`, `ends_at` and a
title in at least one language. Anything else may be left out and takes the value a new
record gets in the app (no description, draft, public, audience all, no capacity...).
`event` says where the file came from; it is checked for shape only, since the sessions'
dates are checked against the event being imported into anyway.

What is not in the file, on purpose: ids; `created_at`/`updated_at`, which describe
database rows rather than the programme (an imported row is created at import time, and
restoring them would make hand-written files invent timestamps); the change history and
sign-ups. A session's `sequence` and `first_published_at` are kept, so calendars that
already hold a session see its version carry on, and a published session stays one that
must be cancelled rather than deleted.

The same programme always gives the same bytes: rooms, organisations and speakers sorted
by name; sessions by start, English title, then the whole record; keys sorted,
two-space indent, non-ASCII kept as is, a final newline.

Importing
---------
An import adds to the event's programme; it never changes or removes what is there. A
room, organisation or speaker whose name the event already has is reported as a
conflict, and so is a session identical in every field to one already there. Sessions
may point at rooms, organisations and speakers of the file or of the event.

Everything is checked before anything is kept: the file's shape and types, enumeration
values, references, duplicates, dates, and then the programme rules (`find_clashes`, the
same rules as the session form) with the file's sessions inserted in the transaction, so
they are checked against each other and against the committed programme. Any problem
rejects the whole file (`ImportRejected`, one report row per problem: record, field,
reason) and the transaction is rolled back; otherwise it commits once.

CSV export
----------
A ZIP of four CSV files (sessions, rooms, organisations, speakers), UTF-8 with a BOM so
spreadsheets read accents, times in the event's time zone (Brussels), labels in the
reader's language. A cell that a spreadsheet would take for a formula gets a leading `'`.
CSV is for reading; only JSON imports back.
"""

import contextlib
import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import (
    LANGUAGES,
    AudienceKind,
    DiplomatFunction,
    Event,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    Room,
    Session,
    SessionAudienceFunction,
    SessionAudienceRegion,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    SpeakerRole,
    User,
    Visibility,
    normalise_email,
    utcnow,
)
from .services import ProgrammeError, SessionDetails, find_clashes, lock_programme

FORMAT = "eventapp-programme"
VERSION = 1

SECTIONS = ("rooms", "organisations", "speakers", "sessions")
TITLE_KEYS = tuple(f"title_{lang}" for lang in LANGUAGES)
DESCRIPTION_KEYS = tuple(f"description_{lang}" for lang in LANGUAGES)
# The columns' sizes, and the session form's limits where it has them.
NAME_LENGTH = {"rooms": 120, "organisations": 200, "speakers": 200}
SHORT_NAME_LENGTH = 40
FUNCTION_LENGTH = 300
TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 5000
NOTES_LENGTH = 5000
PARALLEL_GROUP_LENGTH = 80
EMAIL_LENGTH = 254
MAX_CAPACITY = 100_000
MAX_SEQUENCE = 1_000_000
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


@dataclass(frozen=True)
class ReportRow:
    """One problem in an imported file: which record, which field, and why."""

    record: str
    field: str
    reason: str


class ImportRejected(ProgrammeError):
    """The file was not imported; `rows` says every problem found."""

    def __init__(self, rows: list[ReportRow]):
        self.rows = rows
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(num)d problem.",
                "Nothing was imported: the file has %(num)d problems.",
                len(rows),
            )
        )


# Export


@dataclass
class _Programme:
    rooms: list[Room]
    organisations: list[Organisation]
    speakers: list[Speaker]
    sessions: list[Session]

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in SECTIONS}


def programme_counts(event: Event) -> dict[str, int]:
    """How many rooms, organisations, speakers and sessions the event has."""
    models = {
        "rooms": Room,
        "organisations": Organisation,
        "speakers": Speaker,
        "sessions": Session,
    }
    return {
        name: db.session.scalar(
            select(db.func.count()).select_from(model).where(model.event_id == event.id)
        )
        for name, model in models.items()
    }


def export_json(event: Event, by: User | None = None) -> str:
    """The event's whole programme as a JSON document (the format above).

    The same programme always gives the same text. When `by` is given the export is
    written to the audit log and committed.
    """
    programme = _load(event)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "event": {
            "slug": event.slug,
            "first_day": event.first_day.isoformat(),
            "last_day": event.last_day.isoformat(),
        },
        "rooms": [_room_record(room) for room in programme.rooms],
        "organisations": [
            _organisation_record(organisation) for organisation in programme.organisations
        ],
        "speakers": [_speaker_record(speaker) for speaker in programme.speakers],
        "sessions": [_encode_session(_session_values(session)) for session in programme.sessions],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if by is not None:
        _record_export(event, by, "json", programme)
    return text


def export_csv(event: Event, by: User | None = None) -> bytes:
    """The event's programme as a ZIP of four CSV files, for spreadsheets.

    When `by` is given the export is written to the audit log and committed.
    """
    programme = _load(event)
    files = {
        "sessions.csv": _sessions_csv(event, programme.sessions),
        "rooms.csv": _csv(
            [_("Name"), _("Capacity"), _("Notes")],
            [[room.name, room.capacity, room.notes] for room in programme.rooms],
        ),
        "organisations.csv": _csv(
            [_("Name"), _("Short name"), _("Kind")],
            [
                [organisation.name, organisation.short_name, organisation.kind.label]
                for organisation in programme.organisations
            ],
        ),
        "speakers.csv": _csv(
            [_("Name"), _("Function"), _("Organisation")],
            [
                [
                    speaker.name,
                    speaker.function,
                    speaker.organisation.name if speaker.organisation else "",
                ]
                for speaker in programme.speakers
            ],
        ),
    }
    stamp = utcnow().astimezone(event.tz).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    if by is not None:
        _record_export(event, by, "csv", programme)
    return buffer.getvalue()


def _load(event: Event) -> _Programme:
    """Everything the exports show, in export order, in a fixed number of queries."""
    rooms = db.session.scalars(select(Room).where(Room.event_id == event.id)).all()
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.event_id == event.id)
    ).all()
    speakers = db.session.scalars(
        select(Speaker)
        .where(Speaker.event_id == event.id)
        .options(selectinload(Speaker.organisation))
    ).all()
    return _Programme(
        rooms=sorted(rooms, key=lambda room: room.name),
        organisations=sorted(organisations, key=lambda organisation: organisation.name),
        speakers=sorted(speakers, key=lambda speaker: speaker.name),
        sessions=sorted(_sessions_of(event), key=_session_order),
    )


def _sessions_of(event: Event) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(Session.event_id == event.id)
            .options(
                selectinload(Session.room),
                selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker),
                selectinload(Session.organisations),
                selectinload(Session.audience_function_rows),
                selectinload(Session.audience_region_rows),
                selectinload(Session.audience_members),
            )
        )
    )


def _session_order(session: Session):
    # Ids differ between databases, so the last resort is the whole record.
    record = _encode_session(_session_values(session))
    return (
        session.starts_at,
        session.title_en or "",
        json.dumps(record, ensure_ascii=False, sort_keys=True),
    )


def _record_export(event: Event, by: User, kind: str, programme: _Programme) -> None:
    try:
        audit.record("programme.export", by, event, format=kind, **programme.counts())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _room_record(room: Room) -> dict:
    return {"name": room.name, "capacity": room.capacity, "notes": room.notes}


def _organisation_record(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind.value,
    }


def _speaker_record(speaker: Speaker) -> dict:
    return {
        "name": speaker.name,
        "function": speaker.function,
        "organisation": speaker.organisation.name if speaker.organisation else None,
    }


def _session_values(session: Session) -> dict:
    """A session in the file's terms (names, e-mails), with typed values."""
    links = sorted(session.speaker_links, key=lambda link: (link.position, link.speaker.name))
    values = {key: getattr(session, key) for key in (*TITLE_KEYS, *DESCRIPTION_KEYS)}
    values |= {
        "kind": session.kind,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room.name if session.room else None,
        "speakers": [(link.speaker.name, link.role) for link in links],
        "organisations": [organisation.name for organisation in session.organisations],
        "status": session.status,
        "visibility": session.visibility,
        "audience": session.audience,
        "audience_functions": [row.function for row in session.audience_function_rows],
        "audience_regions": [row.region for row in session.audience_region_rows],
        "audience_members": [member.email for member in session.audience_members],
        "capacity": session.capacity,
        "signup_required": session.signup_required,
        "parallel_group": session.parallel_group,
        "sequence": session.sequence,
        "first_published_at": session.first_published_at,
    }
    return values


def _encode_session(values: dict) -> dict:
    """The file's record of a session: plain JSON values, lists in a canonical order."""
    record = {key: values[key] for key in (*TITLE_KEYS, *DESCRIPTION_KEYS)}
    record |= {
        "kind": values["kind"].value,
        "starts_at": _utc_text(values["starts_at"]),
        "ends_at": _utc_text(values["ends_at"]),
        "room": values["room"],
        "speakers": [{"name": name, "role": role.value} for name, role in values["speakers"]],
        "organisations": sorted(values["organisations"]),
        "status": values["status"].value,
        "visibility": values["visibility"].value,
        "audience": values["audience"].value,
        "audience_functions": sorted(function.value for function in values["audience_functions"]),
        "audience_regions": sorted(region.value for region in values["audience_regions"]),
        "audience_members": sorted(values["audience_members"]),
        "capacity": values["capacity"],
        "signup_required": values["signup_required"],
        "parallel_group": values["parallel_group"],
        "sequence": values["sequence"],
        "first_published_at": _utc_text(values["first_published_at"]),
    }
    return record


def _utc_text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


# CSV

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell as text, made inert for spreadsheets that run formulas (=, +, -, @...)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(str(title)) for title in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    # The BOM tells Excel the file is UTF-8; without it accents come out garbled.
    return buffer.getvalue().encode("utf-8-sig")


def _sessions_csv(event: Event, sessions: list[Session]) -> bytes:
    tz = event.tz
    rows = []
    for session in sessions:
        start = session.starts_at.astimezone(tz)
        end = session.ends_at.astimezone(tz)
        links = sorted(session.speaker_links, key=lambda link: (link.position, link.speaker.name))
        rows.append(
            [
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M")
                if end.date() == start.date()
                else end.strftime("%Y-%m-%d %H:%M"),
                *(getattr(session, key) for key in TITLE_KEYS),
                session.kind.label,
                session.room.name if session.room else "",
                "; ".join(f"{link.speaker.name} ({link.role.label})" for link in links),
                "; ".join(organisation.name for organisation in session.organisations),
                session.status.label,
                session.visibility.label,
                _audience_text(session),
                session.capacity,
                session.signup_required,
                session.parallel_group,
            ]
        )
    header = [
        _("Date"),
        _("Start"),
        _("End"),
        _("Title (English)"),
        _("Title (French)"),
        _("Title (Dutch)"),
        _("Kind"),
        _("Room"),
        _("Speakers"),
        _("Partner organisations"),
        _("Status"),
        _("Visibility"),
        _("Audience"),
        _("Capacity"),
        _("Sign-up required"),
        _("Parallel group"),
    ]
    return _csv(header, rows)


def _audience_text(session: Session) -> str:
    chosen = []
    if session.audience == AudienceKind.FUNCTIONS:
        chosen = sorted(str(row.function.label) for row in session.audience_function_rows)
    elif session.audience == AudienceKind.REGIONS:
        chosen = sorted(str(row.region.label) for row in session.audience_region_rows)
    elif session.audience == AudienceKind.NAMED:
        chosen = sorted(member.full_name for member in session.audience_members)
    label = str(session.audience.label)
    return f"{label}: {', '.join(chosen)}" if chosen else label


# Import

_MISSING = object()


class _Invalid(Exception):
    """A value that could not be read; its problem is already in the report."""


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


class _BadConstant(ValueError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


@dataclass
class _Record:
    section: str
    index: int
    label: str
    values: dict = field(default_factory=dict)
    # False once a check against the event's programme found it wrong.
    ok: bool = True


@dataclass
class _Parsed:
    rooms: list[_Record] = field(default_factory=list)
    organisations: list[_Record] = field(default_factory=list)
    speakers: list[_Record] = field(default_factory=list)
    sessions: list[_Record] = field(default_factory=list)
    # Every name the file gives a room, organisation or speaker, valid record or not,
    # so that a broken record is reported once, not again by everything pointing at it.
    names: dict[str, set[str]] = field(default_factory=dict)


def import_json(event: Event, text: str | bytes, by: User) -> dict[str, int]:
    """Add the programme in a JSON file (the format above) to the event, all or nothing.

    Returns how many rooms, organisations, speakers and sessions were added. Raises
    ImportRejected, carrying one report row per problem, when anything in the file is
    wrong or breaks a programme rule; nothing is kept then.
    """
    reader = _Reader()
    document = reader.document(text)
    if document is None:
        raise ImportRejected(reader.rows)
    parsed = reader.programme(document)
    if parsed is None:
        raise ImportRejected(reader.rows)
    try:
        lock_programme(event.id)
        existing = _Existing.load(event, parsed)
        reader.check_against(parsed, existing)
        if not reader.rows and not any(getattr(parsed, name) for name in SECTIONS):
            reader.problem(
                _("the file"),
                "",
                _("The file holds no rooms, organisations, speakers or sessions to import."),
            )
        # The programme rules need the sessions in the database: insert what is sound so
        # far, check, and keep it only if the whole file is sound.
        created = _insert(event, parsed, existing)
        db.session.flush()
        problems = reader.rows + _clash_rows(event, created)
        if problems:
            raise ImportRejected(problems)
        counts = {name: len(getattr(parsed, name)) for name in SECTIONS}
        audit.record("programme.import", by, event, **counts)
        db.session.commit()
    except ImportRejected:
        db.session.rollback()
        raise
    except DBAPIError:
        # The checks above run under the programme lock, so this is something they do not
        # foresee (e.g. a room added elsewhere without the lock): refuse, don't fail.
        db.session.rollback()
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
    except Exception:
        db.session.rollback()
        raise
    return counts


class _Reader:
    """Reads a file into typed values, collecting every problem rather than stopping."""

    def __init__(self):
        self.rows: list[ReportRow] = []

    def problem(self, record: str, field_name: str, reason: str) -> None:
        self.rows.append(ReportRow(_printable(record), _printable(field_name), _printable(reason)))

    # The document

    def document(self, text: str | bytes):
        where = _("the file")
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                self.problem(
                    where,
                    "",
                    _(
                        "The file is not UTF-8 text (unreadable byte at position %(position)d). "
                        "Upload the JSON file as exported.",
                        position=error.start,
                    ),
                )
                return None
        text = text.removeprefix("\ufeff")
        if not text.strip():
            self.problem(where, "", _("The file is empty."))
            return None
        try:
            document = json.loads(
                text, object_pairs_hook=_object_without_duplicates, parse_constant=_no_constant
            )
        except json.JSONDecodeError as error:
            self.problem(
                where,
                "",
                _(
                    "Not valid JSON: %(message)s (line %(line)d, column %(column)d).",
                    message=error.msg,
                    line=error.lineno,
                    column=error.colno,
                ),
            )
            return None
        except _DuplicateKey as error:
            self.problem(
                where, error.key, _("This key appears twice in the same object of the file.")
            )
            return None
        except _BadConstant as error:
            self.problem(
                where,
                "",
                _("Not valid JSON: %(value)s is not a number JSON allows.", value=error.name),
            )
            return None
        except (ValueError, RecursionError) as error:
            self.problem(where, "", _("Not valid JSON: %(message)s.", message=str(error)[:200]))
            return None
        if not isinstance(document, dict):
            self.problem(
                where,
                "",
                _(
                    "The file must hold one JSON object with “format” and “version”, "
                    "not %(found)s.",
                    found=_type_name(document),
                ),
            )
            return None
        return document

    def programme(self, document: dict) -> _Parsed | None:
        where = _("the file")
        file_format = document.get("format", _MISSING)
        if file_format != FORMAT:
            self.problem(
                where,
                "format",
                _(
                    "This is not an eventapp programme file: “format” must be “%(format)s”.",
                    format=FORMAT,
                ),
            )
            return None
        version = document.get("version", _MISSING)
        if version is _MISSING:
            self.problem(where, "version", _("This field is required."))
            return None
        if type(version) is not int or version != VERSION:
            self.problem(
                where,
                "version",
                _(
                    "This eventapp reads version %(version)d of the format, not %(found)s.",
                    version=VERSION,
                    found=_shown(version),
                ),
            )
            return None
        self._unknown_keys(where, document, ("format", "version", "event", *SECTIONS))
        if "event" in document:
            self._event(document["event"])
        parsed = _Parsed()
        readers = {
            "rooms": self._room,
            "organisations": self._organisation,
            "speakers": self._speaker,
            "sessions": self._session,
        }
        for section, read in readers.items():
            items = document.get(section, [])
            parsed.names[section] = set()
            if not isinstance(items, list):
                self._expect(where, section, items, _("a list"), stop=False)
                continue
            for index, item in enumerate(items):
                if not isinstance(item, dict):
                    self._expect(
                        _record_label(section, index, None), "", item, _("an object"), stop=False
                    )
                    continue
                if section == "sessions":
                    name = next(
                        (item[key] for key in TITLE_KEYS if _non_blank(item.get(key))), None
                    )
                else:
                    name = item.get("name")
                    if isinstance(name, str):
                        parsed.names[section].add(name)
                record = _Record(section, index, _record_label(section, index, name))
                if read(record, item):
                    getattr(parsed, section).append(record)
        return parsed

    def _event(self, value) -> None:
        where = "event"
        if not isinstance(value, dict):
            self._expect(where, "", value, _("an object"), stop=False)
            return
        record = _Record("event", 0, where)
        valid = self._fields(
            record,
            value,
            {
                "slug": lambda: self._text(where, value, "slug", max_length=64),
                "first_day": lambda: self._day(where, value, "first_day"),
                "last_day": lambda: self._day(where, value, "last_day"),
            },
        )
        first, last = record.values.get("first_day"), record.values.get("last_day")
        if valid and first and last and last < first:
            self.problem(where, "last_day", _("The last day comes before the first day."))

    # Records: each returns True when the record is valid.

    def _room(self, record: _Record, data: dict) -> bool:
        where = record.label
        return self._fields(
            record,
            data,
            {
                "name": lambda: self._name(where, data, "rooms"),
                "capacity": lambda: self._integer(
                    where, data, "capacity", maximum=MAX_CAPACITY, required=True
                ),
                "notes": lambda: self._text(
                    where, data, "notes", max_length=NOTES_LENGTH, nullable=False, default=""
                ),
            },
        )

    def _organisation(self, record: _Record, data: dict) -> bool:
        where = record.label
        return self._fields(
            record,
            data,
            {
                "name": lambda: self._name(where, data, "organisations"),
                "short_name": lambda: self._text(
                    where,
                    data,
                    "short_name",
                    max_length=SHORT_NAME_LENGTH,
                    nullable=False,
                    default="",
                ),
                "kind": lambda: self._choice(where, data, "kind", OrganisationKind, required=True),
            },
        )

    def _speaker(self, record: _Record, data: dict) -> bool:
        where = record.label
        return self._fields(
            record,
            data,
            {
                "name": lambda: self._name(where, data, "speakers"),
                "function": lambda: self._text(
                    where, data, "function", max_length=FUNCTION_LENGTH, nullable=False, default=""
                ),
                "organisation": lambda: self._text(
                    where,
                    data,
                    "organisation",
                    max_length=NAME_LENGTH["organisations"],
                    nullable=True,
                ),
            },
        )

    def _session(self, record: _Record, data: dict) -> bool:
        where = record.label
        readers = {
            key: (lambda key=key: self._text(where, data, key, max_length=TITLE_LENGTH))
            for key in TITLE_KEYS
        }
        readers |= {
            key: (lambda key=key: self._text(where, data, key, max_length=DESCRIPTION_LENGTH))
            for key in DESCRIPTION_KEYS
        }
        readers |= {
            "kind": lambda: self._choice(where, data, "kind", SessionKind, required=True),
            "starts_at": lambda: self._moment(where, data, "starts_at", required=True),
            "ends_at": lambda: self._moment(where, data, "ends_at", required=True),
            "room": lambda: self._text(
                where, data, "room", max_length=NAME_LENGTH["rooms"], nullable=True
            ),
            "speakers": lambda: self._session_speakers(where, data),
            "organisations": lambda: self._names(
                where, data, "organisations", max_length=NAME_LENGTH["organisations"]
            ),
            "status": lambda: self._choice(
                where, data, "status", SessionStatus, default=SessionStatus.DRAFT
            ),
            "visibility": lambda: self._choice(
                where, data, "visibility", Visibility, default=Visibility.PUBLIC
            ),
            "audience": lambda: self._choice(
                where, data, "audience", AudienceKind, default=AudienceKind.ALL
            ),
            "audience_functions": lambda: self._choices(
                where, data, "audience_functions", DiplomatFunction
            ),
            "audience_regions": lambda: self._choices(where, data, "audience_regions", Region),
            "audience_members": lambda: self._emails(where, data, "audience_members"),
            "capacity": lambda: self._integer(
                where, data, "capacity", maximum=MAX_CAPACITY, nullable=True
            ),
            "signup_required": lambda: self._boolean(where, data, "signup_required"),
            "parallel_group": lambda: self._text(
                where,
                data,
                "parallel_group",
                max_length=PARALLEL_GROUP_LENGTH,
                nullable=True,
                blank=False,
            ),
            "sequence": lambda: self._integer(
                where, data, "sequence", maximum=MAX_SEQUENCE, default=0
            ),
            "first_published_at": lambda: self._moment(
                where, data, "first_published_at", nullable=True
            ),
        }
        if not self._fields(record, data, readers):
            return False
        return self._session_rules(record)

    def _session_rules(self, record: _Record) -> bool:
        """What a session must be on its own, before it meets the rest of the programme."""
        where, values = record.label, record.values
        problems = len(self.rows)
        if not any((values[key] or "").strip() for key in TITLE_KEYS):
            self.problem(where, "title_en", _("Give the session a title in at least one language."))
        if values["ends_at"] <= values["starts_at"]:
            self.problem(where, "ends_at", _("The session must end after it starts."))
        if values["status"] != SessionStatus.DRAFT and values["first_published_at"] is None:
            self.problem(
                where,
                "first_published_at",
                _("A published or cancelled session must say when it was first published."),
            )
        if values["signup_required"] and values["capacity"] is None:
            self.problem(where, "capacity", _("A session that needs sign-up needs a capacity."))
        audience = values["audience"]
        for kind, key, message in (
            (
                AudienceKind.FUNCTIONS,
                "audience_functions",
                _("Choose at least one function for this audience."),
            ),
            (
                AudienceKind.REGIONS,
                "audience_regions",
                _("Choose at least one region for this audience."),
            ),
            (
                AudienceKind.NAMED,
                "audience_members",
                _("Choose at least one diplomat for this audience."),
            ),
        ):
            if audience == kind and not values[key]:
                self.problem(where, key, message)
            elif audience != kind and values[key]:
                self.problem(
                    where,
                    key,
                    _(
                        "Only an audience “%(kind)s” lists these; this session's audience is "
                        "“%(audience)s”.",
                        kind=kind.value,
                        audience=audience.value,
                    ),
                )
        return len(self.rows) == problems

    def _fields(self, record: _Record, data: dict, readers: dict) -> bool:
        problems = len(self.rows)
        self._unknown_keys(record.label, data, tuple(readers))
        for key, read in readers.items():
            with contextlib.suppress(_Invalid):
                record.values[key] = read()
        return len(self.rows) == problems

    def _unknown_keys(self, where: str, data: dict, known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                self.problem(where, key, _("Unknown field: this format has no such field."))

    # Values: each returns the typed value, or raises _Invalid after reporting why.

    def _get(self, where, data, key, *, required=False, nullable=False, default=None):
        """The raw value, or _MISSING when the default applies."""
        value = data.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self._fail(where, key, _("This field is required."))
            return _MISSING
        if value is None and not nullable:
            self._fail(where, key, _("This field cannot be null."))
        return value

    def _fail(self, where: str, key: str, reason: str):
        self.problem(where, key, reason)
        raise _Invalid

    def _expect(self, where, key, value, expected: str, *, stop=True):
        self.problem(
            where,
            key,
            _(
                "Expected %(expected)s, found %(found)s.",
                expected=expected,
                found=_type_name(value),
            ),
        )
        if stop:
            raise _Invalid

    def _text(
        self,
        where,
        data,
        key,
        *,
        max_length,
        required=False,
        nullable=True,
        blank=True,
        default=None,
    ):
        value = self._get(where, data, key, required=required, nullable=nullable)
        if value is _MISSING:
            return default
        if value is None:
            return None
        return self._checked_text(where, key, value, max_length=max_length, blank=blank)

    def _checked_text(self, where, key, value, *, max_length, blank=True) -> str:
        if not isinstance(value, str):
            self._expect(where, key, value, _("text"))
        if len(value) > max_length:
            self._fail(
                where,
                key,
                _(
                    "At most %(max)d characters; this has %(length)d.",
                    max=max_length,
                    length=len(value),
                ),
            )
        if not blank and not value.strip():
            self._fail(where, key, _("This cannot be blank."))
        if "\x00" in value or not _encodable(value):
            self._fail(
                where,
                key,
                _("Contains a character that cannot be stored (NUL or a lone surrogate)."),
            )
        return value

    def _name(self, where, data, section) -> str:
        value = self._get(where, data, "name", required=True)
        return self._checked_text(
            where, "name", value, max_length=NAME_LENGTH[section], blank=False
        )

    def _integer(self, where, data, key, *, maximum, required=False, nullable=False, default=None):
        value = self._get(where, data, key, required=required, nullable=nullable)
        if value is _MISSING:
            return default
        if value is None:
            return None
        if type(value) is not int:
            self._expect(where, key, value, _("a whole number"))
        if not 0 <= value <= maximum:
            self._fail(where, key, _("Must be between 0 and %(maximum)d.", maximum=maximum))
        return value

    def _boolean(self, where, data, key) -> bool:
        value = self._get(where, data, key)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self._expect(where, key, value, _("true or false"))
        return value

    def _choice(self, where, data, key, enum_class: type[Enum], *, required=False, default=None):
        value = self._get(where, data, key, required=required)
        if value is _MISSING:
            return default
        return self._member(where, key, value, enum_class)

    def _member(self, where, key, value, enum_class: type[Enum]):
        allowed = [member.value for member in enum_class]
        if isinstance(value, str) and value in allowed:
            return enum_class(value)
        self._fail(
            where,
            key,
            _(
                "Unknown value %(value)s; expected one of: %(allowed)s.",
                value=_shown(value),
                allowed=", ".join(allowed),
            ),
        )

    def _list(self, where, data, key) -> list:
        value = self._get(where, data, key)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._expect(where, key, value, _("a list"))
        return value

    def _choices(self, where, data, key, enum_class: type[Enum]) -> list:
        members = []
        failed = False
        for index, value in enumerate(self._list(where, data, key)):
            try:
                member = self._member(where, f"{key}[{index}]", value, enum_class)
            except _Invalid:
                failed = True
                continue
            if member in members:
                failed = True
                self.problem(where, f"{key}[{index}]", _("Listed twice."))
            members.append(member)
        if failed:
            raise _Invalid
        return members

    def _names(self, where, data, key, *, max_length) -> list[str]:
        names = []
        failed = False
        for index, value in enumerate(self._list(where, data, key)):
            try:
                name = self._checked_text(
                    where, f"{key}[{index}]", value, max_length=max_length, blank=False
                )
            except _Invalid:
                failed = True
                continue
            if name in names:
                failed = True
                self.problem(where, f"{key}[{index}]", _("Listed twice."))
            names.append(name)
        if failed:
            raise _Invalid
        return names

    def _emails(self, where, data, key) -> list[str]:
        emails = []
        for index, email in enumerate(self._names(where, data, key, max_length=EMAIL_LENGTH)):
            email = normalise_email(email)
            if email in emails:  # the same address in another case
                self._fail(where, f"{key}[{index}]", _("Listed twice."))
            emails.append(email)
        return emails

    def _session_speakers(self, where, data) -> list[tuple[str, SpeakerRole]]:
        speakers = []
        failed = False
        for index, item in enumerate(self._list(where, data, "speakers")):
            key = f"speakers[{index}]"
            try:
                name, role = self._within(key, lambda item=item: self._session_speaker(where, item))
            except _Invalid:
                failed = True
                continue
            if name in [known for known, _role in speakers]:
                failed = True
                self.problem(where, f"{key}.name", _("This speaker is listed twice."))
                continue
            speakers.append((name, role))
        if failed:
            raise _Invalid
        return speakers

    def _session_speaker(self, where, item) -> tuple[str, SpeakerRole]:
        if not isinstance(item, dict):
            self._expect(where, "", item, _("an object"))
        record = _Record("speakers", 0, where)
        valid = self._fields(
            record,
            item,
            {
                "name": lambda: self._name(where, item, "speakers"),
                "role": lambda: self._choice(
                    where, item, "role", SpeakerRole, default=SpeakerRole.SPEAKER
                ),
            },
        )
        if not valid:
            raise _Invalid
        return record.values["name"], record.values["role"]

    def _within(self, path: str, read):
        """Read a value nested in a list; its problems are reported under `path`."""
        start = len(self.rows)
        try:
            return read()
        finally:
            for position in range(start, len(self.rows)):
                row = self.rows[position]
                nested = f"{path}.{row.field}" if row.field else path
                self.rows[position] = ReportRow(row.record, nested, row.reason)

    def _moment(self, where, data, key, *, required=False, nullable=False):
        value = self._get(where, data, key, required=required, nullable=nullable)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str):
            self._expect(where, key, value, _("a date and time as text"))
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self._fail(
                where,
                key,
                _(
                    "%(value)s is not a date and time that exists; write it like "
                    "2026-02-02T08:30:00Z.",
                    value=_shown(value),
                ),
            )
        if moment.tzinfo is None or moment.utcoffset() is None:
            self._fail(
                where,
                key,
                _(
                    "%(value)s has no time zone; add Z for UTC, e.g. 2026-02-02T08:30:00Z.",
                    value=_shown(value),
                ),
            )
        return moment.astimezone(UTC)

    def _day(self, where, data, key) -> date | None:
        value = self._get(where, data, key, nullable=False)
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self._expect(where, key, value, _("a date as text"))
        try:
            return date.fromisoformat(value)
        except ValueError:
            self._fail(
                where,
                key,
                _(
                    "%(value)s is not a date that exists; write it like 2026-02-02.",
                    value=_shown(value),
                ),
            )

    # Against the event's programme

    def check_against(self, parsed: _Parsed, existing: "_Existing") -> None:
        """References, duplicates in the file, and conflicts with what the event has.

        A record found wrong here is marked, so that the programme rules run on the rest.
        """
        for section in ("rooms", "organisations", "speakers"):
            seen: dict[str, str] = {}
            taken = existing.names(section)
            for record in getattr(parsed, section):
                name = record.values["name"]
                if name in seen:
                    self._reject(
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
                    self._reject(
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
                self._unknown_reference(record, "organisation", "organisations")

        rooms = parsed.names["rooms"] | existing.names("rooms")
        speakers = parsed.names["speakers"] | existing.names("speakers")
        seen_sessions: dict[str, str] = {}
        for record in parsed.sessions:
            values = record.values
            if values["room"] is not None and values["room"] not in rooms:
                self._unknown_reference(record, "room", "rooms")
            for index, (name, _role) in enumerate(values["speakers"]):
                if name not in speakers:
                    self._unknown_reference(record, f"speakers[{index}].name", "speakers")
            for index, name in enumerate(values["organisations"]):
                if name not in organisations:
                    self._unknown_reference(record, f"organisations[{index}]", "organisations")
            for index, email in enumerate(values["audience_members"]):
                user = existing.users.get(email)
                if user is None:
                    self._reject(
                        record,
                        f"audience_members[{index}]",
                        _("No account has this e-mail address."),
                    )
                elif user.role != Role.DIPLOMAT:
                    self._reject(
                        record,
                        f"audience_members[{index}]",
                        _("This account is not a diplomat's; an audience holds diplomats only."),
                    )
            key = _session_key(values)
            if key in seen_sessions:
                self._reject(
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
                self._reject(
                    record,
                    "",
                    _("This event already has this session, identical in every field."),
                )

    def _reject(self, record: _Record, key: str, reason: str) -> None:
        record.ok = False
        self.problem(record.label, key, reason)

    def _unknown_reference(self, record: _Record, key: str, section: str) -> None:
        reasons = {
            "rooms": _("No room of this name in the file or in this event."),
            "organisations": _("No organisation of this name in the file or in this event."),
            "speakers": _("No speaker of this name in the file or in this event."),
        }
        self._reject(record, key, reasons[section])


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
    def load(cls, event: Event, parsed: _Parsed) -> "_Existing":
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
            session_keys = {
                _session_key(_session_values(session)) for session in _sessions_of(event)
            }
        return cls(
            rooms=by_name(Room),
            organisations=by_name(Organisation),
            speakers=by_name(Speaker),
            users=users,
            session_keys=session_keys,
        )


def _session_key(values: dict) -> str:
    """Two sessions are the same session when every field of their records is equal."""
    return json.dumps(_encode_session(values), ensure_ascii=False, sort_keys=True)


def _insert(event: Event, parsed: _Parsed, existing: _Existing) -> list[tuple[_Record, Session]]:
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


def _clash_rows(event: Event, created: list[tuple[_Record, Session]]) -> list[ReportRow]:
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
                    _printable(record.label),
                    FIELD_OF_CLASH.get(clash.field or "", clash.field or ""),
                    _printable(clash.message),
                )
            )
    return rows


# Small helpers


def _object_without_duplicates(pairs):
    document = {}
    for key, value in pairs:
        if key in document:
            raise _DuplicateKey(key)
        document[key] = value
    return document


def _no_constant(name):
    raise _BadConstant(name)


def _record_label(section: str, index: int, name) -> str:
    label = f"{section}[{index}]"
    if isinstance(name, str) and name.strip():
        name = " ".join(name.split())
        if len(name) > 60:
            name = name[:59] + "…"
        label += f" “{name}”"
    return label


def _type_name(value) -> str:
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, float):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


def _shown(value) -> str:
    """A value from the file, quoted and cut short, for a report."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:59] + "…"
        return f"“{text}”"
    text = json.dumps(value, ensure_ascii=False) if value is not _MISSING else "—"
    return text if len(text) <= 60 else text[:59] + "…"


def _non_blank(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(text: str) -> str:
    """Report text that can be shown: a lone surrogate from the file would break the page."""
    return str(text).encode("utf-8", "replace").decode("utf-8")
