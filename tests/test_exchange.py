"""The whole programme exports to JSON and CSV and imports back from JSON, all or nothing."""

import copy
import csv
import html
import io
import json
import re
import zipfile
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    AuditLog,
    DiplomatFunction,
    Organisation,
    OrganisationKind,
    Region,
    Room,
    Session,
    SessionAudienceFunction,
    SessionAudienceRegion,
    SessionChange,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    SpeakerRole,
    Visibility,
)

from .support import brussels

EXPORT_JSON = "/organizer/exchange/programme.json"
EXPORT_CSV = "/organizer/exchange/programme-csv.zip"
IMPORT = "/organizer/exchange/import"


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def post_file(client, body: bytes, filename="programme.json"):
    return client.post(
        IMPORT,
        data={"file": (io.BytesIO(body), filename)},
        content_type="multipart/form-data",
    )


def encoded(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def report_rows(response) -> list[tuple[str, str, str]]:
    """The (record, field, reason) rows of the report table on the page ("" for no field)."""
    page = response.get_data(as_text=True)
    rows = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", page, re.S
    )
    cells = [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in row] for row in rows]
    return [(record, "" if field == "—" else field, reason) for record, field, reason in cells]


def row_counts() -> dict[str, int]:
    """Rows in every table: a rejected import must leave all of them as they were."""
    counts = {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
    db.session.rollback()
    return counts


def add_session(event, title_en, starts_at, ends_at, **values):
    """A session with everything the model holds, stored as the builder does (no rules)."""
    speakers = values.pop("speakers", [])
    organisations = values.pop("organisations", [])
    functions = values.pop("audience_functions", [])
    regions = values.pop("audience_regions", [])
    members = values.pop("audience_members", [])
    fields = {"kind": SessionKind.PLENARY, "status": SessionStatus.PUBLISHED}
    fields.update(values)
    session = Session(
        event_id=event.id, title_en=title_en, starts_at=starts_at, ends_at=ends_at, **fields
    )
    if session.status != SessionStatus.DRAFT and session.first_published_at is None:
        session.first_published_at = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    session.speaker_links = [
        SessionSpeaker(speaker=speaker, role=role, position=position)
        for position, (speaker, role) in enumerate(speakers)
    ]
    session.organisations = organisations
    session.audience_function_rows = [SessionAudienceFunction(function=f) for f in functions]
    session.audience_region_rows = [SessionAudienceRegion(region=r) for r in regions]
    session.audience_members = members
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def full_programme(event, organizer, create_room, create_organisation, create_speaker, create_user):
    """Rooms, organisations, speakers with organisations, and sessions of every kind."""
    glaces = create_room("Salle des Glaces", 250, notes="Rez-de-chaussée; cabines d'interprétation")
    arenberg = create_room("Salle Arenberg", 60)
    orangerie = create_room("Orangerie", 120, notes="Accès par le jardin")
    fps = create_organisation(
        "FPS Foreign Affairs, Foreign Trade and Development Cooperation",
        OrganisationKind.FOREIGN_AFFAIRS,
        short_name="FPS Foreign Affairs",
    )
    enabel = create_organisation("Enabel – Belgian development agency", short_name="Enabel")
    agoria = create_organisation("Agoria", OrganisationKind.BUSINESS)
    minister = create_speaker(
        "Maxime Prévot", "Deputy Prime Minister and Minister of Foreign Affairs", organisation=fps
    )
    director = create_speaker("Jean Van Wetter", "Managing Director", organisation=enabel)
    moderator = create_speaker("Ilse Van de Velde", "Journalist")
    ceo = create_speaker("Bart Steukers", "CEO", organisation=agoria)
    kenya = create_user("ambassador.nairobi@example.org", first_name="Anne", last_name="Nairobi")
    tokyo = create_user(
        "consul.osaka@example.org",
        function=DiplomatFunction.CONSUL_GENERAL,
        region=Region.ASIA_OCEANIA,
    )

    add_session(
        event,
        "Opening of the Diplomatic Contact Days",
        brussels(2, 9, 30),
        brussels(2, 10, 0),
        title_fr="Ouverture des Journées de contact diplomatique",
        title_nl="Opening van de Diplomatieke Contactdagen",
        description_en="Welcome and introduction to this year's theme.",
        description_fr="Accueil et présentation du thème de l'année.",
        description_nl="Verwelkoming en inleiding tot het thema van dit jaar.",
        room=glaces,
        speakers=[(minister, SpeakerRole.SPEAKER), (moderator, SpeakerRole.MODERATOR)],
        organisations=[fps],
        sequence=1,
        first_published_at=datetime(2026, 1, 10, 9, 12, 31, 482113, tzinfo=UTC),
    )
    cancelled = add_session(
        event,
        "Press conference",
        brussels(2, 9, 30),
        brussels(2, 10, 0),
        title_fr="Conférence de presse",
        kind=SessionKind.PRESS,
        room=glaces,  # a cancelled session holds its room no more
        speakers=[(minister, SpeakerRole.GUEST_OF_HONOUR)],
        status=SessionStatus.CANCELLED,
        sequence=2,
    )
    db.session.add(
        SessionChange(
            session=cancelled,
            changed_by_id=organizer.id,
            sequence=2,
            fields={"status": {"old": "published", "new": "cancelled"}},
        )
    )
    db.session.commit()
    # A parallel group: two breakouts with the same English title at the same time.
    for room, title_fr, speaker, organisation in (
        (arenberg, "Atelier régional : Afrique", director, enabel),
        (orangerie, "Atelier régional : Asie", ceo, agoria),
    ):
        add_session(
            event,
            "Regional breakout",
            brussels(2, 11, 0),
            brussels(2, 12, 30),
            title_fr=title_fr,
            kind=SessionKind.WORKSHOP,
            room=room,
            speakers=[(speaker, SpeakerRole.CHAIR)],
            organisations=[organisation, fps],
            parallel_group="regional-breakouts",
            capacity=50,
            signup_required=True,
        )
    add_session(
        event,
        "Ambassadors' working lunch",
        brussels(3, 12, 30),
        brussels(3, 14, 0),
        title_nl="Werklunch van de ambassadeurs",
        kind=SessionKind.MEAL,
        room=orangerie,
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.FUNCTIONS,
        audience_functions=[DiplomatFunction.AMBASSADOR, DiplomatFunction.CHARGE_D_AFFAIRES],
    )
    add_session(
        event,
        "Focus on Asia and Oceania",
        brussels(3, 14, 0),
        brussels(3, 15, 0),
        kind=SessionKind.MEETING,
        visibility=Visibility.ATTENDEES,
        audience=AudienceKind.REGIONS,
        audience_regions=[Region.ASIA_OCEANIA, Region.MULTILATERAL],
    )
    add_session(
        event,
        None,
        brussels(4, 16, 0),
        brussels(4, 16, 30),
        title_fr="Entretien bilatéral",
        kind=SessionKind.BILATERAL,
        status=SessionStatus.DRAFT,
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.NAMED,
        audience_members=[tokyo, kenya],
        speakers=[(director, SpeakerRole.SPEAKER)],
    )
    add_session(
        event,
        "Closing reception",
        brussels(6, 18, 0),
        brussels(6, 20, 0),
        kind=SessionKind.RECEPTION,
        status=SessionStatus.DRAFT,
        capacity=0,
    )
    return event


def empty_the_programme(event):
    """What the event had, gone: the same event row, no rooms, organisations, speakers or
    sessions (nor their changes)."""
    sessions = db.session.scalars(select(Session).where(Session.event_id == event.id)).all()
    for change in db.session.scalars(
        select(SessionChange).where(SessionChange.session_id.in_([s.id for s in sessions]))
    ):
        db.session.delete(change)
    for session in sessions:
        db.session.delete(session)
    db.session.flush()
    for model in (Speaker, Organisation, Room):
        for row in db.session.scalars(select(model).where(model.event_id == event.id)):
            db.session.delete(row)
        db.session.flush()
    db.session.commit()
    for model in (Session, Speaker, Organisation, Room, SessionChange):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


# The round trip


def test_export_empty_the_event_import_export_gives_the_same_bytes(as_organizer, full_programme):
    first = as_organizer.get(EXPORT_JSON)
    assert first.status_code == 200
    empty_the_programme(full_programme)

    response = post_file(as_organizer, first.data)
    assert response.status_code == 302, report_rows(as_organizer.get("/organizer/exchange"))

    second = as_organizer.get(EXPORT_JSON)
    assert second.data == first.data
    assert db.session.scalar(select(func.count()).select_from(Session)) == 8


def test_french_and_dutch_names_and_functions_go_out_and_come_back(
    as_organizer, event, create_organisation, create_speaker
):
    enabel = create_organisation(
        "Enabel – Belgian development agency",
        name_fr="Enabel – Agence belge de développement",
        name_nl="Enabel – Belgisch ontwikkelingsagentschap",
        short_name="Enabel",
        short_name_fr="Enabel FR",
        short_name_nl="Enabel NL",
    )
    create_speaker(
        "Jean Van Wetter",
        "Managing Director",
        function_fr="Directeur général",
        function_nl="Algemeen directeur",
        organisation=enabel,
    )
    first = as_organizer.get(EXPORT_JSON)
    document = json.loads(first.data)
    assert document["organisations"][0]["name_nl"] == "Enabel – Belgisch ontwikkelingsagentschap"
    assert document["speakers"][0]["function_fr"] == "Directeur général"
    empty_the_programme(event)

    assert post_file(as_organizer, first.data).status_code == 302
    organisation = db.session.scalar(select(Organisation))
    speaker = db.session.scalar(select(Speaker))
    assert (organisation.name_fr, organisation.short_name_fr, organisation.short_name_nl) == (
        "Enabel – Agence belge de développement",
        "Enabel FR",
        "Enabel NL",
    )
    assert (speaker.function_fr, speaker.function_nl) == ("Directeur général", "Algemeen directeur")
    assert as_organizer.get(EXPORT_JSON).data == first.data


def test_a_file_without_french_and_dutch_names_imports_with_english_only(as_organizer, event):
    # Files exported before the names were translated: the keys are optional.
    response = post_file(as_organizer, encoded(programme()))

    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation))
    speaker = db.session.scalar(select(Speaker))
    assert (organisation.name, organisation.name_fr, organisation.name_nl) == ("Enabel", None, None)
    assert (speaker.function, speaker.function_fr, speaker.function_nl) == ("Director", None, None)


