"""Data safety: nothing that matters is hard-deleted; export → import loses nothing; the
GDPR purge anonymises diplomats and keeps every aggregate figure."""

import ast
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from eventapp import audit, datasafety
from eventapp.documents import services
from eventapp.extensions import db
from eventapp.models import (
    AuditLog,
    DiplomatProfile,
    Document,
    DocumentDownload,
    DocumentVisit,
    Event,
    Meeting,
    MeetingStatus,
    PartnerProfile,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Room,
    Session,
    SessionStatus,
    SignUp,
    User,
)
from eventapp.programme import services as programme
from eventapp.programme.services import ProgrammeError

from .conftest import empty_all_tables
from .support import brussels

PACKAGE = Path(datasafety.__file__).parent


def run(runner, *args):
    result = runner.invoke(args=list(args))
    return result


def seed(runner):
    result = run(runner, "seed-demo")
    assert result.exit_code == 0, result.output


def export(runner, path) -> str:
    result = run(runner, "export-data", str(path))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    return path.read_text(encoding="utf-8")


# No hard delete of what must be kept


def test_the_only_deletes_in_the_code_are_drafts_and_unused_catalogue_records():
    """Registrations are cancelled or rejected, published sessions cancelled: the only
    `db.session.delete` calls are for a never-published draft and for an unused room,
    organisation or speaker (each refuses what is in use), and no bulk DELETE exists but
    the one that empties the database for `seed-demo --reset`."""
    deletes = []
    for path in PACKAGE.rglob("*.py"):
        where = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith("sqlalchemy")
                and any(alias.name == "delete" for alias in node.names)
            ):
                deletes.append((where, "<module>", "sqlalchemy.delete"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(".delete"):
                    deletes.append((where, function.name, ast.unparse(node.func)))
    assert sorted(set(deletes)) == [
        # The purge: when each diplomat last looked at a session's documents goes (the
        # documents and their download counts stay).
        ("datasafety.py", "_purge_document_readers", "DocumentVisit.__table__.delete"),
        # The purge: who came in when goes, the counts per day, function and region stay.
        ("datasafety.py", "_purge_the_door", "CheckIn.__table__.delete"),
        ("datasafety.py", "_purge_the_door", "SessionCheckIn.__table__.delete"),
        # `eventapp seed-demo --reset` only: asks first, refused in production.
        ("datasafety.py", "empty_database", "table.delete"),
        # A mistaken check-in at the palace door or a session's door, undone; the audit
        # log keeps both.
        ("door/checkin.py", "undo_check_in", "db.session.delete"),
        ("door/session_door.py", "undo_session_check_in", "db.session.delete"),
        # A meeting window still a draft that no request names: nothing refers to it.
        ("meetings/windows.py", "delete_window", "db.session.delete"),
        ("programme/catalogue.py", "_delete", "db.session.delete"),
        # A digest mail never sent whose changes were all undone or cancelled: nobody
        # was told anything, so there is nothing to keep.
        ("programme/digests.py", "_withdraw", "db.session.delete"),
        ("programme/services.py", "delete_session", "db.session.delete"),
    ]


@pytest.mark.parametrize(
    "status",
    [
        SessionStatus.PUBLISHED,
        SessionStatus.CANCELLED,
        SessionStatus.DRAFT,  # published once, then back to draft
    ],
)
def test_the_service_refuses_to_delete_a_session_that_was_published(
    create_session, organizer, status
):
    session = create_session(status=status, first_published_at=brussels(1, 12))
    assert session.first_published_at is not None
    with pytest.raises(ProgrammeError, match="Only drafts that were never published"):
        programme.delete_session(session, organizer)
    assert db.session.get(Session, session.id) is not None


def test_no_route_deletes_a_registration(app, client, login, event, organizer, create_user):
    """Declining, cancelling and rejecting keep the row: only its status moves."""
    deleted = []

    def remember(mapper, connection, target):
        deleted.append(target)

    sa_event.listen(Registration, "after_delete", remember)
    try:
        people = [create_user() for _ in range(3)]
        registrations = []
        for person in people:
            registration = Registration(
                event_id=event.id,
                user_id=person.id,
                status=RegistrationStatus.REGISTERED,
                day_rows=[RegistrationDay(day=day) for day in event.days],
            )
            db.session.add(registration)
            registrations.append(registration)
        db.session.commit()
        ids = [registration.id for registration in registrations]

        login(people[0])
        assert client.post("/registration/cancel").status_code in (302, 200)
        client.post("/logout")
        login(organizer)
        client.post(f"/organizer/attendees/{ids[1]}/reject")
        client.post(
            "/organizer/attendees/bulk/apply",
            data={"registration_ids": [str(ids[2])], "action": "reject"},
        )
    finally:
        sa_event.remove(Registration, "after_delete", remember)
    assert deleted == []
    statuses = db.session.scalars(
        select(Registration.status).where(Registration.id.in_(ids)).order_by(Registration.id)
    ).all()
    assert statuses == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REJECTED,
        RegistrationStatus.REJECTED,
    ]


# Export and import


@pytest.mark.slow
def test_export_import_round_trip_gives_the_same_archive(runner, tmp_path):
    seed(runner)
    first = export(runner, tmp_path / "first.json")
    archive = json.loads(first)
    assert archive["format"] == "eventapp-data" and archive["format_version"] == 1
    assert archive["alembic_revision"]
    assert [table["name"] for table in archive["tables"]] == [
        table.name for table in db.metadata.sorted_tables
    ]
    for table in archive["tables"]:
        assert table["columns"] == list(db.metadata.tables[table["name"]].columns.keys())
        assert archive["row_counts"][table["name"]] == len(table["rows"])
    assert archive["row_counts"]["users"] > 100

    empty_all_tables()
    result = run(runner, "import-data", str(tmp_path / "first.json"))
    assert result.exit_code == 0, result.output
    assert "restored" in result.output
    db.session.rollback()

    assert export(runner, tmp_path / "second.json") == first

    # New rows get ids after the restored ones (on PostgreSQL: sequences were reset).
    event = db.session.scalar(select(Event))
    room = Room(event_id=event.id, name="Salle nouvelle", capacity=10)
    user = User(email="new@example.org", role=Role.ORGANIZER)
    db.session.add_all([room, user])
    db.session.commit()
    assert room.id > max(row[0] for row in _rows(archive, "rooms"))
    assert user.id > max(row[0] for row in _rows(archive, "users"))


def _rows(archive, name):
    return next(table["rows"] for table in archive["tables"] if table["name"] == name)


def test_export_writes_datetimes_in_utc_and_enums_as_values(runner, tmp_path, create_session):
    create_session()
    archive = json.loads(export(runner, tmp_path / "data.json"))
    sessions = next(table for table in archive["tables"] if table["name"] == "sessions")
    row = dict(zip(sessions["columns"], sessions["rows"][0], strict=True))
    assert row["starts_at"] == "2026-02-02T08:30:00+00:00"
    assert row["status"] == "published"
    assert (tmp_path / "data.json").stat().st_mode & 0o077 == 0  # owner only


def test_import_refuses_a_database_that_is_not_empty(runner, tmp_path, event):
    export(runner, tmp_path / "data.json")
    result = run(runner, "import-data", str(tmp_path / "data.json"))
    assert result.exit_code != 0
    assert "The database is not empty (events: 1)" in result.output
    assert db.session.scalar(select(func.count(Event.id))) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"format_version": 99}, "format version 99"),
        ({"alembic_revision": "0000"}, "schema revision 0000"),
        ({"format": "something-else"}, "not an eventapp data archive"),
    ],
)
def test_import_checks_the_archive_before_anything(runner, tmp_path, event, change, message):
    archive = json.loads(export(runner, tmp_path / "data.json"))
    empty_all_tables()
    archive.update(change)
    (tmp_path / "changed.json").write_text(json.dumps(archive), encoding="utf-8")
    result = run(runner, "import-data", str(tmp_path / "changed.json"))
    assert result.exit_code != 0
    assert message in result.output
    assert datasafety.row_counts() == dict.fromkeys(datasafety.row_counts(), 0)


