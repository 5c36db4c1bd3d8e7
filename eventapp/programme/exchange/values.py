"""Reading one value of an uploaded file: typed, checked, or reported.

A file is read to the end whatever is wrong with it, so that its author can fix every
problem at once: each reader below either returns the value in the app's terms (an
enumeration member, a UTC datetime, a normalised e-mail address) or adds a report row
saying why it cannot, and raises `Invalid` so that the record it belongs to is left out.
Texts are checked against the columns' sizes (`eventapp.limits`) and for characters no
database stores, so that the import refuses with a message rather than failing.
"""

import contextlib
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum

from flask_babel import gettext as _

from ... import limits
from ...models import SpeakerRole, normalise_email
from .format import NAME_LENGTH, ReportRow, printable

# A key the file leaves out, as against one it gives as null.
MISSING = object()


class Invalid(Exception):
    """A value that could not be read; its problem is already in the report."""


@dataclass
class Record:
    """One record of the file (a room, an organisation, a speaker, a session)."""

    section: str
    index: int
    label: str
    values: dict = field(default_factory=dict)
    # False once a check against the event's programme found it wrong.
    ok: bool = True


class ValueReader:
    """Reads values into typed ones, collecting every problem rather than stopping."""

    def __init__(self):
        self.rows: list[ReportRow] = []

    def problem(self, record: str, field_name: str, reason: str) -> None:
        self.rows.append(ReportRow(printable(record), printable(field_name), printable(reason)))

    def _fields(self, record: Record, data: dict, readers: dict) -> bool:
        problems = len(self.rows)
        self._unknown_keys(record.label, data, tuple(readers))
        for key, read in readers.items():
            with contextlib.suppress(Invalid):
                record.values[key] = read()
        return len(self.rows) == problems

    def _unknown_keys(self, where: str, data: dict, known: tuple[str, ...]) -> None:
        for key in data:
            if key not in known:
                self.problem(where, key, _("Unknown field: this format has no such field."))

    # Values: each returns the typed value, or raises Invalid after reporting why.

    def _get(self, where, data, key, *, required=False, nullable=False, default=None):
        """The raw value, or MISSING when the default applies."""
        value = data.get(key, MISSING)
        if value is MISSING:
            if required:
                self._fail(where, key, _("This field is required."))
            return MISSING
        if value is None and not nullable:
            self._fail(where, key, _("This field cannot be null."))
        return value

    def _fail(self, where: str, key: str, reason: str):
        self.problem(where, key, reason)
        raise Invalid

    def _expect(self, where, key, value, expected: str, *, stop=True):
        self.problem(
            where,
            key,
            _(
                "Expected %(expected)s, found %(found)s.",
                expected=expected,
                found=type_name(value),
            ),
        )
        if stop:
            raise Invalid

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
        if value is MISSING:
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

    def _integer(self, where, data, key, *, maximum, required=False, nullable=False, default=None):
        value = self._get(where, data, key, required=required, nullable=nullable)
        if value is MISSING:
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
        if value is MISSING:
            return False
        if not isinstance(value, bool):
            self._expect(where, key, value, _("true or false"))
        return value

    def _choice(self, where, data, key, enum_class: type[Enum], *, required=False, default=None):
        value = self._get(where, data, key, required=required)
        if value is MISSING:
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
                value=shown(value),
                allowed=", ".join(allowed),
            ),
        )

    def _list(self, where, data, key) -> list:
        value = self._get(where, data, key)
        if value is MISSING:
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
            except Invalid:
                failed = True
                continue
            if member in members:
                failed = True
                self.problem(where, f"{key}[{index}]", _("Listed twice."))
            members.append(member)
        if failed:
            raise Invalid
        return members

    def _names(self, where, data, key, *, max_length) -> list[str]:
        names = []
        failed = False
        for index, value in enumerate(self._list(where, data, key)):
            try:
                name = self._checked_text(
                    where, f"{key}[{index}]", value, max_length=max_length, blank=False
                )
            except Invalid:
                failed = True
                continue
            if name in names:
                failed = True
                self.problem(where, f"{key}[{index}]", _("Listed twice."))
            names.append(name)
        if failed:
            raise Invalid
        return names

    def _emails(self, where, data, key) -> list[str]:
        emails = []
        for index, email in enumerate(self._names(where, data, key, max_length=limits.EMAIL)):
            email = normalise_email(email)
            if email in emails:  # the same address in another case
                self._fail(where, f"{key}[{index}]", _("Listed twice."))
            emails.append(email)
        return emails

    def _name(self, where, data, section) -> str:
        value = self._get(where, data, "name", required=True)
        return self._checked_text(
            where, "name", value, max_length=NAME_LENGTH[section], blank=False
        )

    def _session_speakers(self, where, data) -> list[tuple[str, SpeakerRole]]:
        speakers = []
        failed = False
        for index, item in enumerate(self._list(where, data, "speakers")):
            key = f"speakers[{index}]"
            try:
                name, role = self._within(key, lambda item=item: self._session_speaker(where, item))
            except Invalid:
                failed = True
                continue
            if name in [known for known, _role in speakers]:
                failed = True
                self.problem(where, f"{key}.name", _("This speaker is listed twice."))
                continue
            speakers.append((name, role))
        if failed:
            raise Invalid
        return speakers

    def _session_speaker(self, where, item) -> tuple[str, SpeakerRole]:
        if not isinstance(item, dict):
            self._expect(where, "", item, _("an object"))
        record = Record("speakers", 0, where)
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
            raise Invalid
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
        if value is MISSING or value is None:
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
                    value=shown(value),
                ),
            )
        if moment.tzinfo is None or moment.utcoffset() is None:
            self._fail(
                where,
                key,
                _(
                    "%(value)s has no time zone; add Z for UTC, e.g. 2026-02-02T08:30:00Z.",
                    value=shown(value),
                ),
            )
        return moment.astimezone(UTC)

    def _day(self, where, data, key) -> date | None:
        value = self._get(where, data, key, nullable=False)
        if value is MISSING:
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
                    value=shown(value),
                ),
            )

    # Against the event's programme


def type_name(value) -> str:
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


def shown(value) -> str:
    """A value from the file, quoted and cut short, for a report."""
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:59] + "…"
        return f"“{text}”"
    text = json.dumps(value, ensure_ascii=False) if value is not MISSING else "—"
    return text if len(text) <= 60 else text[:59] + "…"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