def test_a_french_function_longer_than_its_column_is_reported(as_organizer, event):
    speaker = {"name": "Marie Claes", "function_fr": "x" * 301, "organisation": "Enabel"}

    response = post_file(as_organizer, encoded(programme(speakers=[speaker])))

    assert (
        "speakers[0] “Marie Claes”",
        "function_fr",
        "At most 300 characters; this has 301.",
    ) in (report_rows(response))


def test_export_is_the_documented_format_without_database_ids(as_organizer, full_programme):
    response = as_organizer.get(EXPORT_JSON)

    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="programme-dcd-2026.json"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.endswith("}\n")
    assert "Prévot" in text  # UTF-8, not \u escapes
    document = json.loads(text)
    assert document["format"] == "eventapp-programme"
    assert document["version"] == 1
    assert document["event"] == {
        "slug": "dcd-2026",
        "first_day": "2026-02-02",
        "last_day": "2026-02-06",
    }
    assert [room["name"] for room in document["rooms"]] == [
        "Orangerie",
        "Salle Arenberg",
        "Salle des Glaces",
    ]
    assert '"id"' not in text and "created_at" not in text and "updated_at" not in text
    opening = document["sessions"][0]
    assert opening["starts_at"] == "2026-02-02T08:30:00Z"
    assert opening["first_published_at"] == "2026-01-10T09:12:31.482113Z"
    assert opening["speakers"] == [
        {"name": "Maxime Prévot", "role": "speaker"},
        {"name": "Ilse Van de Velde", "role": "moderator"},
    ]
    named = next(s for s in document["sessions"] if s["audience"] == "named")
    assert named["audience_members"] == [
        "ambassador.nairobi@example.org",
        "consul.osaka@example.org",
    ]