def test_import_is_all_or_nothing(runner, tmp_path, event, create_room):
    create_room()
    archive = json.loads(export(runner, tmp_path / "data.json"))
    empty_all_tables()
    rooms = next(table for table in archive["tables"] if table["name"] == "rooms")
    rooms["rows"].append(list(rooms["rows"][0]))  # the same id twice: the insert fails
    (tmp_path / "broken.json").write_text(json.dumps(archive), encoding="utf-8")
    result = run(runner, "import-data", str(tmp_path / "broken.json"))
    assert result.exit_code != 0
    db.session.rollback()
    assert sum(datasafety.row_counts().values()) == 0


def _door_rows(attending, create_session):
    """A check-in at the palace door, one at a session's door, and kept counts."""
    from eventapp.models import ArrivalCount, CheckIn, SessionCheckIn

    registration = attending()
    session = create_session(signup_required=True, capacity=5)
    registration.badge_seed, registration.badge_code_hash = "seed", "hash"
    db.session.add_all(
        [
            CheckIn(
                event_id=registration.event_id,
                registration_id=registration.id,
                day=date(2026, 2, 2),
                checked_in_at=brussels(2, 8, 52),
                client_key="phone-key-1",
                offline=True,
            ),
            SessionCheckIn(session_id=session.id, user_id=registration.user_id),
            ArrivalCount(
                event_id=registration.event_id,
                day=date(2026, 2, 3),
                function=registration.user.profile.function,
                region=registration.user.profile.region,
                expected=3,
                arrived=2,
            ),
        ]
    )
    db.session.commit()


