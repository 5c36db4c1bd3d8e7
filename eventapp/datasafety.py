"""Data safety: the whole database to one JSON archive and back, and the GDPR purge.

`export_data` / `import_data` carry every table of the models' metadata (reflected, so a
new table or column is carried without a change here), in dependency order, all columns.
`purge_personal_data` anonymises diplomats after the event and keeps what the aggregate
figures need (statuses, days, functions, regions, sign-ups, arrivals counted per day,
function and region); who arrived when and the badge codes go. Partner representatives
are anonymised like diplomats (their organisation, sectors and countries stay); meetings
keep who met whom (anonymised), status, window, slot and table, so the counts per status,
window and person stay, but lose their subject, note and answer's words. Briefing
documents (an organizer's work, like the programme) stay with their versions and their
download counts; who downloaded them (`user_id`) and when each diplomat last looked
(`document_visits`) go.
"""

import base64
import enum
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import TypeDecorator, case, func, insert, or_, select, text, update

from .extensions import db
from .models import (
    ArrivalCount,
    AuditLog,
    CheckIn,
    DiplomatProfile,
    Document,
    DocumentDownload,
    DocumentVisit,
    Event,
    Invitation,
    MailStatus,
    Meeting,
    OutboxMail,
    PartnerProfile,
    Registration,
    RegistrationDay,
    Role,
    Session,
    SessionChange,
    SessionCheckIn,
    User,
    utcnow,
)
from .programme.agenda import ATTENDING
from .unit_of_work import unit_of_work

ARCHIVE_FORMAT = "eventapp-data"
FORMAT_VERSION = 1
INSERT_BATCH = 500

# What each schema revision added to the one before, and nothing else: a table or a
# column that an earlier archive lacks and is restored empty (tables) or with its
# default (columns: NULL, or the default of a NOT NULL one).
ADDED_IN = {
    # The door (0009): check-ins and badge codes.
    "0009": {
        "tables": {"check_ins", "session_check_ins", "arrival_counts"},
        "columns": {
            "registrations": {"badge_seed", "badge_code_hash"},
            "outbox_mails": {"badge_registration_id"},
        },
    },
    # Bilateral meetings (0010): partners' profiles, windows, meetings; heads of post's
    # opt-in and the edition's limits.
    "0010": {
        "tables": {"partner_profiles", "meeting_windows", "meetings", "meeting_request_windows"},
        "columns": {
            "registrations": {"accepts_meetings", "meeting_topics", "meeting_sectors"},
            "events": {
                "meeting_requests_per_partner",
                "meetings_per_diplomat_per_day",
                "meetings_per_partner_per_day",
            },
        },
    },
    # Briefing documents (0011): documents, their versions, downloads and visits.
    "0011": {
        "tables": {"documents", "document_versions", "document_downloads", "document_visits"},
        "columns": {},
    },
}


def _added_since() -> dict[tuple[str, str], dict]:
    """Archives written at an earlier revision that later ones only added to, by
    (archive's revision, database's revision): what the archive lacks. An archive of
    0008 has no check-ins, no meetings and no documents."""
    revisions = ["0008", *ADDED_IN]
    pairs = {}
    for start, older in enumerate(revisions):
        for newer in revisions[start + 1 :]:
            steps = [ADDED_IN[r] for r in revisions[start + 1 : revisions.index(newer) + 1]]
            columns: dict[str, set[str]] = {}
            for step in steps:
                for table, names in step["columns"].items():
                    columns.setdefault(table, set()).update(names)
            pairs[(older, newer)] = {
                "tables": set().union(*(step["tables"] for step in steps)),
                "columns": columns,
            }
    return pairs


ADDED_SINCE = _added_since()
NOTHING_ADDED = {"tables": set(), "columns": {}}


class DataSafetyError(Exception):
    """An export, import or purge refused, with a message for the person running it."""


# Export and import


def schema_revision() -> str | None:
    """The Alembic revision the database is at.

    A database built by `db.create_all()` (tests, never production) has no
    alembic_version table: it matches the models, that is the newest revision.
    """
    revision = MigrationContext.configure(db.session.connection()).get_current_revision()
    if revision is None:
        directory = current_app.extensions["migrate"].directory
        revision = ScriptDirectory(directory).get_current_head()
    return revision