def test_each_export_is_written_to_the_audit_log(as_organizer, full_programme, organizer):
    as_organizer.get(EXPORT_JSON)
    as_organizer.get(EXPORT_CSV)

    entries = db.session.scalars(
        select(AuditLog).where(AuditLog.action == "programme.export").order_by(AuditLog.id)
    ).all()
    assert [entry.details["format"] for entry in entries] == ["json", "csv"]
    assert entries[0].actor_id == organizer.id
    assert entries[0].details["sessions"] == 8


# Importing


def session_record(**values):
    record = {
        "title_en": "Economic diplomacy breakout",
        "kind": "workshop",
        "starts_at": "2026-02-02T08:30:00Z",
        "ends_at": "2026-02-02T09:30:00Z",
        "room": "Salle Arenberg",
        "speakers": [{"name": "Marie Claes", "role": "chair"}],
        "organisations": ["Enabel"],
    }
    record.update(values)
    return record


def programme(**sections):
    """A valid file: one room, organisation, speaker and draft session."""
    document = {
        "format": "eventapp-programme",
        "version": 1,
        "event": {"slug": "dcd-2026", "first_day": "2026-02-02", "last_day": "2026-02-06"},
        "rooms": [{"name": "Salle Arenberg", "capacity": 60, "notes": ""}],
        "organisations": [{"name": "Enabel", "short_name": "", "kind": "development_agency"}],
        "speakers": [{"name": "Marie Claes", "function": "Director", "organisation": "Enabel"}],
        "sessions": [session_record()],
    }
    document.update(sections)
    return document