def test_check_ins_and_arrival_counts_go_out_and_come_back(
    runner, tmp_path, attending, create_session
):
    _door_rows(attending, create_session)
    first = export(runner, tmp_path / "first.json")
    archive = json.loads(first)
    for name in ("check_ins", "session_check_ins", "arrival_counts"):
        assert archive["row_counts"][name] == 1, name
    empty_all_tables()
    result = run(runner, "import-data", str(tmp_path / "first.json"))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert export(runner, tmp_path / "second.json") == first


def test_an_archive_from_before_the_door_still_imports(runner, tmp_path, attending, create_session):
    _door_rows(attending, create_session)
    archive = json.loads(export(runner, tmp_path / "data.json"))
    # What an export at revision 0008 looked like: no door tables, no badge codes (and
    # none of what came later: meetings, documents).
    archive["alembic_revision"] = "0008"
    door = {"check_ins", "session_check_ins", "arrival_counts"}
    meetings = {"partner_profiles", "meeting_windows", "meetings", "meeting_request_windows"}
    without(
        archive,
        door | meetings | DOCUMENT_TABLES,
        {
            "registrations": {
                "badge_seed",
                "badge_code_hash",
                "accepts_meetings",
                "meeting_topics",
                "meeting_sectors",
            },
            "outbox_mails": {"badge_registration_id"},
            "events": {
                "meeting_requests_per_partner",
                "meetings_per_diplomat_per_day",
                "meetings_per_partner_per_day",
            },
        },
    )
    empty_all_tables()
    (tmp_path / "old.json").write_text(json.dumps(archive), encoding="utf-8")
    result = run(runner, "import-data", str(tmp_path / "old.json"))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    registration = db.session.scalar(select(Registration))
    assert registration.badge_seed is None and registration.status == RegistrationStatus.CONFIRMED
    counts = datasafety.row_counts()
    assert counts["check_ins"] == counts["arrival_counts"] == 0 and counts["registrations"] == 1


def _meeting_rows(create_partner, attending, create_window):
    window = create_window()
    head = attending(email="head@example.org")
    db.session.add(
        Meeting(
            event_id=window.event_id,
            partner_id=create_partner(email="p@example.org").id,
            diplomat_id=head.user_id,
            status=MeetingStatus.ACCEPTED,
            subject="Ports",
            requested_windows=[window],
            window_id=window.id,
            starts_at=window.starts_at,
            ends_at=window.slots()[0][1],
            table_number=1,
        )
    )
    db.session.commit()


