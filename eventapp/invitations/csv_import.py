"""Reading a CSV file of heads of post to invite, and saying what is wrong with it.

Pure: bytes in, a `Preview` out (the valid rows and one `Problem` per thing to fix),
no database and no request needed, so every rule is easy to test on its own. Whether
an address already has an account is the database's business: `without_taken` takes
the taken addresses and turns those rows into problems.

The file: a header row, then one person a row. Columns (any order, any case; extra
columns are ignored): first name, last name, e-mail, function, post city, post country,
region, language. Separated by `,` or `;` (what Excel writes in Belgium), UTF-8 with or
without a byte-order mark. Function, region and language are codes
(`consul_general`, `africa`, `fr`) or their English labels, in any case.
"""

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import limits
from ..models import DiplomatFunction, Language, Region, normalise_email

COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "function",
    "post_city",
    "post_country",
    "region",
    "language",
)
# The header names as the file must spell them (in English, whatever the page's language:
# they are part of the file format, like the codes in the cells).
COLUMN_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "email": "e-mail",
    "function": "function",
    "post_city": "post city",
    "post_country": "post country",
    "region": "region",
    "language": "language",
}
# The columns' sizes in the database: a longer value is reported, never cut.
MAX_LENGTHS = {
    "first_name": limits.PERSON_NAME,
    "last_name": limits.PERSON_NAME,
    "email": limits.EMAIL,
    "post_city": limits.POST_PLACE,
    "post_country": limits.POST_PLACE,
}
# Far more heads of post than Belgium has; keeps the preview page and its signed
# payload a reasonable size.
MAX_ROWS = 2000

# How people write the column names in a spreadsheet, once normalised by `_key`.
HEADER_ALIASES = {
    "first name": "first_name",
    "firstname": "first_name",
    "given name": "first_name",
    "last name": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "family name": "last_name",
    "email": "email",
    "e mail": "email",
    "email address": "email",
    "e mail address": "email",
    "mail": "email",
    "function": "function",
    "post city": "post_city",
    "city": "post_city",
    "post country": "post_country",
    "country": "post_country",
    "region": "region",
    "language": "language",
}
# Language names in English, besides the codes and the languages' own names.
LANGUAGE_NAMES = {"english": Language.EN, "french": Language.FR, "dutch": Language.NL}


@dataclass(frozen=True)
class Invitee:
    """One head of post to invite: what the organizer gives, checked and normalised."""

    first_name: str
    last_name: str
    email: str
    function: DiplomatFunction
    post_city: str
    post_country: str
    region: Region
    language: str

    def as_dict(self) -> dict[str, str]:
        return {name: str(value) for name, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict) -> "Invitee":
        """The invitee `as_dict` gave; raises ValueError (or TypeError) if it is not one."""
        return cls(
            first_name=str(values["first_name"]),
            last_name=str(values["last_name"]),
            email=normalise_email(str(values["email"])),
            function=DiplomatFunction(values["function"]),
            post_city=str(values["post_city"]),
            post_country=str(values["post_country"]),
            region=Region(values["region"]),
            language=Language(values["language"]).value,
        )


@dataclass(frozen=True)
class ValidRow:
    line: int
    invitee: Invitee


@dataclass(frozen=True)
class Problem:
    """Something to fix in the file: where (line, column key or "") and why."""

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


@dataclass(frozen=True)
class FileFormat:
    """What a file of people to invite holds, for `read_file`: its columns (in the
    order problems are reported), their header names as the file spells them, the names
    people give them (`HEADER_ALIASES`), the longest values, and the import's classes.
    Serves the partners' import too (eventapp/partners/csv_import.py), whose classes
    are its own with the same fields."""

    columns: tuple[str, ...]
    labels: dict[str, str]
    aliases: dict[str, str]
    max_lengths: dict[str, int]
    problem: type
    row: type
    preview: type