def test_a_valid_file_is_imported_in_one_go_and_audited(as_organizer, event, organizer):
    response = post_file(as_organizer, encoded(programme()))

    assert response.status_code == 302
    page = as_organizer.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added: rooms 1, organisations 1, speakers 1, sessions 1." in page
    session = db.session.scalar(select(Session))
    assert session.status == SessionStatus.DRAFT
    assert session.room.name == "Salle Arenberg"
    assert [(link.speaker.name, link.role) for link in session.speaker_links] == [
        ("Marie Claes", SpeakerRole.CHAIR)
    ]
    assert session.speaker_links[0].speaker.organisation.name == "Enabel"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "programme.import"))
    assert entry.actor_id == organizer.id
    assert entry.details == {"rooms": 1, "organisations": 1, "speakers": 1, "sessions": 1}


def test_import_adds_sessions_that_use_the_events_rooms_and_speakers(
    as_organizer, create_room, create_speaker, create_session
):
    create_room("Salle Arenberg", 60)
    create_speaker("Marie Claes")
    create_session("Already there", starts_at=brussels(3, 9, 0), ends_at=brussels(3, 10, 0))
    document = programme(rooms=[], organisations=[], speakers=[])
    document["sessions"][0]["organisations"] = []

    assert post_file(as_organizer, encoded(document)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Session)) == 2
    assert db.session.scalar(select(func.count()).select_from(Room)) == 1


def test_a_file_with_a_byte_order_mark_is_read(as_organizer, event):
    response = post_file(as_organizer, b"\xef\xbb\xbf" + encoded(programme()))
    assert response.status_code == 302


def drop(key):
    def change(document):
        del document["sessions"][0][key]

    return change


def set_in(path, value):
    """A change to the valid file: set the value at path, e.g. ("sessions", 0, "kind")."""

    def change(document):
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


def add_to(section, record):
    def change(document):
        document[section].append(record)

    return change


SESSION = "sessions[0] “Economic diplomacy breakout”"
ROOM = "rooms[0] “Salle Arenberg”"
SPEAKER = "speakers[0] “Marie Claes”"