def test_meetings_and_windows_go_out_and_come_back(
    runner, tmp_path, create_partner, attending, create_window
):
    _meeting_rows(create_partner, attending, create_window)
    first = export(runner, tmp_path / "first.json")
    archive = json.loads(first)
    for name in ("partner_profiles", "meeting_windows", "meetings", "meeting_request_windows"):
        assert archive["row_counts"][name] == 1, name
    empty_all_tables()
    result = run(runner, "import-data", str(tmp_path / "first.json"))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert export(runner, tmp_path / "second.json") == first


DOCUMENT_TABLES = {"documents", "document_versions", "document_downloads", "document_visits"}


def without(archive: dict, tables: set[str], columns: dict[str, set[str]]) -> dict:
    """The archive as an earlier revision wrote it: without these tables and columns."""
    archive["tables"] = [t for t in archive["tables"] if t["name"] not in tables]
    for table in archive["tables"]:
        keep = [
            i
            for i, name in enumerate(table["columns"])
            if name not in columns.get(table["name"], set())
        ]
        table["columns"] = [table["columns"][i] for i in keep]
        table["rows"] = [[row[i] for i in keep] for row in table["rows"]]
    archive.pop("document_files", None)
    return archive


@pytest.mark.parametrize("revision", ["0008", "0009"])
def test_an_archive_from_before_the_meetings_still_imports(runner, tmp_path, attending, revision):
    attending()
    archive = json.loads(export(runner, tmp_path / "data.json"))
    # What an export at 0009 looked like: no meeting tables, no opt-in, no limits, no
    # documents (and at 0008 no door either).
    archive["alembic_revision"] = revision
    dropped_tables = {
        "partner_profiles",
        "meeting_windows",
        "meetings",
        "meeting_request_windows",
        *DOCUMENT_TABLES,
    }
    dropped = {
        "registrations": {"accepts_meetings", "meeting_topics", "meeting_sectors"},
        "events": {
            "meeting_requests_per_partner",
            "meetings_per_diplomat_per_day",
            "meetings_per_partner_per_day",
        },
    }
    if revision == "0008":
        dropped_tables |= {"check_ins", "session_check_ins", "arrival_counts"}
        dropped["registrations"] |= {"badge_seed", "badge_code_hash"}
        dropped["outbox_mails"] = {"badge_registration_id"}
    without(archive, dropped_tables, dropped)
    empty_all_tables()
    (tmp_path / "old.json").write_text(json.dumps(archive), encoding="utf-8")

    result = run(runner, "import-data", str(tmp_path / "old.json"))

    assert result.exit_code == 0, result.output
    db.session.rollback()
    registration = db.session.scalar(select(Registration))
    assert registration.accepts_meetings is False and registration.meeting_sectors == []
    event = db.session.scalar(select(Event))
    assert event.meeting_requests_per_partner == 10
    assert datasafety.row_counts()["meetings"] == 0


def _document_rows(attending, create_session, create_document, organizer):
    """A document replaced once, downloaded by a head of post (alone and in a pack) and
    by an anonymous visitor, and the head of post's visit of the session."""
    from eventapp.documents import samples

    head = attending(email="head@example.org").user
    session = create_session()
    document = create_document(session, title="Speaking points")
    version = services.replace(
        document,
        services.Upload(io.BytesIO(samples.docx(["Version 2"])), "Éléments de langage.docx"),
        organizer,
    )
    services.record_downloads([version], head)
    services.record_downloads([version], head, in_pack=True)
    services.record_downloads([version], None)
    db.session.add(DocumentVisit(user_id=head.id, session_id=session.id, seen_at=brussels(1, 9)))
    db.session.commit()
    return head, document


