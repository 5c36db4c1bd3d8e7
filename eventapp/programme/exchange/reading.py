"""Reading an uploaded programme file into records, before it meets the event.

The file's structure is checked here: its encoding and JSON syntax (a key given twice
or NaN is refused, not silently read), its format and version, the fields of every
record (`values.py` reads each value) and what a session must be on its own (an end
after its start, a title, an audience that lists what it names). Every problem is
reported, record by record; a record with one is left out, so that the checks against
the event's programme (`importing.py`) run on the rest and report their problems too.
"""

import json
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ... import limits
from ...models import (
    AudienceKind,
    DiplomatFunction,
    OrganisationKind,
    Region,
    SessionKind,
    SessionStatus,
    Visibility,
)
from .format import (
    DESCRIPTION_KEYS,
    FORMAT,
    NAME_LENGTH,
    SECTIONS,
    TITLE_KEYS,
    VERSION,
    ImportRejected,
)
from .values import MISSING, Record, ValueReader, shown, type_name


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


class _BadConstant(ValueError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


@dataclass
class Parsed:
    """The file's records that are sound on their own, by section."""

    rooms: list[Record] = field(default_factory=list)
    organisations: list[Record] = field(default_factory=list)
    speakers: list[Record] = field(default_factory=list)
    sessions: list[Record] = field(default_factory=list)
    # Every name the file gives a room, organisation or speaker, valid record or not,
    # so that a broken record is reported once, not again by everything pointing at it.
    names: dict[str, set[str]] = field(default_factory=dict)


def read(text: str | bytes) -> tuple["Reader", Parsed]:
    """The file's records, each read and checked on its own, and the reader holding the
    problems found so far.

    Raises ImportRejected when the file cannot be read as a programme at all (not UTF-8,
    not JSON, another format or version).
    """
    reader = Reader()
    document = reader.document(text)
    if document is None:
        raise ImportRejected(reader.rows)
    parsed = reader.programme(document)
    if parsed is None:
        raise ImportRejected(reader.rows)
    return reader, parsed


class Reader(ValueReader):
    """Reads a file into records of typed values, collecting every problem."""

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
                    found=type_name(document),
                ),
            )
            return None
        return document

    def programme(self, document: dict) -> Parsed | None:
        where = _("the file")
        file_format = document.get("format", MISSING)
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
        version = document.get("version", MISSING)
        if version is MISSING:
            self.problem(where, "version", _("This field is required."))
            return None
        if type(version) is not int or version != VERSION:
            self.problem(
                where,
                "version",
                _(
                    "This eventapp reads version %(version)d of the format, not %(found)s.",
                    version=VERSION,
                    found=shown(version),
                ),
            )
            return None
        self._unknown_keys(where, document, ("format", "version", "event", *SECTIONS))
        if "event" in document:
            self._event(document["event"])
        parsed = Parsed()
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
                record = Record(section, index, _record_label(section, index, name))
                if read(record, item):
                    getattr(parsed, section).append(record)
        return parsed

    def _event(self, value) -> None:
        where = "event"
        if not isinstance(value, dict):
            self._expect(where, "", value, _("an object"), stop=False)
            return
        record = Record("event", 0, where)
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

    def _room(self, record: Record, data: dict) -> bool:
        where = record.label
        return self._fields(
            record,
            data,
            {
                "name": lambda: self._name(where, data, "rooms"),
                "capacity": lambda: self._integer(
                    where, data, "capacity", maximum=limits.CAPACITY, required=True
                ),
                "notes": lambda: self._text(
                    where, data, "notes", max_length=limits.NOTES, nullable=False, default=""
                ),
            },
        )

    def _organisation(self, record: Record, data: dict) -> bool:
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
                    max_length=limits.ORGANISATION_SHORT_NAME,
                    nullable=False,
                    default="",
                ),
                "kind": lambda: self._choice(where, data, "kind", OrganisationKind, required=True),
            }
            | self._translations(
                where,
                data,
                {
                    "name_fr": limits.ORGANISATION_NAME,
                    "name_nl": limits.ORGANISATION_NAME,
                    "short_name_fr": limits.ORGANISATION_SHORT_NAME,
                    "short_name_nl": limits.ORGANISATION_SHORT_NAME,
                },
            ),
        )

    def _speaker(self, record: Record, data: dict) -> bool:
        where = record.label
        return self._fields(
            record,
            data,
            {
                "name": lambda: self._name(where, data, "speakers"),
                "function": lambda: self._text(
                    where,
                    data,
                    "function",
                    max_length=limits.SPEAKER_FUNCTION,
                    nullable=False,
                    default="",
                ),
                "organisation": lambda: self._text(
                    where,
                    data,
                    "organisation",
                    max_length=NAME_LENGTH["organisations"],
                    nullable=True,
                ),
            }
            | self._translations(
                where,
                data,
                {"function_fr": limits.SPEAKER_FUNCTION, "function_nl": limits.SPEAKER_FUNCTION},
            ),
        )

    def _translations(self, where, data: dict, lengths: dict[str, int]) -> dict:
        """Readers of the French and Dutch fields of a record: optional, null or text."""
        return {
            key: (lambda key=key, longest=longest: self._text(where, data, key, max_length=longest))
            for key, longest in lengths.items()
        }

    def _session(self, record: Record, data: dict) -> bool:
        where = record.label
        readers = {
            key: (lambda key=key: self._text(where, data, key, max_length=limits.SESSION_TITLE))
            for key in TITLE_KEYS
        }
        readers |= {
            key: (
                lambda key=key: self._text(where, data, key, max_length=limits.SESSION_DESCRIPTION)
            )
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
                where, data, "capacity", maximum=limits.CAPACITY, nullable=True
            ),
            "signup_required": lambda: self._boolean(where, data, "signup_required"),
            "parallel_group": lambda: self._text(
                where,
                data,
                "parallel_group",
                max_length=limits.PARALLEL_GROUP,
                nullable=True,
                blank=False,
            ),
            "sequence": lambda: self._integer(
                where, data, "sequence", maximum=limits.SEQUENCE, default=0
            ),
            "first_published_at": lambda: self._moment(
                where, data, "first_published_at", nullable=True
            ),
        }
        if not self._fields(record, data, readers):
            return False
        return self._session_rules(record)

    def _session_rules(self, record: Record) -> bool:
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


def _non_blank(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