BAD_FILES = {
    # What is wrong: (the file's bytes, or a change to the valid file), record, field, reason
    "not UTF-8": (
        b'{"format": "eventapp-programme", "version": 1, "rooms": "Caf\xe9"}',
        "the file",
        "",
        "not UTF-8 text",
    ),
    "empty file": (b"", "the file", "", "The file is empty."),
    "blank file": (b"  \n", "the file", "", "The file is empty."),
    "not JSON": (
        b'{"format": "eventapp-programme",\n  "version": 1,,\n}',
        "the file",
        "",
        "(line 2, column 16)",
    ),
    "an array": (b"[]", "the file", "", "one JSON object"),
    "a string": (b'"programme"', "the file", "", "not text"),
    "nested too deep": (b"[" * 100_000 + b"]" * 100_000, "the file", "", "Not valid JSON"),
    "huge number": (
        b'{"format": "eventapp-programme", "version": ' + b"9" * 5000 + b"}",
        "the file",
        "",
        "Not valid JSON",
    ),
    "NaN": (
        b'{"format": "eventapp-programme", "version": 1, "rooms": [{"capacity": NaN}]}',
        "the file",
        "",
        "NaN is not a number JSON allows",
    ),
    "key twice": (
        b'{"format": "eventapp-programme", "version": 1, "version": 1}',
        "the file",
        "version",
        "appears twice",
    ),
    "other format": (
        set_in(("format",), "ical"),
        "the file",
        "format",
        "not an eventapp programme file",
    ),
    "no version": (lambda document: document.pop("version"), "the file", "version", "required"),
    "newer version": (set_in(("version",), 2), "the file", "version", "version 1 of the format"),
    "version as text": (set_in(("version",), "1"), "the file", "version", "not “1”"),
    "unknown section": (set_in(("venues",), []), "the file", "venues", "Unknown field"),
    "section not a list": (set_in(("rooms",), {}), "the file", "rooms", "Expected a list"),
    "record not an object": (
        set_in(("sessions", 0), "Opening"),
        "sessions[0]",
        "",
        "Expected an object, found text",
    ),
    "event last day first": (
        set_in(("event", "last_day"), "2026-01-01"),
        "event",
        "last_day",
        "before the first day",
    ),
    "capacity as text": (
        set_in(("rooms", 0, "capacity"), "sixty"),
        ROOM,
        "capacity",
        "Expected a whole number, found text",
    ),
    "capacity as boolean": (
        set_in(("rooms", 0, "capacity"), True),
        ROOM,
        "capacity",
        "found true or false",
    ),
    "negative capacity": (
        set_in(("sessions", 0, "capacity"), -5),
        SESSION,
        "capacity",
        "between 0 and",
    ),
    "room without capacity": (
        set_in(("rooms", 0), {"name": "Salle Arenberg"}),
        ROOM,
        "capacity",
        "required",
    ),
    "blank name": (
        set_in(("speakers", 0, "name"), "  "),
        "speakers[0]",
        "name",
        "cannot be blank",
    ),
    "null notes": (set_in(("rooms", 0, "notes"), None), ROOM, "notes", "cannot be null"),
    "unknown kind": (
        set_in(("sessions", 0, "kind"), "keynote"),
        SESSION,
        "kind",
        "Unknown value “keynote”; expected one of: plenary",
    ),
    "unknown organisation kind": (
        set_in(("organisations", 0, "kind"), "ngo"),
        "organisations[0] “Enabel”",
        "kind",
        "Unknown value “ngo”",
    ),
    "unknown role": (
        set_in(("sessions", 0, "speakers", 0, "role"), "host"),
        SESSION,
        "speakers[0].role",
        "Unknown value “host”",
    ),
    "unknown status": (
        set_in(("sessions", 0, "status"), "postponed"),
        SESSION,
        "status",
        "Unknown value",
    ),
    "unknown region": (
        set_in(("sessions", 0, "audience_regions"), ["europe", "antarctica"]),
        SESSION,
        "audience_regions[1]",
        "Unknown value “antarctica”",
    ),
    "unknown field": (
        set_in(("sessions", 0, "titel_nl"), "Opening"),
        SESSION,
        "titel_nl",
        "Unknown field",
    ),
    "missing start": (drop("starts_at"), SESSION, "starts_at", "This field is required."),
    "no title at all": (
        drop("title_en"),
        "sessions[0]",
        "title_en",
        "title in at least one language",
    ),
    "title too long": (
        set_in(("sessions", 0, "title_fr"), "x" * 201),
        SESSION,
        "title_fr",
        "At most 200 characters; this has 201",
    ),
    "NUL in a text": (
        set_in(("rooms", 0, "notes"), "a\x00b"),
        ROOM,
        "notes",
        "cannot be stored",
    ),
    "lone surrogate": (
        b'{"format": "eventapp-programme", "version": 1, "rooms": '
        b'[{"name": "Salle \\ud800", "capacity": 10}]}',
        "rooms[0]",
        "name",
        "cannot be stored",
    ),
    "impossible date": (
        set_in(("sessions", 0, "starts_at"), "2026-02-30T08:30:00Z"),
        SESSION,
        "starts_at",
        "not a date and time that exists",
    ),
    "naive datetime": (
        set_in(("sessions", 0, "starts_at"), "2026-02-02T08:30:00"),
        SESSION,
        "starts_at",
        "has no time zone",
    ),
    "date as a number": (
        set_in(("sessions", 0, "ends_at"), 1770022800),
        SESSION,
        "ends_at",
        "Expected a date and time as text, found a whole number",
    ),
    "end before start": (
        set_in(("sessions", 0, "ends_at"), "2026-02-02T08:00:00Z"),
        SESSION,
        "ends_at",
        "end after it starts",
    ),
    "published, never published": (
        set_in(("sessions", 0, "status"), "published"),
        SESSION,
        "first_published_at",
        "must say when it was first published",
    ),
    "sign-up without capacity": (
        set_in(("sessions", 0, "signup_required"), True),
        SESSION,
        "capacity",
        "needs a capacity",
    ),
    "audience without functions": (
        set_in(("sessions", 0, "audience"), "functions"),
        SESSION,
        "audience_functions",
        "at least one function",
    ),
    "functions for everyone": (
        set_in(("sessions", 0, "audience_functions"), ["ambassador"]),
        SESSION,
        "audience_functions",
        "Only an audience “functions”",
    ),
    "unknown member": (
        lambda document: document["sessions"][0].update(
            audience="named", audience_members=["nobody@example.org"]
        ),
        SESSION,
        "audience_members[0]",
        "No account has this e-mail address.",
    ),
    "organizer as audience": (
        lambda document: document["sessions"][0].update(
            audience="named", audience_members=["Organizer@example.org"]
        ),
        SESSION,
        "audience_members[0]",
        "not a diplomat's",
    ),
    "member twice": (
        lambda document: document["sessions"][0].update(
            audience="named",
            audience_members=["ambassador@example.org", "Ambassador@Example.org"],
        ),
        SESSION,
        "audience_members[1]",
        "Listed twice.",
    ),
    "unknown room": (
        set_in(("sessions", 0, "room"), "Salle Nowhere"),
        SESSION,
        "room",
        "No room of this name in the file or in this event.",
    ),
    "unknown speaker": (
        set_in(("sessions", 0, "speakers", 0, "name"), "Nobody"),
        SESSION,
        "speakers[0].name",
        "No speaker of this name",
    ),
    "unknown organisation of a speaker": (
        set_in(("speakers", 0, "organisation"), "Enabel SA"),
        SPEAKER,
        "organisation",
        "No organisation of this name",
    ),
    "speaker listed twice": (
        set_in(
            ("sessions", 0, "speakers"),
            [{"name": "Marie Claes"}, {"name": "Marie Claes", "role": "moderator"}],
        ),
        SESSION,
        "speakers[1].name",
        "listed twice",
    ),
    "room twice in the file": (
        add_to("rooms", {"name": "Salle Arenberg", "capacity": 80}),
        "rooms[1] “Salle Arenberg”",
        "name",
        "The file already has a record with this name: rooms[0]",
    ),
    "session twice in the file": (
        add_to("sessions", session_record()),
        "sessions[1] “Economic diplomacy breakout”",
        "",
        "The same session is already in the file: sessions[0]",
    ),
    "nothing to import": (
        lambda document: document.update(rooms=[], organisations=[], speakers=[], sessions=[]),
        "the file",
        "",
        "no rooms, organisations, speakers or sessions",
    ),
    # The programme rules, checked with the file's sessions in the transaction
    "outside the event": (
        lambda document: document["sessions"][0].update(
            starts_at="2026-03-02T08:30:00Z", ends_at="2026-03-02T09:30:00Z"
        ),
        SESSION,
        "starts_at",
        "during the event",
    ),
    "more places than the room": (
        set_in(("sessions", 0, "capacity"), 61),
        SESSION,
        "capacity",
        "Capacity 61 is more than Salle Arenberg holds (60)",
    ),
    "room taken by another session of the file": (
        add_to(
            "sessions",
            session_record(title_en="Lunch", kind="meal", speakers=[], organisations=[]),
        ),
        "sessions[1] “Lunch”",
        "room",
        "Salle Arenberg is already taken at that time by “Economic diplomacy breakout”",
    ),
    "speaker in two places": (
        add_to(
            "sessions",
            session_record(title_en="Press briefing", room=None, starts_at="2026-02-02T09:00:00Z"),
        ),
        "sessions[1] “Press briefing”",
        "speakers",
        "Marie Claes is already speaking in “Economic diplomacy breakout”",
    ),
    "parallel group apart": (
        lambda document: document["sessions"].extend(
            [
                session_record(
                    title_en="Breakout A", room=None, speakers=[], parallel_group="breakouts"
                ),
                session_record(
                    title_en="Breakout B",
                    room=None,
                    speakers=[],
                    parallel_group="breakouts",
                    starts_at="2026-02-03T08:30:00Z",
                    ends_at="2026-02-03T09:30:00Z",
                ),
            ]
        ),
        "sessions[2] “Breakout B”",
        "parallel_group",
        "must overlap in time",
    ),
}


