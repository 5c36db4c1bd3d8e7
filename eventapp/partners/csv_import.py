"""Reading a CSV file of partner representatives to invite, and saying what is wrong
with it.

Pure apart from the catalogue it is given: bytes and the edition's organisations in, a
`Preview` out (the valid rows, one `Problem` per thing to fix). It reads files the way
the heads of post's import does (eventapp/invitations/csv_import.py: UTF-8 with or
without a byte-order mark, `,` or `;`, header names in any case and order) and reuses
its helpers.

Columns: e-mail, first name, last name, language, organisation (its name or short name
in the catalogue, in any of its languages, any case, accents ignored).
"""

import csv
import io
from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _

from .. import limits
from ..invitations import csv_import as invitations_csv
from ..invitations.csv_import import (
    LANGUAGE_NAMES,
    MAX_ROWS,
    _decode,
    _delimiter,
    _key,
    check_email,
)
from ..models import Language, normalise_email

COLUMNS = ("email", "first_name", "last_name", "language", "organisation")
# The header names as the file must spell them (part of the file format: English).
COLUMN_LABELS = {
    "email": "e-mail",
    "first_name": "first name",
    "last_name": "last name",
    "language": "language",
    "organisation": "organisation",
}
MAX_LENGTHS = {
    "first_name": limits.PERSON_NAME,
    "last_name": limits.PERSON_NAME,
    "email": limits.EMAIL,
}
HEADER_ALIASES = {
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "e mail address": "email",
    "mail": "email",
    "first name": "first_name",
    "firstname": "first_name",
    "given name": "first_name",
    "last name": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "family name": "last_name",
    "language": "language",
    "organisation": "organisation",
    "organization": "organisation",
    "company": "organisation",
}


@dataclass(frozen=True)
class PartnerInvitee:
    """One partner representative to invite, checked and normalised."""

    first_name: str
    last_name: str
    email: str
    language: str
    organisation_id: int

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "PartnerInvitee":
        """The invitee `as_dict` gave; raises ValueError (or TypeError, KeyError)."""
        return cls(
            first_name=str(values["first_name"]),
            last_name=str(values["last_name"]),
            email=normalise_email(str(values["email"])),
            language=Language(values["language"]).value,
            organisation_id=int(values["organisation_id"]),
        )


@dataclass(frozen=True)
class ValidRow:
    line: int
    invitee: PartnerInvitee


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    reason: str

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column, "")


