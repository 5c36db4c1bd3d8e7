"""The programme as files to download: JSON that imports back, CSV to read.

JSON
----
`export_json` writes the format described in `format.py`; the same programme always
gives the same text, so two exports can be compared.

CSV export
----------
A ZIP of four CSV files (sessions, rooms, organisations, speakers), UTF-8 with a BOM so
spreadsheets read accents, times in the event's time zone (Brussels), labels in the
reader's language. A cell that a spreadsheet would take for a formula gets a leading `'`
(`eventapp.spreadsheets.safe_cell`). CSV is for reading; only JSON imports back.
"""

import io
import json
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import audit
from ...extensions import db
from ...models import (
    AudienceKind,
    Event,
    Organisation,
    Room,
    Session,
    Speaker,
    User,
    utcnow,
)
from ...spreadsheets import csv_bytes
from ...unit_of_work import unit_of_work
from .format import (
    FORMAT,
    FUNCTION_KEYS,
    ORGANISATION_KEYS,
    SECTIONS,
    TITLE_KEYS,
    VERSION,
    encode_session,
    session_values,
    sessions_of,
)


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
    """The event's whole programme as a JSON document (the format in `format.py`).

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
        "sessions": [encode_session(session_values(session)) for session in programme.sessions],
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
        "rooms.csv": csv_bytes(
            [_("Name"), _("Capacity"), _("Notes")],
            [[room.name, room.capacity, room.notes] for room in programme.rooms],
        ),
        "organisations.csv": csv_bytes(
            [
                _("Name (English)"),
                _("Name (French)"),
                _("Name (Dutch)"),
                _("Short name (English)"),
                _("Short name (French)"),
                _("Short name (Dutch)"),
                _("Kind"),
            ],
            [
                [
                    *(getattr(organisation, key) for key in ORGANISATION_KEYS),
                    organisation.kind.label,
                ]
                for organisation in programme.organisations
            ],
        ),
        "speakers.csv": csv_bytes(
            [
                _("Name"),
                _("Function (English)"),
                _("Function (French)"),
                _("Function (Dutch)"),
                _("Organisation"),
            ],
            [
                [
                    speaker.name,
                    *(getattr(speaker, key) for key in FUNCTION_KEYS),
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
        sessions=sorted(sessions_of(event), key=_session_order),
    )


def _session_order(session: Session):
    # Ids differ between databases, so the last resort is the whole record.
    record = encode_session(session_values(session))
    return (
        session.starts_at,
        session.title_en or "",
        json.dumps(record, ensure_ascii=False, sort_keys=True),
    )


def _record_export(event: Event, by: User, kind: str, programme: _Programme) -> None:
    with unit_of_work():
        audit.record("programme.export", by, event, format=kind, **programme.counts())


def _room_record(room: Room) -> dict:
    return {"name": room.name, "capacity": room.capacity, "notes": room.notes}


def _organisation_record(organisation: Organisation) -> dict:
    return {key: getattr(organisation, key) for key in ORGANISATION_KEYS} | {
        "kind": organisation.kind.value
    }


def _speaker_record(speaker: Speaker) -> dict:
    return {key: getattr(speaker, key) for key in FUNCTION_KEYS} | {
        "name": speaker.name,
        "organisation": speaker.organisation.name if speaker.organisation else None,
    }


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
    return csv_bytes(header, rows)


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
