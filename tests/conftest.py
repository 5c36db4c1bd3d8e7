"""Fixtures: an app with a fresh database per test, on SQLite or PostgreSQL.

The schema is built once per test process (each pytest-xdist worker is one): on SQLite
into a template file that every test gets a copy of; on PostgreSQL into a database of
the worker's own, which is emptied (TRUNCATE) after each test.

Set EVENTAPP_TEST_DATABASE_URL to a PostgreSQL server URL (any database on it you may
connect to); each worker then creates its own database there, runs in it, and drops it.
"""

import io
import shutil
from datetime import date

import pytest
from sqlalchemy import text

from eventapp import create_app
from eventapp.extensions import db
from eventapp.models import (
    DiplomatFunction,
    DiplomatProfile,
    Event,
    MeetingWindow,
    Organisation,
    OrganisationKind,
    PartnerProfile,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    User,
    Visibility,
    WindowStatus,
    utcnow,
)
from eventapp.programme.services import lock_programme

# Autouse: fails a test in which the app writes programme content without lock_programme.
from .programme_guard import programme_writes_raise_the_version  # noqa: F401
from .support import POSTGRES_URL, TemporaryPostgresDatabase, brussels, make_app


def build_schema(url: str) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "schema", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()


@pytest.fixture(scope="session")
def postgres_database():
    """This worker's PostgreSQL database (schema built once), or None on SQLite."""
    if not POSTGRES_URL:
        yield None
        return
    database = TemporaryPostgresDatabase(POSTGRES_URL)
    url = database.create()
    build_schema(url)
    yield url
    database.drop()


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory, postgres_database):
    """An SQLite file holding the empty schema, built once; each test gets a copy."""
    if postgres_database is not None:
        return None
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    build_schema(f"sqlite:///{path}")
    return path


def empty_all_tables() -> None:
    # DELETE rather than TRUNCATE on PostgreSQL too: on tables this small it is several
    # times faster (TRUNCATE makes new files for every table).
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        # Ids start again at 1, as in a new database.
        db.session.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace"
            )
        )
    db.session.commit()


@pytest.fixture
def app_overrides():
    """Configuration a test folder wants on top of the test defaults (see tests/e2e)."""
    return {}


@pytest.fixture
def app(tmp_path, postgres_database, sqlite_schema, app_overrides):
    """An app with an empty database and an app context pushed."""
    if sqlite_schema is not None:
        shutil.copyfile(sqlite_schema, tmp_path / "test.sqlite")
    app = make_app(tmp_path, postgres_database, **app_overrides)
    with app.app_context():
        yield app
        db.session.remove()
        if postgres_database is not None:
            empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Builders: one line in a test makes what it needs, with sensible defaults.


@pytest.fixture
def create_event(app):
    def create_event(**values) -> Event:
        fields = {
            "slug": "dcd-2026",
            "name_en": "Diplomatic Contact Days 2026",
            "name_fr": "Journées de contact diplomatique 2026",
            "name_nl": "Diplomatieke Contactdagen 2026",
            "theme_en": "Global influence through economic and political diplomacy",
            "venue": "Egmont Palace",
            "address": "Place du Petit Sablon 8, 1000 Brussels",
            "first_day": date(2026, 2, 2),
            "last_day": date(2026, 2, 6),
        }
        fields.update(values)
        event = Event(**fields)
        db.session.add(event)
        db.session.commit()
        return event

    return create_event


@pytest.fixture
def event(create_event):
    return create_event()


@pytest.fixture
def create_room(event):
    def create_room(name="Salle des Glaces", capacity=100, **values) -> Room:
        room = Room(event=event, name=name, capacity=capacity, **values)
        db.session.add(room)
        lock_programme(event.id)
        db.session.commit()
        return room

    return create_room


@pytest.fixture
def create_organisation(event):
    def create_organisation(
        name="Enabel", kind=OrganisationKind.DEVELOPMENT_AGENCY, **values
    ) -> Organisation:
        organisation = Organisation(event_id=event.id, name=name, kind=kind, **values)
        db.session.add(organisation)
        lock_programme(event.id)
        db.session.commit()
        return organisation

    return create_organisation


@pytest.fixture
def create_speaker(event):
    def create_speaker(name="The Prime Minister", function="Prime Minister", **values) -> Speaker:
        speaker = Speaker(event_id=event.id, name=name, function=function, **values)
        db.session.add(speaker)
        lock_programme(event.id)
        db.session.commit()
        return speaker

    return create_speaker


@pytest.fixture
def create_session(event):
    def create_session(
        title="Strategic orientations",
        starts_at=None,
        ends_at=None,
        speakers=(),
        **values,
    ) -> Session:
        starts_at = starts_at or brussels(2, 9, 30)
        ends_at = ends_at or brussels(2, 11, 0)
        fields = {
            "event_id": event.id,
            "title_en": title,
            "kind": SessionKind.PLENARY,
            "status": SessionStatus.PUBLISHED,
            "visibility": Visibility.PUBLIC,
        }
        fields.update(values)
        session = Session(starts_at=starts_at, ends_at=ends_at, **fields)
        if session.status != SessionStatus.DRAFT and session.first_published_at is None:
            session.first_published_at = starts_at
        for position, speaker in enumerate(speakers):
            session.speaker_links.append(SessionSpeaker(speaker=speaker, position=position))
        db.session.add(session)
        lock_programme(session.event_id)
        db.session.commit()
        return session

    return create_session