def bad_file(case) -> bytes:
    change = BAD_FILES[case][0]
    if isinstance(change, bytes):
        return change
    document = copy.deepcopy(programme())
    change(document)
    return encoded(document)


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_gets_a_report_and_changes_nothing(as_organizer, event, case):
    _change, record, field, reason = BAD_FILES[case]
    before = row_counts()

    response = post_file(as_organizer, bad_file(case))

    assert response.status_code == 422
    rows = report_rows(response)
    assert any(
        row_record.startswith(record) and row_field == field and reason in row_reason
        for row_record, row_field, row_reason in rows
    ), rows
    assert "Nothing was imported" in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_file_lists_every_problem_at_once_programme_rules_included(as_organizer, event):
    document = programme()
    document["rooms"][0]["capacity"] = "sixty"
    document["sessions"][0].update(kind="keynote", starts_at="2026-02-02T08:30:00")
    document["sessions"] += [
        session_record(title_en="Panel", room=None),
        session_record(title_en="Interview", room=None, starts_at="2026-02-02T09:00:00Z"),
    ]

    rows = report_rows(post_file(as_organizer, encoded(document)))

    assert [
        (record, field, reason.split(";")[0].split(" (")[0]) for record, field, reason in rows
    ] == [
        (ROOM, "capacity", "Expected a whole number, found text."),
        (SESSION, "kind", "Unknown value “keynote”"),
        (SESSION, "starts_at", "“2026-02-02T08:30:00” has no time zone"),
        ("sessions[2] “Interview”", "speakers", "Marie Claes is already speaking in “Panel”"),
    ]