def test_documents_go_out_and_come_back_and_the_archive_lists_their_files(
    runner, tmp_path, attending, create_session, create_document, organizer
):
    _head, document = _document_rows(attending, create_session, create_document, organizer)
    versions = {v.number: (v.filename, v.sha256, v.size) for v in document.versions}
    document_id = document.id
    result = run(runner, "export-data", str(tmp_path / "first.json"))
    assert result.exit_code == 0, result.output
    assert "lists 2 files of the briefing documents" in result.output
    db.session.rollback()
    first = (tmp_path / "first.json").read_text(encoding="utf-8")
    archive = json.loads(first)
    assert archive["row_counts"]["documents"] == 1
    assert archive["row_counts"]["document_versions"] == 2
    assert archive["row_counts"]["document_downloads"] == 3
    assert archive["row_counts"]["document_visits"] == 1
    assert archive["document_files"] == [
        {
            "document_id": document_id,
            "version": number,
            "filename": versions[number][0],
            "sha256": versions[number][1],
            "size": versions[number][2],
        }
        for number in (1, 2)
    ]
    assert archive["document_files"][1]["filename"] == "Éléments de langage.docx"

    empty_all_tables()
    result = run(runner, "import-data", str(tmp_path / "first.json"))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert export(runner, tmp_path / "second.json") == first


def test_an_archive_from_before_the_documents_still_imports(runner, tmp_path, attending):
    attending()
    archive = without(json.loads(export(runner, tmp_path / "data.json")), DOCUMENT_TABLES, {})
    archive["alembic_revision"] = "0010"
    empty_all_tables()
    (tmp_path / "old.json").write_text(json.dumps(archive), encoding="utf-8")

    result = run(runner, "import-data", str(tmp_path / "old.json"))

    assert result.exit_code == 0, result.output
    db.session.rollback()
    counts = datasafety.row_counts()
    assert counts["registrations"] == 1
    assert {name: counts[name] for name in DOCUMENT_TABLES} == dict.fromkeys(DOCUMENT_TABLES, 0)


def test_purge_keeps_the_download_counts_and_forgets_who_read_what(
    runner, attending, create_session, create_document, organizer
):
    head, document = _document_rows(attending, create_session, create_document, organizer)
    document_id = document.id
    services_versions = [(v.number, v.sha256) for v in document.versions]
    services.record_downloads([document.current], organizer)
    db.session.commit()

    result = run(runner, "purge-personal-data", "--before", "2026-12-01")

    assert result.exit_code == 0, result.output
    assert "document downloads (who downloaded; the counts stay): 3" in result.output
    assert "document visits (when each diplomat last looked): 1" in result.output
    db.session.rollback()
    downloads = db.session.scalars(select(DocumentDownload)).all()
    assert len(downloads) == 4 and sum(d.in_pack for d in downloads) == 1
    assert {d.user_id for d in downloads} == {None}
    assert db.session.scalar(select(func.count()).select_from(DocumentVisit)) == 0
    # The document, an organizer's work, stays as it was.
    document = db.session.get(Document, document_id)
    assert [(v.number, v.sha256) for v in document.versions] == services_versions
    assert document.title_en == "Speaking points" and not document.is_withdrawn

    again = run(runner, "purge-personal-data", "--before", "2026-12-01")
    assert "document downloads (who downloaded; the counts stay): 0" in again.output


def test_purge_anonymises_a_partner_and_empties_meeting_texts(
    create_partner, attending, create_window
):
    _meeting_rows(create_partner, attending, create_window)

    report = datasafety.purge_personal_data(today=date(2026, 3, 1))

    assert report.changed["partner accounts"] == 1 and report.changed["meetings"] == 1
    partner = db.session.scalar(select(User).where(User.role == Role.PARTNER))
    assert partner.first_name == "Anonymised partner" and partner.password_hash is None
    meeting = db.session.scalar(select(Meeting))
    assert meeting.subject == "" and meeting.status == MeetingStatus.ACCEPTED
    assert meeting.table_number == 1