@pytest.fixture
def create_user(app):
    counter = iter(range(1, 10_000))

    def create_user(
        email=None,
        password="correct horse battery",
        role=Role.DIPLOMAT,
        function=DiplomatFunction.AMBASSADOR,
        region=Region.EUROPE,
        **values,
    ) -> User:
        number = next(counter)
        user = User(
            email=email or f"person{number}@example.org",
            role=role,
            first_name=values.pop("first_name", "Person"),
            last_name=values.pop("last_name", str(number)),
            **values,
        )
        if password:
            user.set_password(password)
        if role == Role.DIPLOMAT:
            user.profile = DiplomatProfile(
                function=function, post_city="Nairobi", post_country="Kenya", region=region
            )
        db.session.add(user)
        db.session.commit()
        return user

    return create_user


@pytest.fixture
def organizer(create_user):
    return create_user(email="organizer@example.org", role=Role.ORGANIZER)


@pytest.fixture
def attending(event, create_user):
    """attending(days=..., status=..., **user_values): a diplomat's registration for the
    event (confirmed, all five days unless told), committed; `.user` is the diplomat."""

    def attending(days=None, status=RegistrationStatus.CONFIRMED, **values) -> Registration:
        user = values.pop("user", None) or create_user(**values)
        registration = Registration(event_id=event.id, user_id=user.id, status=status)
        days = days if days is not None else event.days
        registration.day_rows = [RegistrationDay(day=day) for day in days]
        db.session.add(registration)
        db.session.commit()
        return registration

    return attending


@pytest.fixture
def create_partner(event, create_user, create_organisation):
    """create_partner(organisation=..., **user_values): a registered partner
    representative (issue 21) of an organisation of the catalogue (a business unless
    told), with a profile, consented; committed."""

    def create_partner(organisation=None, sectors=(), countries=(), **values) -> User:
        organisation = organisation or create_organisation(
            name=values.pop("organisation_name", "Besix"), kind=OrganisationKind.BUSINESS
        )
        values.setdefault("first_name", "Partner")
        user = create_user(role=Role.PARTNER, **values)
        user.partner_profile = PartnerProfile(
            event_id=event.id,
            organisation_id=organisation.id,
            function="Export director",
            mobile_phone="+32470000000",
            sectors=list(sectors),
            countries=list(countries),
            registered_at=utcnow(),
            consent_at=utcnow(),
        )
        db.session.commit()
        return user

    return create_partner


@pytest.fixture
def partner(create_partner):
    return create_partner(email="partner@example.org")


@pytest.fixture
def create_window(event, create_room):
    """create_window(starts_at=..., ends_at=..., tables=..., status=...): a meeting
    window (issue 21), open for requests unless told; Wednesday 14:00–15:00 Brussels,
    3 tables, 20 + 5 minutes (slots at 14:00, 14:25) by default."""

    def create_window(**values) -> MeetingWindow:
        fields = {
            "event_id": event.id,
            "starts_at": brussels(4, 14),
            "ends_at": brussels(4, 15),
            "tables": 3,
            "meeting_minutes": 20,
            "changeover_minutes": 5,
            "status": WindowStatus.OPEN,
        }
        fields.update(values)
        if "room" not in fields and "room_id" not in fields:
            fields["room"] = create_room(name=f"Salle Arenberg {fields['starts_at']:%H%M%d}")
        window = MeetingWindow(**fields)
        db.session.add(window)
        db.session.commit()
        return window

    return create_window


@pytest.fixture
def door_staff(create_user):
    """Door staff (eventapp/door): the check-in pages, nothing else."""
    return create_user(email="door@example.org", role=Role.DOOR_STAFF, first_name="Door")


@pytest.fixture
def diplomat(create_user):
    return create_user(email="ambassador@example.org")


@pytest.fixture
def login(client):
    def login(user, password="correct horse battery"):
        response = client.post(
            "/login", data={"email": user.email, "password": password}, follow_redirects=False
        )
        assert response.status_code == 302, "login failed"
        return response

    return login


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` records the SQL run in the block (query budgets)."""
    from .query_count import count_queries

    return count_queries


@pytest.fixture
def create_document(organizer):
    """A document on a session, uploaded through the service an organizer's form uses
    (the file is really stored, checked and hashed). `content`: the file's bytes (a
    one-page PDF by default)."""
    from eventapp.documents import samples, services
    from eventapp.models import FileLanguage

    counter = iter(range(1, 10_000))

    def create_document(
        session,
        title="Country fact sheet",
        content=None,
        filename=None,
        language=FileLanguage.EN,
        participants_only=False,
        note=None,
        by=None,
    ):
        number = next(counter)
        content = content if content is not None else samples.pdf(f"{title} {number}")
        details = services.DocumentDetails(
            title_en=title,
            title_fr=None,
            title_nl=None,
            language=language,
            note=note,
            participants_only=participants_only,
        )
        upload = services.Upload(io.BytesIO(content), filename or f"{title}.pdf")
        return services.attach(session, upload, details, by or organizer)

    return create_document
