"""Reading a CSV file of partner representatives to invite, and saying what is wrong
with it.

Pure apart from the catalogue it is given: bytes and the edition's organisations in, a
`Preview` out (the valid rows, one `Problem` per thing to fix). It reads files the way
the heads of post's import does (eventapp/invitations/csv_import.py: UTF-8 with or
without a byte-order mark, `,` or `;`, header names in any case and order): its
`read_file` reads them, this module says what a row must hold.

Columns: e-mail, first name, last name, language, organisation (its name or short name
in the catalogue, in any of its languages, any case, accents ignored).
"""

from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _

from .. import limits
from ..invitations import csv_import as invitations_csv
from ..invitations.csv_import import LANGUAGE_NAMES, FileFormat, _key, check_cells, check_email
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


FORMAT = FileFormat(COLUMNS, COLUMN_LABELS, HEADER_ALIASES, MAX_LENGTHS, Problem, ValidRow, Preview)


def read_partners(data: bytes, organisations) -> Preview:
    """Parse and check a CSV file; never raises for anything the file holds."""
    languages = {_key(member.value): member for member in Language}
    languages.update({_key(name): member for name, member in LANGUAGE_NAMES.items()})
    lookup = organisation_lookup(organisations)
    return invitations_csv.read_file(
        data, FORMAT, lambda line, values: _check_row(line, values, languages, lookup)
    )


def without_taken(preview: Preview, taken: set[str]) -> Preview:
    """The preview with the rows whose address already has an account moved to problems
    (the heads of post's import's rule, with this module's problems)."""
    return invitations_csv.without_taken(preview, taken, problem=Problem)


def _check_row(
    line: int, values: dict[str, str], languages: dict, organisations: dict
) -> tuple[PartnerInvitee | None, list[Problem]]:
    problems = check_cells(line, values, FORMAT)
    email = values["email"]
    if email and "\x00" not in email and len(email) <= MAX_LENGTHS["email"]:
        reason = check_email(email)
        if reason:
            problems.append(Problem(line, "email", reason))
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
    if problems:
        problems.sort(key=lambda problem: COLUMNS.index(problem.column))
        return None, problems
    invitee = PartnerInvitee(
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=normalise_email(email),
        language=language.value,
        organisation_id=organisation_id,
    )
    return invitee, []