def test_a_clash_between_two_sessions_of_the_file_is_reported_once(as_organizer, event):
    document = programme()
    document["sessions"].append(
        session_record(title_en="Lunch", kind="meal", speakers=[], organisations=[])
    )

    rows = report_rows(post_file(as_organizer, encoded(document)))

    assert [(record, field) for record, field, _reason in rows] == [("sessions[1] “Lunch”", "room")]


def test_names_the_event_already_has_are_conflicts(as_organizer, create_room, create_speaker):
    create_room("Salle Arenberg", 60)
    create_speaker("Marie Claes")
    before = row_counts()

    rows = report_rows(post_file(as_organizer, encoded(programme())))

    reason = "This event already has one with this name; an import only adds to the programme."
    assert (ROOM, "name", reason) in rows
    assert (SPEAKER, "name", reason) in rows
    assert row_counts() == before


def test_a_session_clashing_with_the_committed_programme_is_refused(
    as_organizer, create_room, create_session
):
    room = create_room("Salle Arenberg", 60)
    create_session(
        "Already there", starts_at=brussels(2, 9, 0), ends_at=brussels(2, 10, 0), room=room
    )
    document = programme(rooms=[])
    before = row_counts()

    rows = report_rows(post_file(as_organizer, encoded(document)))

    assert rows == [
        (
            SESSION,
            "room",
            "Salle Arenberg is already taken at that time by “Already there” "
            "(Mon 2 Feb, 09:00–10:00).",
        )
    ]
    assert row_counts() == before


def test_reimporting_the_export_reports_conflicts_and_duplicates(as_organizer, full_programme):
    exported = as_organizer.get(EXPORT_JSON).data
    before = row_counts()

    rows = report_rows(post_file(as_organizer, exported))

    assert ("rooms[0] “Orangerie”", "name") in [(record, field) for record, field, _ in rows]
    assert any("identical in every field" in reason for _record, _field, reason in rows)
    assert row_counts() == before


def test_a_file_over_the_size_limit_gets_a_report(as_organizer, event):
    before = row_counts()
    huge = b'{"format": "eventapp-programme", "version": 1, "x": "' + b"x" * (10 << 20) + b'"}'

    response = post_file(as_organizer, huge)

    assert response.status_code == 413
    assert report_rows(response) == [
        ("the file", "", "The file is larger than the 5 MB an import accepts.")
    ]
    assert row_counts() == before


def test_a_file_over_the_size_limit_gets_a_report_with_csrf_on(app, as_organizer, event):
    app.config["WTF_CSRF_ENABLED"] = True
    response = post_file(as_organizer, b"x" * (6 << 20))
    assert response.status_code == 413
    assert "larger than the 5 MB" in response.get_data(as_text=True)


