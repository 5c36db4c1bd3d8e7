"""The programme file's format and what the export, the reading and the import share.

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
      "organisations": [
        {
          "name": "Enabel – Belgian development agency",
          "name_fr": "Enabel – Agence belge de développement",
          "name_nl": "Enabel – Belgisch ontwikkelingsagentschap",
          "short_name": "Enabel", "short_name_fr": null, "short_name_nl": null,
          "kind": "development_agency"
        }
      ],
      "speakers": [
        {
          "name": "Jane Doe", "function": "Director", "function_fr": "Directrice",
          "function_nl": "Directeur", "organisation": "Enabel – Belgian development agency"
        }
      ],
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
An organisation's `name` and `short_name` and a speaker's `function` are the English
ones; `name_fr`, `name_nl`, `short_name_fr`, `short_name_nl`, `function_fr` and
`function_nl` came later, in the same version 1: a file without them still imports
(nothing in French or Dutch, pages fall back to English).
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

These names are the format's: the export writes records with `encode_session`, and the
import compares sessions by the same records (`session_key`), so both agree on what a
session in the file is.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import limits
from ...extensions import db
from ...models import LANGUAGES, Event, Session, SessionSpeaker
from ..services import ProgrammeError

FORMAT = "eventapp-programme"
VERSION = 1

SECTIONS = ("rooms", "organisations", "speakers", "sessions")
TITLE_KEYS = tuple(f"title_{lang}" for lang in LANGUAGES)
DESCRIPTION_KEYS = tuple(f"description_{lang}" for lang in LANGUAGES)
# The English one under its first name, then French and Dutch (`Translated` models).
ORGANISATION_KEYS = (
    "name",
    "name_fr",
    "name_nl",
    "short_name",
    "short_name_fr",
    "short_name_nl",
)
FUNCTION_KEYS = ("function", "function_fr", "function_nl")
# A name is unique within its section; its longest length is its column's.
NAME_LENGTH = {
    "rooms": limits.ROOM_NAME,
    "organisations": limits.ORGANISATION_NAME,
    "speakers": limits.SPEAKER_NAME,
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


def printable(text: str) -> str:
    """Report text that can be shown: a lone surrogate from the file would break the page."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def sessions_of(event: Event) -> list[Session]:
    """The event's sessions with everything their records hold, in a fixed number of
    queries."""
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


def session_values(session: Session) -> dict:
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


def encode_session(values: dict) -> dict:
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


def session_key(values: dict) -> str:
    """Two sessions are the same session when every field of their records is equal."""
    return json.dumps(encode_session(values), ensure_ascii=False, sort_keys=True)