@dataclass
class Preview:
    rows: list[ValidRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def emails(self) -> set[str]:
        return {row.invitee.email for row in self.rows}


def organisation_lookup(organisations) -> dict[str, int | None]:
    """Normalised name or short name (any language) -> organisation id; None when two
    organisations answer to the same name (the file must then use the full name)."""
    lookup: dict[str, int | None] = {}
    for organisation in organisations:
        names = {
            getattr(organisation, f"{name}_{language}", None)
            for name in ("name", "short_name")
            for language in ("en", "fr", "nl")
        }
        for name in filter(None, names):
            key = _key(name)
            known = lookup.get(key, organisation.id)
            lookup[key] = organisation.id if known == organisation.id else None
    return lookup


def read_partners(data: bytes, organisations) -> Preview:
    """Parse and check a CSV file; never raises for anything the file holds."""
    text, problem = _decode(data)
    if problem:
        return Preview(problems=[Problem(problem.line, "", problem.reason)])
    rows = text.splitlines()
    header_at = next((number for number, line in enumerate(rows) if line.strip()), None)
    if header_at is None:
        return Preview(problems=[Problem(None, "", _("The file is empty."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(rows[header_at]))
    preview = Preview()
    try:
        columns = _read_header(reader, preview)
        if columns is not None:
            _read_rows(reader, columns, organisation_lookup(organisations), preview)
    except csv.Error as error:
        preview.problems.append(
            Problem(
                reader.line_num or None,
                "",
                _("The file could not be read as CSV here (%(error)s).", error=str(error)),
            )
        )
        preview.rows = []
    if not preview.rows and not preview.problems:
        preview.problems.append(
            Problem(None, "", _("The file has a header row but nobody to invite below it."))
        )
    return preview


def without_taken(preview: Preview, taken: set[str]) -> Preview:
    """The preview with the rows whose address already has an account moved to problems
    (the heads of post's import's rule, with this module's problems)."""
    return invitations_csv.without_taken(preview, taken, problem=Problem)


def _read_header(reader, preview: Preview) -> dict[str, int] | None:
    for cells in reader:
        if any(cell.strip() for cell in cells):
            break
    else:
        return None
    line = reader.line_num
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        column = HEADER_ALIASES.get(_key(cell))
        if column is None:
            continue
        if column in columns:
            preview.problems.append(Problem(line, column, _("The header names this column twice.")))
        columns.setdefault(column, position)
    for column in COLUMNS:
        if column not in columns:
            preview.problems.append(
                Problem(
                    line,
                    column,
                    _(
                        "The header row has no “%(column)s” column. Expected: %(expected)s.",
                        column=COLUMN_LABELS[column],
                        expected=", ".join(COLUMN_LABELS[name] for name in COLUMNS),
                    ),
                )
            )
    return None if preview.problems else columns


def _read_rows(reader, columns, organisations: dict, preview: Preview) -> None:
    languages = {_key(member.value): member for member in Language}
    languages.update({_key(name): member for name, member in LANGUAGE_NAMES.items()})
    first_line_of: dict[str, int] = {}
    end_of_previous = reader.line_num
    count = 0
    for cells in reader:
        line = end_of_previous + 1
        end_of_previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            preview.problems.append(
                Problem(
                    line,
                    "",
                    _(
                        "The file has more than %(count)d people; split it into smaller files.",
                        count=MAX_ROWS,
                    ),
                )
            )
            preview.rows = []
            return
        values = {
            column: cells[position].strip() if position < len(cells) else ""
            for column, position in columns.items()
        }
        problems = _check_row(line, values)
        language = languages.get(_key(values["language"]))
        if values["language"] and language is None:
            problems.append(
                Problem(
                    line,
                    "language",
                    _(
                        "Unknown value “%(value)s”. Use one of: %(known)s.",
                        value=values["language"],
                        known="fr, nl, en",
                    ),
                )
            )
        organisation_id = organisations.get(_key(values["organisation"]))
        if values["organisation"] and organisation_id is None:
            problems.append(
                Problem(
                    line,
                    "organisation",
                    _(
                        "“%(value)s” is not an organisation of this edition's catalogue "
                        "(or names several): write its full name as the catalogue does.",
                        value=values["organisation"],
                    ),
                )
            )
        email = normalise_email(values["email"]) if values["email"] else ""
        if not problems:
            first = first_line_of.setdefault(email, line)
            if first != line:
                problems.append(
                    Problem(
                        line,
                        "email",
                        _(
                            "%(email)s is already on line %(first)d of this file; only line "
                            "%(first)d is kept.",
                            email=values["email"],
                            first=first,
                        ),
                    )
                )
        if problems:
            problems.sort(key=lambda problem: COLUMNS.index(problem.column))
            preview.problems.extend(problems)
            continue
        preview.rows.append(
            ValidRow(
                line,
                PartnerInvitee(
                    first_name=values["first_name"],
                    last_name=values["last_name"],
                    email=email,
                    language=language.value,
                    organisation_id=organisation_id,
                ),
            )
        )


def _check_row(line: int, values: dict[str, str]) -> list[Problem]:
    problems = []
    for column in COLUMNS:
        value = values[column]
        if not value:
            problems.append(Problem(line, column, _("This value is missing.")))
        elif "\x00" in value:
            problems.append(
                Problem(
                    line,
                    column,
                    _("Contains a character that cannot be stored (NUL or a lone surrogate)."),
                )
            )
        elif column in MAX_LENGTHS and len(value) > MAX_LENGTHS[column]:
            problems.append(
                Problem(
                    line,
                    column,
                    _(
                        "Too long: %(length)d characters, at most %(max)d.",
                        length=len(value),
                        max=MAX_LENGTHS[column],
                    ),
                )
            )
    email = values["email"]
    if email and "\x00" not in email and len(email) <= MAX_LENGTHS["email"]:
        reason = check_email(email)
        if reason:
            problems.append(Problem(line, "email", reason))
    return problems