def test_import_refuses_a_file_that_is_not_json(runner, tmp_path):
    (tmp_path / "data.json").write_bytes(b"\xff\xfe not json")
    result = run(runner, "import-data", str(tmp_path / "data.json"))
    assert result.exit_code != 0
    assert "not an eventapp data archive" in result.output


# The GDPR purge


def aggregates() -> dict:
    """The figures the purge must keep."""
    by_status = db.session.execute(
        select(Registration.status, func.count()).group_by(Registration.status)
    ).all()
    by_day = db.session.execute(
        select(RegistrationDay.day, Registration.status, func.count())
        .join(Registration, Registration.id == RegistrationDay.registration_id)
        .group_by(RegistrationDay.day, Registration.status)
    ).all()
    by_post = db.session.execute(
        select(DiplomatProfile.function, DiplomatProfile.region, Registration.status, func.count())
        .join(Registration, Registration.user_id == DiplomatProfile.user_id)
        .group_by(DiplomatProfile.function, DiplomatProfile.region, Registration.status)
    ).all()
    signups = db.session.execute(
        select(SignUp.session_id, SignUp.status, func.count()).group_by(
            SignUp.session_id, SignUp.status
        )
    ).all()
    meetings = db.session.execute(
        select(Meeting.status, Meeting.window_id, Meeting.table_number, func.count()).group_by(
            Meeting.status, Meeting.window_id, Meeting.table_number
        )
    ).all()
    partners = db.session.execute(
        select(PartnerProfile.organisation_id, func.count()).group_by(
            PartnerProfile.organisation_id
        )
    ).all()
    figures = {
        "meetings": sorted(map(tuple, meetings), key=repr),
        "partners": sorted(map(tuple, partners), key=repr),
        "status": sorted(map(tuple, by_status)),
        "day": sorted(map(tuple, by_day)),
        "post": sorted(map(tuple, by_post)),
        "signups": sorted(map(tuple, signups)),
    }
    db.session.rollback()
    return figures


def personal_details() -> list[str]:
    """Every diplomat's and partner's name, e-mail and phone, as they could be searched
    for, and what they wrote to each other about meetings."""
    found = []
    people = select(User).where(User.role.in_([Role.DIPLOMAT, Role.PARTNER]))
    for user in db.session.scalars(people):
        found += [user.full_name, user.email]
    found += [
        phone
        for phone in db.session.scalars(
            select(Registration.mobile_phone).union(select(PartnerProfile.mobile_phone))
        )
        if phone and len(phone) > 5
    ]
    for meeting in db.session.scalars(select(Meeting)):
        found += [text for text in (meeting.subject, meeting.note, meeting.answer_message) if text]
    db.session.rollback()
    return found


@pytest.fixture
def demo(runner, app):
    seed(runner)
    # An organizer's action on a diplomat, and an entry written before the diplomat
    # changed their name: both must lose the personal data.
    organizer = db.session.scalar(select(User).where(User.email == "organizer@example.org"))
    ambassador = db.session.scalar(select(User).where(User.email == "ambassador@example.org"))
    registration = db.session.scalar(
        select(Registration).where(Registration.user_id == ambassador.id)
    )
    audit.record(
        "registration.update",
        organizer,
        registration,
        name="Jeanne Ancien-Nom",
        email="jeanne.old@example.org",
    )
    audit.record("note", organizer, None, text=f"Called {ambassador.full_name} about a visa")
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.status == MeetingStatus.CANCELLED).order_by(Meeting.id)
    )
    audit.record("meeting.cancel", organizer, meeting, reason="Minister Zorglub is unwell")
    db.session.commit()
    return runner