FORMAT = FileFormat(COLUMNS, COLUMN_LABELS, HEADER_ALIASES, MAX_LENGTHS, Problem, ValidRow, Preview)


def read_invitees(data: bytes) -> Preview:
    """Parse and check a CSV file; never raises for anything the file holds."""
    lookups = _lookups()
    return read_file(data, FORMAT, lambda line, values: _check_row(line, values, lookups))


def read_file(data: bytes, file_format: FileFormat, check_row):
    """Parse a CSV file of people to invite and check it; never raises for anything the
    file holds. `check_row(line, values)` checks one row (column key -> text, stripped)
    and gives (the invitee, []) or (None, its problems); this adds those of the file
    (encoding, header, size, an address twice)."""
    problem_class, preview = file_format.problem, file_format.preview()
    text, problem = _decode(data)
    if problem:
        preview.problems.append(problem_class(problem.line, "", problem.reason))
        return preview
    lines = text.splitlines()
    header_line = next((number for number, line in enumerate(lines, 1) if line.strip()), None)
    if header_line is None:
        preview.problems.append(problem_class(None, "", _("The file is empty.")))
        return preview
    delimiter = _delimiter(lines[header_line - 1])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = _read_header(reader, preview, file_format)
        if columns is not None:
            _read_rows(reader, columns, preview, file_format, check_row)
    except csv.Error as error:
        preview.problems.append(
            problem_class(
                reader.line_num or None,
                "",
                _("The file could not be read as CSV here (%(error)s).", error=str(error)),
            )
        )
        preview.rows = []
    if not preview.rows and not preview.problems:
        preview.problems.append(
            problem_class(None, "", _("The file has a header row but nobody to invite below it."))
        )
    return preview


def check_cells(line: int, values: dict[str, str], file_format: FileFormat) -> list:
    """The problems of a row's values on their own: missing, unstorable, too long."""
    problem_class, max_lengths = file_format.problem, file_format.max_lengths
    problems = []
    for column in file_format.columns:
        value = values[column]
        if not value:
            problems.append(problem_class(line, column, _("This value is missing.")))
        elif "\x00" in value:
            problems.append(
                problem_class(
                    line,
                    column,
                    _("Contains a character that cannot be stored (NUL or a lone surrogate)."),
                )
            )
        elif column in max_lengths and len(value) > max_lengths[column]:
            problems.append(
                problem_class(
                    line,
                    column,
                    _(
                        "Too long: %(length)d characters, at most %(max)d.",
                        length=len(value),
                        max=max_lengths[column],
                    ),
                )
            )
    return problems


def without_taken(preview: Preview, taken: set[str], problem=Problem) -> Preview:
    """The preview with the rows whose address already has an account moved to problems.

    Also serves the partners' import (eventapp/partners/csv_import.py), whose preview and
    problems are its own classes with the same fields: `problem` is that class, and the
    preview returned is of the class given.
    """
    kept, problems = [], list(preview.problems)
    for row in preview.rows:
        if row.invitee.email in taken:
            problems.append(
                problem(
                    row.line,
                    "email",
                    _(
                        "%(email)s already has an account here (invited before, or an organizer).",
                        email=row.invitee.email,
                    ),
                )
            )
        else:
            kept.append(row)
    problems.sort(key=lambda found: found.line or 0)
    return type(preview)(rows=kept, problems=problems)