def test_the_form_wants_a_json_file(as_organizer, event):
    response = post_file(as_organizer, encoded(programme()), filename="programme.csv")
    assert response.status_code == 400
    assert "Choose a .json file" in response.get_data(as_text=True)

    response = as_organizer.post(IMPORT, data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose the file to import." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Room)) == 0


def test_the_page_offers_both_exports_and_the_import_form(as_organizer, full_programme):
    page = as_organizer.get("/organizer/exchange").get_data(as_text=True)
    assert EXPORT_JSON in page
    assert EXPORT_CSV in page
    assert 'enctype="multipart/form-data"' in page
    counts = re.findall(r"<dt>(\w+)</dt><dd>(\d+)</dd>", page)
    assert counts == [("Rooms", "3"), ("Organisations", "3"), ("Speakers", "4"), ("Sessions", "8")]


# CSV


def read_zip(response) -> dict[str, list[list[str]]]:
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    tables = {}
    for name in archive.namelist():
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no BOM"
        tables[name] = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return tables


def test_csv_export_is_a_zip_of_four_tables_in_brussels_time(as_organizer, full_programme):
    response = as_organizer.get(EXPORT_CSV)

    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="programme-dcd-2026-csv.zip"'
    )
    tables = read_zip(response)
    assert sorted(tables) == ["organisations.csv", "rooms.csv", "sessions.csv", "speakers.csv"]
    header, opening = tables["sessions.csv"][:2]
    assert header[:4] == ["Date", "Start", "End", "Title (English)"]
    assert opening[:6] == [
        "2026-02-02",
        "09:30",
        "10:00",
        "Opening of the Diplomatic Contact Days",
        "Ouverture des Journées de contact diplomatique",
        "Opening van de Diplomatieke Contactdagen",
    ]
    row = dict(zip(header, opening, strict=True))
    assert row["Speakers"] == "Maxime Prévot (Speaker); Ilse Van de Velde (Moderator)"
    assert row["Room"] == "Salle des Glaces"
    assert row["Status"] == "Published"
    lunch = next(r for r in tables["sessions.csv"] if r[3] == "Ambassadors' working lunch")
    assert dict(zip(header, lunch, strict=True))["Audience"] == (
        "Selected functions: Ambassador, Chargé d'affaires"
    )
    assert len(tables["sessions.csv"]) == 1 + 8
    assert tables["rooms.csv"][1] == ["Orangerie", "120", "Accès par le jardin"]
    assert [
        "Jean Van Wetter",
        "Managing Director",
        "",
        "",
        "Enabel – Belgian development agency",
    ] in tables["speakers.csv"]


def test_csv_cells_cannot_become_spreadsheet_formulas(
    as_organizer, event, create_room, create_organisation, create_speaker
):
    room = create_room("-1 basement", 20, notes="=1+1")
    partner = create_organisation("+32 Partners")
    speaker = create_speaker("@evil", function="\tTab")
    add_session(
        event,
        '=HYPERLINK("http://evil.example","Click")',
        brussels(2, 9, 0),
        brussels(2, 10, 0),
        title_fr="\rRetour",
        room=room,
        speakers=[(speaker, SpeakerRole.SPEAKER)],
        organisations=[partner],
        parallel_group="-group",
    )

    tables = read_zip(as_organizer.get(EXPORT_CSV))

    header, row = tables["sessions.csv"]
    cells = dict(zip(header, row, strict=True))
    assert cells["Title (English)"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert cells["Title (French)"] == "'\rRetour"
    assert cells["Room"] == "'-1 basement"
    assert cells["Speakers"] == "'@evil (Speaker)"
    assert cells["Partner organisations"] == "'+32 Partners"
    assert cells["Parallel group"] == "'-group"
    assert tables["rooms.csv"][1] == ["'-1 basement", "20", "'=1+1"]
    assert tables["speakers.csv"][1] == ["'@evil", "'\tTab", "", "", ""]
    assert tables["organisations.csv"][1][0] == "'+32 Partners"


# Who may use it


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/organizer/exchange"),
        ("get", EXPORT_JSON),
        ("get", EXPORT_CSV),
        ("post", IMPORT),
    ],
)
def test_a_diplomat_is_refused_every_exchange_url(client, event, diplomat, login, method, url):
    login(diplomat)
    before = row_counts()
    response = post_file(client, encoded(programme())) if method == "post" else client.get(url)
    assert response.status_code == 403
    assert row_counts() == before


def test_an_anonymous_visitor_is_sent_to_log_in(client, event):
    response = client.get(EXPORT_JSON)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert post_file(client, encoded(programme())).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Room)) == 0


def test_a_diplomat_sending_a_huge_file_gets_the_plain_error(app, client, event, diplomat, login):
    login(diplomat)
    app.config["WTF_CSRF_ENABLED"] = True  # so the body is read before the 403
    response = post_file(client, b"x" * (6 << 20))
    assert response.status_code == 413
    assert "Check and import" not in response.get_data(as_text=True)