@pytest.mark.slow
def test_purge_anonymises_diplomats_and_keeps_the_figures(demo, tmp_path):
    figures = aggregates()
    details = personal_details() + [
        "Jeanne Ancien-Nom",
        "jeanne.old@example.org",
        "Minister Zorglub",
    ]
    assert len(details) > 300

    result = run(demo, "purge-personal-data", "--before", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Personal data purged for dcd-2026." in result.output

    assert aggregates() == figures
    dump = export(demo, tmp_path / "after.json")
    lowered = dump.lower()
    leaks = [detail for detail in details if detail.lower() in lowered]
    assert leaks == []
    assert "Anonymised diplomat #" in dump and "@invalid.example" in dump
    assert "Anonymised partner" in dump
    assert [(m.subject, m.note, m.answer_message) for m in db.session.scalars(select(Meeting))] == [
        ("", "", "")
    ] * 40
    partner = db.session.scalar(select(PartnerProfile))
    assert (partner.function, partner.mobile_phone) == ("", "")
    assert partner.organisation_id and partner.sectors and partner.countries
    db.session.rollback()

    ambassador = db.session.scalar(select(User).where(User.email.like("anonymised-%")))
    assert ambassador.password_hash is None and ambassador.feed_seed is None
    assert all(
        not registration.mobile_phone and registration.arrival_at is None
        for registration in db.session.scalars(select(Registration))
    )

    # Organizers are untouched and still log in.
    client = demo.app.test_client()
    response = client.post(
        "/login", data={"email": "organizer@example.org", "password": "demo-organizer"}
    )
    assert response.status_code == 302
    assert client.get("/organizer/attendees").status_code == 200


@pytest.mark.slow
def test_purge_twice_changes_nothing_the_second_time(demo, tmp_path):
    assert run(demo, "purge-personal-data", "--force").exit_code == 0
    once = export(demo, tmp_path / "once.json")
    second = run(demo, "purge-personal-data", "--force")
    assert second.exit_code == 0, second.output
    assert "diplomat accounts: 0" in second.output
    assert "partner accounts: 0" in second.output and "meetings: 0" in second.output
    assert export(demo, tmp_path / "twice.json") == once


@pytest.mark.slow
def test_dry_run_shows_the_counts_and_changes_nothing(demo, tmp_path):
    before = export(demo, tmp_path / "before.json")
    result = run(demo, "purge-personal-data", "--dry-run", "--force")
    assert result.exit_code == 0, result.output
    assert "nothing was changed" in result.output
    diplomats = json.loads(before)["row_counts"]["diplomat_profiles"]
    assert f"diplomat accounts: {diplomats}" in result.output
    assert "partner accounts: 15" in result.output and "meetings: 40" in result.output
    assert "meeting audit entries: 1" in result.output
    assert "audit log entries: 2" in result.output
    assert export(demo, tmp_path / "after.json") == before


def test_purge_refuses_to_run_before_the_event_is_over(runner, create_event, diplomat):
    create_event(first_day=date(2099, 2, 2), last_day=date(2099, 2, 6))
    result = run(runner, "purge-personal-data")
    assert result.exit_code != 0
    assert "ends on 2099-02-06" in result.output and "--force" in result.output
    db.session.refresh(diplomat)
    assert diplomat.email == "ambassador@example.org"


def test_purge_on_the_last_day_is_refused_and_the_next_day_is_allowed(event, diplomat):
    with pytest.raises(datasafety.DataSafetyError):
        datasafety.purge_personal_data(today=event.last_day)
    report = datasafety.purge_personal_data(today=date(2026, 2, 7))
    assert report.changed["diplomat accounts"] == 1


def test_purge_leaves_diplomats_invited_to_a_later_edition(create_event, create_user):
    past = create_event()
    later = create_event(slug="dcd-2099", first_day=date(2099, 2, 2), last_day=date(2099, 2, 6))
    both = create_user(email="both@example.org")
    only_past = create_user(email="past@example.org")
    for event, user in ((past, both), (later, both), (past, only_past)):
        db.session.add(Registration(event_id=event.id, user_id=user.id))
    db.session.commit()
    organizers = db.session.scalar(select(func.count(AuditLog.id)))

    datasafety.purge_personal_data(today=date(2026, 3, 1))

    assert db.session.get(User, both.id).email == "both@example.org"
    assert db.session.get(User, only_past.id).email == f"anonymised-{only_past.id}@invalid.example"
    assert db.session.scalar(select(func.count(AuditLog.id))) == organizers