def check_email(value: str) -> str | None:
    """Why `value` is not an e-mail address we can write to, or None if it is one."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return _("“%(value)s” is not a valid e-mail address.", value=value)
    return None


# Reading


def _decode(data: bytes) -> tuple[str, Problem | None]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", Problem(
            line,
            "",
            _(
                "The file is not in UTF-8 (the first problem is on line %(line)d). In Excel, "
                "save it with “CSV UTF-8 (comma delimited)”; in LibreOffice, choose the "
                "character set “Unicode (UTF-8)”.",
                line=line,
            ),
        )


def _delimiter(header: str) -> str:
    # Excel writes ";" where the decimal separator is a comma (Belgium), "," elsewhere.
    return ";" if header.count(";") > header.count(",") else ","


def _read_header(reader, preview, file_format: FileFormat) -> dict[str, int] | None:
    """Column key -> position, from the first non-empty row; None if columns are missing."""
    problem_class, labels = file_format.problem, file_format.labels
    for cells in reader:
        if any(cell.strip() for cell in cells):
            break
    else:
        return None
    line = reader.line_num
    columns: dict[str, int] = {}
    for position, cell in enumerate(cells):
        column = file_format.aliases.get(_key(cell))
        if column is None:
            continue
        if column in columns:
            preview.problems.append(
                problem_class(line, column, _("The header names this column twice."))
            )
        columns.setdefault(column, position)
    for column in file_format.columns:
        if column not in columns:
            preview.problems.append(
                problem_class(
                    line,
                    column,
                    _(
                        "The header row has no “%(column)s” column. Expected: %(expected)s.",
                        column=labels[column],
                        expected=", ".join(labels[name] for name in file_format.columns),
                    ),
                )
            )
    return None if preview.problems else columns


def _read_rows(reader, columns: dict[str, int], preview, file_format: FileFormat, check_row):
    problem_class = file_format.problem
    first_line_of: dict[str, int] = {}
    end_of_previous = reader.line_num
    count = 0
    for cells in reader:
        line = end_of_previous + 1  # a quoted value may span lines: report where it starts
        end_of_previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets leave rows of empty cells at the end
        count += 1
        if count > MAX_ROWS:
            preview.problems.append(
                problem_class(
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
        invitee, problems = check_row(line, values)
        if invitee is not None:
            first = first_line_of.setdefault(invitee.email, line)
            if first != line:
                invitee = None
                problems.append(
                    problem_class(
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
        if invitee is None:
            preview.problems.extend(problems)
        else:
            preview.rows.append(file_format.row(line, invitee))


def _check_row(line: int, values: dict[str, str], lookups) -> tuple[Invitee | None, list]:
    problems = check_cells(line, values, FORMAT)
    chosen = {}
    for column, (lookup, known) in lookups.items():
        value = values[column]
        if not value:
            continue
        chosen[column] = lookup.get(_key(value))
        if chosen[column] is None:
            problems.append(
                Problem(
                    line,
                    column,
                    _(
                        "Unknown value “%(value)s”. Use one of: %(known)s.",
                        value=value,
                        known=known,
                    ),
                )
            )
    email = values["email"]
    if email and len(email) <= MAX_LENGTHS["email"]:
        reason = check_email(email)
        if reason:
            problems.append(Problem(line, "email", reason))
    if problems:
        problems.sort(key=lambda problem: COLUMNS.index(problem.column))
        return None, problems
    return (
        Invitee(
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=normalise_email(email),
            function=chosen["function"],
            post_city=values["post_city"],
            post_country=values["post_country"],
            region=chosen["region"],
            language=chosen["language"].value,
        ),
        [],
    )


def _lookups():
    """For function, region and language: normalised code or label -> member, and a hint."""
    lookups = {}
    for column, enum_class in (
        ("function", DiplomatFunction),
        ("region", Region),
        ("language", Language),
    ):
        lookup = {}
        # The labels in English whatever the organizer's language: the file is the same
        # for everyone.
        with force_locale("en"):
            for member in enum_class:
                lookup[_key(member.value)] = member
                lookup[_key(str(member.label))] = member
        if enum_class is Language:
            lookup.update({_key(name): member for name, member in LANGUAGE_NAMES.items()})
        known = ", ".join(member.value for member in enum_class)
        lookups[column] = (lookup, known)
    return lookups


def _key(text: str) -> str:
    """'  Chargé d’Affaires ' -> "charge d'affaires"; 'consul_general' -> 'consul general'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("’", "'").replace("‘", "'").casefold()
    return re.sub(r"[\s_\-./]+", " ", text).strip()