def _encode(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _python_type(column):
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # UTCDateTime: what it stores
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return object


def _decoder(column):
    kind = _python_type(column)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    if kind is datetime:
        return datetime.fromisoformat
    if kind is date:
        return date.fromisoformat
    if kind is bytes:
        return base64.b64decode
    return None


def export_data() -> dict:
    """Every row of every table, as a JSON-ready archive (same data, same archive)."""
    tables = []
    counts = {}
    with unit_of_work(commit=False):  # a read: one snapshot, ended without a commit
        for table in db.metadata.sorted_tables:
            columns = list(table.columns)
            query = select(*columns).order_by(*table.primary_key.columns)
            rows = [[_encode(value) for value in row] for row in db.session.execute(query)]
            tables.append(
                {"name": table.name, "columns": [column.name for column in columns], "rows": rows}
            )
            counts[table.name] = len(rows)
        revision = schema_revision()
    return {
        "format": ARCHIVE_FORMAT,
        "format_version": FORMAT_VERSION,
        "alembic_revision": revision,
        "row_counts": counts,
        "tables": tables,
        "document_files": _document_files(tables),
    }


def _document_files(tables: list[dict]) -> list[dict]:
    """Each briefing document's versions: the file that must be in DOCUMENTS_FOLDER (named
    by its SHA-256), its size, and the name readers get it under, so a restored folder can
    be checked against the archive (`eventapp documents check` checks it against the
    database). The files themselves are not in the archive: copy the folder with it.
    Import reads the rows of `document_versions`, not this list."""
    entry = next((t for t in tables if t["name"] == "document_versions"), None)
    if entry is None:
        return []
    rows = [dict(zip(entry["columns"], row, strict=True)) for row in entry["rows"]]
    return [
        {
            "document_id": row["document_id"],
            "version": row["number"],
            "filename": row["filename"],
            "sha256": row["sha256"],
            "size": row["size"],
        }
        for row in sorted(rows, key=lambda row: (row["document_id"], row["number"]))
    ]


def dumps(archive: dict) -> str:
    return json.dumps(archive, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def import_data(archive: dict) -> dict[str, int]:
    """Restore an archive of `export_data` into an empty database, in one transaction.

    Returns the rows inserted per table. Raises DataSafetyError (and changes nothing) when
    the archive is not ours, was written by another format version or schema revision,
    or the database already holds data. An archive of a revision the database's only
    added to (`ADDED_SINCE`: one made before the check-in tables) is restored with those
    tables empty and those columns NULL.
    """
    with unit_of_work():
        added = _check_archive(archive)
        not_empty = {name: count for name, count in row_counts().items() if count}
        if not_empty:
            raise DataSafetyError(
                _(
                    "The database is not empty (%(tables)s). Import restores into an empty "
                    "database only: create a new one, run `eventapp db upgrade`, then import.",
                    tables=", ".join(f"{name}: {count}" for name, count in not_empty.items()),
                )
            )
        by_name = {entry["name"]: entry for entry in archive["tables"]}
        inserted = {}
        for table in db.metadata.sorted_tables:
            if table.name in added["tables"]:
                inserted[table.name] = 0
                continue
            entry = by_name[table.name]
            columns = [table.columns[name] for name in entry["columns"]]
            decoders = [_decoder(column) for column in columns]
            rows = [
                {
                    column.name: decode(value) if decode and value is not None else value
                    for column, decode, value in zip(columns, decoders, row, strict=True)
                }
                for row in entry["rows"]
            ]
            for start in range(0, len(rows), INSERT_BATCH):
                db.session.execute(insert(table), rows[start : start + INSERT_BATCH])
            inserted[table.name] = len(rows)
        _reset_sequences()
    return inserted


def empty_database() -> dict[str, int]:
    """Delete every row of every table of the models, children first, and start the ids
    again at 1 (the schema and Alembic's revision stay). Returns the rows deleted per
    table. Does not commit: it belongs to the caller's transaction (`reset_demo`)."""
    deleted = {}
    for table in reversed(db.metadata.sorted_tables):
        deleted[table.name] = db.session.execute(table.delete()).rowcount
    _reset_sequences()
    return deleted


def _check_archive(archive) -> dict:
    """Refuse an archive that is not ours or does not fit the database; return what the
    database has that the archive may lack (`ADDED_SINCE`), nothing for the same revision."""
    if not isinstance(archive, dict) or archive.get("format") != ARCHIVE_FORMAT:
        raise DataSafetyError(_("This file is not an eventapp data archive."))
    if archive.get("format_version") != FORMAT_VERSION:
        raise DataSafetyError(
            _(
                "This archive has format version %(found)s; this version of eventapp reads "
                "format version %(expected)s.",
                found=archive.get("format_version"),
                expected=FORMAT_VERSION,
            )
        )
    revision = schema_revision()
    added = ADDED_SINCE.get((archive.get("alembic_revision"), revision), NOTHING_ADDED)
    if archive.get("alembic_revision") != revision and added is NOTHING_ADDED:
        raise DataSafetyError(
            _(
                "The archive was made at schema revision %(found)s, the database is at "
                "%(expected)s. Restore into a database at the archive's revision "
                "(`eventapp db upgrade %(found)s`), then upgrade it.",
                found=archive.get("alembic_revision"),
                expected=revision,
            )
        )
    names = [entry.get("name") for entry in archive.get("tables", [])]
    expected = [table.name for table in db.metadata.sorted_tables]
    names += [name for name in added["tables"] if name not in names]
    if sorted(names) != sorted(expected):
        raise DataSafetyError(
            _(
                "The archive's tables (%(found)s) are not the database's (%(expected)s).",
                found=", ".join(map(str, names)),
                expected=", ".join(expected),
            )
        )
    for entry in archive["tables"]:
        table = db.metadata.tables[entry["name"]]
        columns = set(entry.get("columns", [])) | added["columns"].get(table.name, set())
        if sorted(columns) != sorted(table.columns.keys()):
            raise DataSafetyError(
                _(
                    "The columns of %(table)s in the archive are not the database's.",
                    table=table.name,
                )
            )
    return added


def _reset_sequences() -> None:
    """On PostgreSQL, move each id sequence past the imported ids (explicit ids do not
    advance it), so the next new row does not collide with a restored one."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = db.session.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": column.name},
        )
        if sequence is None:
            continue
        highest = db.session.scalar(select(func.max(column)))
        db.session.execute(
            text("SELECT setval(:sequence, :value, :called)"),
            {"sequence": sequence, "value": highest or 1, "called": highest is not None},
        )


# The GDPR purge

ANONYMISED_NAME = "Anonymised diplomat"
ANONYMISED_PARTNER = "Anonymised partner"


def _anonymised_name(user: User) -> str:
    return ANONYMISED_PARTNER if user.role == Role.PARTNER else ANONYMISED_NAME


def anonymised_email(user_id: int) -> str:
    return f"anonymised-{user_id}@invalid.example"


@dataclass
class PurgeReport:
    """What a purge changed, or would change: records per kind."""

    events: list[Event]
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.changed.values())


def purge_personal_data(
    *,
    before: date | None = None,
    dry_run: bool = False,
    force: bool = False,
    today: date | None = None,
) -> PurgeReport:
    """Anonymise the diplomats of the editions that ended before `before` (default: today).

    Names, e-mail, password, post, phone, needs, remarks, travel times, feed and
    invitation tokens go; statuses, days, functions, regions, sign-ups and the audit
    trail's actions stay, so every aggregate figure is unchanged. A diplomat also invited
    to an edition still to come is left alone; organizers are never touched. Running it
    again changes nothing. With `dry_run` the changes are counted and rolled back.

    Raises DataSafetyError for an edition not over yet (unless `force`: then every
    edition, or those ending before `before`, is purged).
    """
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    today = today or utcnow().astimezone(zone).date()
    with unit_of_work(commit=not dry_run):
        events = _events_to_purge(before, today, force)
        report = PurgeReport(events=events)
        users = _people_of(events)
        report.changed = _anonymise(users, {event.id for event in events})
        report.changed.update(_purge_meetings(events))
        report.changed["mails"] = _purge_mails(
            {event.id for event in events}, {user.id for user in users}
        )
        report.changed.update(_purge_the_door(events))
        report.changed.update(_purge_document_readers(events, users))
    return report


def _purge_document_readers(events: list[Event], users: list[User]) -> dict[str, int]:
    """Forget who read the editions' briefing documents (and what the purged people read
    elsewhere): each download stays, so the counts per document do not change, without
    its reader; the visits that mark what changed since a diplomat last looked go. The
    documents and their versions stay (organizers' work, like the programme). Running
    it again changes nothing."""
    counts = {"document downloads": 0, "document visits": 0}
    event_ids = [event.id for event in events]
    user_ids = [user.id for user in users]
    if not event_ids and not user_ids:
        return counts
    documents = select(Document.id).where(Document.event_id.in_(event_ids))
    sessions = select(Session.id).where(Session.event_id.in_(event_ids))
    counts["document downloads"] = db.session.execute(
        update(DocumentDownload)
        .where(
            or_(
                DocumentDownload.document_id.in_(documents),
                DocumentDownload.user_id.in_(user_ids),
            ),
            DocumentDownload.user_id.is_not(None),
        )
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    counts["document visits"] = db.session.execute(
        DocumentVisit.__table__.delete().where(
            or_(DocumentVisit.session_id.in_(sessions), DocumentVisit.user_id.in_(user_ids))
        )
    ).rowcount
    return counts


def _purge_the_door(events: list[Event]) -> dict[str, int]:
    """Keep the arrival counts per day, function and region (`ArrivalCount`, which the
    arrivals page reads once the names are gone), then delete who came in when, at the
    palace door and at sessions' doors, and the badge codes (seed and hash: a printed
    badge no longer opens anything). Running it again changes nothing."""
    counts = {"arrival counts": 0, "check-ins": 0, "session check-ins": 0, "badge codes": 0}
    for event in events:
        counts["arrival counts"] += _keep_arrival_counts(event)
        counts["check-ins"] += db.session.execute(
            CheckIn.__table__.delete().where(CheckIn.event_id == event.id)
        ).rowcount
        counts["session check-ins"] += db.session.execute(
            SessionCheckIn.__table__.delete().where(
                SessionCheckIn.session_id.in_(
                    select(Session.id).where(Session.event_id == event.id)
                )
            )
        ).rowcount
        counts["badge codes"] += db.session.execute(
            update(Registration)
            .where(
                Registration.event_id == event.id,
                or_(
                    Registration.badge_seed.is_not(None), Registration.badge_code_hash.is_not(None)
                ),
            )
            .values(badge_seed=None, badge_code_hash=None)
            .execution_options(synchronize_session=False)
        ).rowcount
    return counts


def _keep_arrival_counts(event: Event) -> int:
    """Write the edition's arrivals as counts: for each day, function and region, how
    many were expected (registered or confirmed for that day) and how many of them came
    in. Check-ins recorded after an earlier purge are added to the counts it kept.
    Returns the count rows written or changed."""
    expected_on_day = (
        select(
            RegistrationDay.day,
            DiplomatProfile.function,
            DiplomatProfile.region,
            func.count().label("expected"),
            func.count(CheckIn.id).label("arrived"),
        )
        .join(Registration, Registration.id == RegistrationDay.registration_id)
        .join(DiplomatProfile, DiplomatProfile.user_id == Registration.user_id)
        .outerjoin(
            CheckIn,
            (CheckIn.registration_id == Registration.id) & (CheckIn.day == RegistrationDay.day),
        )
        .where(Registration.event_id == event.id, Registration.status.in_(ATTENDING))
        .group_by(RegistrationDay.day, DiplomatProfile.function, DiplomatProfile.region)
    )
    kept = {
        (count.day, count.function, count.region): count
        for count in db.session.scalars(
            select(ArrivalCount).where(ArrivalCount.event_id == event.id)
        )
    }
    written = 0
    for day, function, region, expected, arrived in db.session.execute(expected_on_day):
        count = kept.get((day, function, region))
        if count is None:
            if kept and not arrived:
                continue
            db.session.add(
                ArrivalCount(
                    event_id=event.id,
                    day=day,
                    function=function,
                    region=region,
                    expected=arrived if kept else expected,
                    arrived=arrived,
                )
            )
            written += 1
        elif arrived:
            # Purged before: these check-ins came after, the expected count stays.
            count.arrived += arrived
            written += 1
    db.session.flush()
    return written


PURGED_RECIPIENT = "purged"


def _purge_mails(event_ids: set[int], user_ids: set[int]) -> int:
    """Empty the address and body (which may hold personal links) of the editions' mails
    and of the purged diplomats' other mails (password resets); kind, status, language,
    subject and times stay, so the counts by kind and status do not change. A mail not
    yet sent never will be: it is marked failed."""
    if not event_ids and not user_ids:
        return 0
    unsent = OutboxMail.status.in_([MailStatus.WAITING, MailStatus.SENDING])
    result = db.session.execute(
        update(OutboxMail)
        .where(
            or_(OutboxMail.event_id.in_(event_ids), OutboxMail.user_id.in_(user_ids)),
            OutboxMail.recipient != PURGED_RECIPIENT,
        )
        .values(
            recipient=PURGED_RECIPIENT,
            body="",
            last_error=case(
                (unsent, "purged before it was sent"),
                (OutboxMail.last_error.is_not(None), PURGED_RECIPIENT),
                else_=None,
            ),
            status=case((unsent, MailStatus.FAILED.value), else_=OutboxMail.status),
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def _events_to_purge(before: date | None, today: date, force: bool) -> list[Event]:
    query = select(Event).order_by(Event.first_day)
    if before is None and not force:
        before = today
    if before is not None:
        query = query.where(Event.last_day < before)
    events = list(db.session.scalars(query))
    running = [event for event in events if event.last_day >= today]
    if running and not force:
        event = running[0]
        raise DataSafetyError(
            _(
                "%(event)s ends on %(day)s: personal data is purged once the event is over. "
                "Add --force to purge now.",
                event=event.name_en,
                day=event.last_day.isoformat(),
            )
        )
    if not events:
        upcoming = db.session.scalar(select(Event).order_by(Event.last_day.desc()).limit(1))
        if upcoming is not None and not force:
            raise DataSafetyError(
                _(
                    "%(event)s ends on %(day)s: personal data is purged once the event is "
                    "over. Add --force to purge now.",
                    event=upcoming.name_en,
                    day=upcoming.last_day.isoformat(),
                )
            )
    return events


def _people_of(events: list[Event]) -> list[User]:
    """Diplomats and partner representatives with a registration, invitation or partner
    profile in these editions and none in another (those on no edition at all count as
    purgeable too)."""
    ids = [event.id for event in events]
    elsewhere = (
        select(Registration.user_id)
        .where(Registration.event_id.not_in(ids))
        .union(
            select(Invitation.user_id).where(Invitation.event_id.not_in(ids)),
            select(PartnerProfile.user_id).where(PartnerProfile.event_id.not_in(ids)),
        )
    )
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_([Role.DIPLOMAT, Role.PARTNER]), User.id.not_in(elsewhere))
            .order_by(User.id)
        )
    )


def _set(record, changes: dict) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in changes.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _anonymise(users: list[User], event_ids: set[int]) -> dict[str, int]:
    counts = {
        "diplomat accounts": 0,
        "partner accounts": 0,
        "diplomat profiles": 0,
        "partner profiles": 0,
        "registrations": 0,
        "invitations": 0,
        "audit log entries": 0,
        "session changes": 0,
    }
    if not users:
        return counts
    user_ids = [user.id for user in users]
    # What each person was called, to find it in free text (longest first: "Person 10"
    # before "Person 1").
    replacements: dict[str, str] = {}
    for user in users:
        name = f"{_anonymised_name(user)} #{user.id}"
        for known in (user.full_name, f"{user.last_name}, {user.first_name}", user.email):
            if len(known.strip(", ")) >= 3 and known not in (name, anonymised_email(user.id)):
                replacements[known.lower()] = anonymised_email(user.id) if "@" in known else name
    for user in users:
        if _set(
            user,
            {
                "first_name": _anonymised_name(user),
                "last_name": f"#{user.id}",
                "email": anonymised_email(user.id),
                "password_hash": None,
                "active": False,
                "last_login_at": None,
                "agenda_seen_at": None,
                "feed_token_hash": None,
                "feed_seed": None,
                "feed_etag": None,
            },
        ):
            counts["partner accounts" if user.role == Role.PARTNER else "diplomat accounts"] += 1
    for profile in db.session.scalars(
        select(DiplomatProfile).where(DiplomatProfile.user_id.in_(user_ids))
    ):
        # The post names one person ("the ambassador in Nairobi"); function and region
        # stay for the figures.
        if _set(profile, {"post_city": "", "post_country": ""}):
            counts["diplomat profiles"] += 1
    for partner in db.session.scalars(
        select(PartnerProfile).where(PartnerProfile.user_id.in_(user_ids))
    ):
        # The function and phone name one person; the organisation (from the catalogue),
        # sectors and countries stay for the figures.
        if _set(partner, {"function": "", "mobile_phone": ""}):
            counts["partner profiles"] += 1
    for registration in db.session.scalars(
        select(Registration).where(Registration.user_id.in_(user_ids))
    ):
        if _set(
            registration,
            {
                "mobile_phone": "",
                "dietary": "",
                "accessibility": "",
                "remarks": "",
                "arrival_at": None,
                "departure_at": None,
            },
        ):
            counts["registrations"] += 1
    for invitation in db.session.scalars(
        select(Invitation).where(Invitation.user_id.in_(user_ids))
    ):
        if _set(invitation, {"token_hash": None}):
            counts["invitations"] += 1

    pattern = (
        re.compile(
            "|".join(re.escape(known) for known in sorted(replacements, key=len, reverse=True)),
            re.IGNORECASE,
        )
        if replacements
        else None
    )
    targets = {
        "User": set(user_ids),
        "Registration": set(
            db.session.scalars(select(Registration.id).where(Registration.user_id.in_(user_ids)))
        ),
        "Invitation": set(
            db.session.scalars(select(Invitation.id).where(Invitation.user_id.in_(user_ids)))
        ),
    }
    owner = _owners(targets)
    for entry in db.session.scalars(select(AuditLog).order_by(AuditLog.id)):
        person = owner.get((entry.target_type, entry.target_id))
        details = _scrub(entry.details or {}, pattern, replacements, person)
        if details != entry.details:
            entry.details = details
            counts["audit log entries"] += 1
    for change in db.session.scalars(select(SessionChange).order_by(SessionChange.id)):
        fields = _scrub(change.fields or {}, pattern, replacements, None)
        if fields != change.fields:
            change.fields = fields
            counts["session changes"] += 1
    db.session.flush()
    return counts


# What partners and heads of post wrote to each other, in meetings' audit entries.
MEETING_TEXT_KEYS = {"subject", "note", "message", "reason", "answer_message"}


def _purge_meetings(events: list[Event]) -> dict[str, int]:
    """Empty the meetings' subjects, notes and answers (a decline's message, a
    cancellation's reason), in the meetings and in their audit entries. Who met whom
    (anonymised), status, window, slot and table stay: the counts per status, window
    and person do not change. Running it again changes nothing."""
    counts = {"meetings": 0, "meeting audit entries": 0}
    ids = [event.id for event in events]
    if not ids:
        return counts
    in_events = Meeting.event_id.in_(ids)
    counts["meetings"] = db.session.execute(
        update(Meeting)
        .where(
            in_events,
            or_(Meeting.subject != "", Meeting.note != "", Meeting.answer_message != ""),
        )
        .values(subject="", note="", answer_message="")
        .execution_options(synchronize_session=False)
    ).rowcount
    for entry in db.session.scalars(
        select(AuditLog)
        .where(
            AuditLog.target_type == Meeting.__name__,
            AuditLog.target_id.in_(select(Meeting.id).where(in_events)),
        )
        .order_by(AuditLog.id)
    ):
        details = entry.details or {}
        if any(details.get(key) for key in MEETING_TEXT_KEYS):
            entry.details = {
                key: "" if key in MEETING_TEXT_KEYS else value for key, value in details.items()
            }
            counts["meeting audit entries"] += 1
    db.session.flush()
    return counts


def _owners(targets: dict[str, set[int]]) -> dict[tuple[str, int], int]:
    """(target type, target id) → the purged diplomat's user id it belongs to."""
    owner = {("User", user_id): user_id for user_id in targets["User"]}
    for model, name in ((Registration, "Registration"), (Invitation, "Invitation")):
        if targets[name]:
            for record_id, user_id in db.session.execute(
                select(model.id, model.user_id).where(model.id.in_(targets[name]))
            ):
                owner[(name, record_id)] = user_id
    return owner


PERSONAL_KEYS = {"name", "email", "first_name", "last_name", "full_name"}


def _scrub(value, pattern, replacements, person: int | None, key: str | None = None):
    """A copy of `value` with the purged people's names and addresses replaced; in an
    entry about one of them, also whatever sits under a personal key (an old name)."""
    if isinstance(value, dict):
        return {k: _scrub(item, pattern, replacements, person, k) for k, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, pattern, replacements, person, key) for item in value]
    if not isinstance(value, str):
        return value
    if person is not None and key in PERSONAL_KEYS:
        return anonymised_email(person) if key == "email" else f"{ANONYMISED_NAME} #{person}"
    if pattern is None:
        return value
    return pattern.sub(
        lambda match: replacements.get(match.group(0).lower(), ANONYMISED_NAME), value
    )
