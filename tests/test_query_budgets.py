"""Query budgets: the pages and feeds people reload all week cost a fixed number of SQL
statements, whatever the size of the programme.

The same requests run against a small edition (10 sessions, a dozen diplomats) and a
large one (500 sessions, 1,200 diplomats, 10,000 sign-ups, 300 partner representatives
and 1,500 meetings, built by bench/dataset.py);
each must run exactly as many statements in both, and no more than its budget. A page
that loads something per session or per diplomat (an N+1) fails here long before it
shows in the benchmark.
"""

import re

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from bench import dataset
from eventapp.calendar.services import ensure_feed_token
from eventapp.extensions import db
from eventapp.models import (
    Document,
    DocumentDownload,
    DocumentVersion,
    FileLanguage,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    Session,
    SignUp,
    SignUpStatus,
    User,
    utcnow,
)

from .conftest import empty_all_tables
from .query_count import count_queries
from .support import make_app

SMALL = dataset.Size(
    sessions=10, diplomats=12, signups=30, organisations=4, speakers=8, partners=5, meetings=20
)
LARGE = dataset.FULL
PASSWORD = "budget password"

# Statements per request. Raising one is a decision: say why in the commit.
BUDGETS = {
    "programme (anonymous)": 2,
    "programme (diplomat)": 3,
    # One statement more since issue 21: the diplomat's bilateral meetings and the
    # requests waiting for their answer, whatever their number (one statement:
    # eventapp/meetings/on_agenda.py `agenda_meetings_and_requests`). One more since
    # issue 22: the briefing documents of every session on the agenda and the
    # diplomat's visits of them (eventapp/documents/reading.py `on_agenda`).
    "agenda": 7,
    "organizer grid": 10,
    "attendee list": 6,
    "arrivals": 5,
    "programme feed": 7,
    # One more since issue 21, as for the agenda: the bilateral meetings.
    "personal feed": 5,
    # A partner's agenda and feed: the user, the event, their meetings.
    "partner agenda": 3,
    "partner feed": 3,
    # The organizers' briefing documents (issue 22): the edition's, and a session's with
    # its pre-reading list (its participants and which documents each opened).
    "organizer documents": 6,
    "session documents": 10,
}


def _requests(diplomat_token, partner_token="", read_session_id=0):
    """What each budget measures: (name, path)."""
    return {
        "programme (anonymous)": "/programme?day=2026-02-03",
        "programme (diplomat)": "/programme?day=2026-02-03",
        "agenda": "/agenda",
        "organizer grid": "/organizer/grid?day=2026-02-03",
        "attendee list": "/organizer/attendees",
        "arrivals": "/organizer/arrivals?day=2026-02-03",
        "programme feed": "/programme.ics",
        "personal feed": f"/feeds/{diplomat_token}.ics",
        "partner agenda": "/partner/agenda",
        "partner feed": f"/feeds/{partner_token}.ics",
        "organizer documents": "/organizer/documents",
        "session documents": f"/organizer/sessions/{read_session_id}/documents",
    }


def _busiest_diplomat() -> User:
    """A diplomat attending every day with the most sign-ups, among those with an accepted
    bilateral meeting: the longest agenda."""
    user_id = db.session.scalar(
        select(SignUp.user_id)
        .join(Registration, Registration.user_id == SignUp.user_id)
        .where(
            SignUp.status.in_([SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED]),
            Registration.status == RegistrationStatus.CONFIRMED,
            select(Meeting.id)
            .where(
                Meeting.diplomat_id == SignUp.user_id,
                Meeting.status == MeetingStatus.ACCEPTED,
            )
            .exists(),
        )
        .group_by(SignUp.user_id)
        .order_by(func.count().desc(), SignUp.user_id)
        .limit(1)
    )
    return db.session.get(User, user_id)


def _add_documents() -> None:
    """A briefing document on every session, every other one narrowed to participants
    (rows only: the agenda counts them, nobody downloads a file here)."""
    now = utcnow()
    for number, (session_id, event_id) in enumerate(
        db.session.execute(select(Session.id, Session.event_id)).all()
    ):
        document = Document(
            event_id=event_id,
            session_id=session_id,
            title_en=f"Briefing {number}",
            language=FileLanguage.EN,
            participants_only=number % 2 == 1,
            current_number=1,
            changed_at=now,
            created_at=now,
        )
        document.versions.append(
            DocumentVersion(
                number=1,
                sha256=f"{number:064x}",
                size=1000 + number,
                content_type="application/pdf",
                filename=f"briefing-{number}.pdf",
                uploaded_at=now,
            )
        )
        db.session.add(document)
    db.session.commit()


def _read_session() -> int:
    """The session needing sign-up with the most places held, its document downloaded
    by every other one of them: the longest pre-reading list."""
    session_id = db.session.scalar(
        select(SignUp.session_id)
        .where(SignUp.status == SignUpStatus.CONFIRMED)
        .group_by(SignUp.session_id)
        .order_by(func.count().desc(), SignUp.session_id)
        .limit(1)
    )
    document = db.session.scalar(select(Document).where(Document.session_id == session_id))
    placed = db.session.scalars(
        select(SignUp.user_id)
        .where(SignUp.session_id == session_id, SignUp.status == SignUpStatus.CONFIRMED)
        .order_by(SignUp.user_id)
    ).all()
    db.session.add_all(
        DocumentDownload(document_id=document.id, version_id=document.current.id, user_id=user_id)
        for user_id in placed[::2]
    )
    db.session.commit()
    return session_id


def _busiest_partner() -> User:
    """The partner representative with the most accepted or cancelled meetings."""
    user_id = db.session.scalar(
        select(Meeting.partner_id)
        .where(Meeting.status.in_([MeetingStatus.ACCEPTED, MeetingStatus.CANCELLED]))
        .group_by(Meeting.partner_id)
        .order_by(func.count().desc(), Meeting.partner_id)
        .limit(1)
    )
    return db.session.get(User, user_id)


def _log_in(client, email):
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, "login failed"


def _measure(tmp_path, postgres_database, size: dataset.Size) -> dict[str, tuple[int, str]]:
    """Statements per request on an edition of `size`, in a fresh app (empty caches)."""
    app = make_app(tmp_path, postgres_database)
    counts = {}
    with app.app_context():
        if postgres_database is None:
            db.create_all()
        try:
            dataset.build(size, password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1"))
            db.session.execute(
                db.update(User)
                .where(User.email == dataset.ORGANIZER_EMAIL)
                .values(password_hash=generate_password_hash(PASSWORD, "pbkdf2:sha256:1"))
            )
            db.session.commit()
            _add_documents()
            diplomat = _busiest_diplomat()
            token = ensure_feed_token(diplomat)
            email = diplomat.email
            partner = _busiest_partner()
            partner_token, partner_email = ensure_feed_token(partner), partner.email
            read_session_id = _read_session()
            db.session.remove()

            anonymous, diplomat_client, organizer, partner_client = (
                app.test_client() for _ in range(4)
            )
            _log_in(diplomat_client, email)
            _log_in(organizer, dataset.ORGANIZER_EMAIL)
            _log_in(partner_client, partner_email)
            clients = {
                "programme (anonymous)": anonymous,
                "programme (diplomat)": diplomat_client,
                "agenda": diplomat_client,
                "organizer grid": organizer,
                "attendee list": organizer,
                "arrivals": organizer,
                "programme feed": anonymous,
                "personal feed": anonymous,
                "partner agenda": partner_client,
                "partner feed": anonymous,
                "organizer documents": organizer,
                "session documents": organizer,
            }
            # A first visit (the agenda marks what was seen, the feed remembers what it
            # served) writes once; the budgets are for every later request.
            assert diplomat_client.get("/agenda").status_code == 200
            assert anonymous.get(f"/feeds/{token}.ics").status_code == 200
            assert anonymous.get(f"/feeds/{partner_token}.ics").status_code == 200
            # The programme page keeps the session cards it renders for the programme
            # version (eventapp/programme/cards.py): what a first visit costs depends on
            # what earlier ones rendered; the budgets are for the reloads after it.
            requests = _requests(token, partner_token, read_session_id)
            for name in ("programme (anonymous)", "programme (diplomat)"):
                assert clients[name].get(requests[name]).status_code == 200
            for name, path in requests.items():
                with count_queries() as statements:
                    response = clients[name].get(path)
                assert response.status_code == 200, (name, response.status_code)
                _check_shows_the_data(name, response, size)
                counts[name] = (len(statements), str(statements))
        finally:
            db.session.remove()
            empty_all_tables()
            db.engine.dispose()
    return counts


def _check_shows_the_data(name, response, size):
    """The large edition really is large on the page (a budget on an empty page proves
    nothing)."""
    body = response.get_data(as_text=True)
    if size is LARGE and name in ("programme feed", "personal feed"):
        assert len(re.findall(r"^BEGIN:VEVENT", body, re.M)) >= 20, name
    if name in ("personal feed", "partner feed"):
        # The programme feed never holds a meeting; these two do.
        assert "UID:meeting-" in body, name
    if name == "partner agenda":
        assert 'class="agenda-item agenda-meeting' in body
    if name == "agenda":
        # Every session has a document (`_add_documents`): each item says how many.
        assert body.count('class="agenda-item__documents"') >= 3, name
    if name == "organizer documents":
        # Every session has a document: each has its table.
        assert body.count('<section class="card" aria-labelledby="session-') >= 10, name
    if size is LARGE and name == "session documents":
        # Dozens of places held (`_read_session`), half of them with the document opened.
        assert body.count(">Not opened<") >= 10 and body.count(">Opened<") >= 10, name
    if size is LARGE and name == "attendee list":
        # A full page (the list shows 50 at a time) of the 1,200.
        assert body.count('id="registration-') == 50


@pytest.fixture(scope="module")
def statement_counts(tmp_path_factory, postgres_database):
    """{request: ((small count, statements), (large count, statements))}."""
    small = _measure(tmp_path_factory.mktemp("small"), postgres_database, SMALL)
    large = _measure(tmp_path_factory.mktemp("large"), postgres_database, LARGE)
    return {name: (small[name], large[name]) for name in small}


@pytest.mark.parametrize("name", list(BUDGETS))
def test_request_costs_the_same_statements_whatever_the_programme_size(statement_counts, name):
    (small, small_sql), (large, large_sql) = statement_counts[name]
    assert small == large, (
        f"{name}: {small} statements with {SMALL.sessions} sessions, {large} with "
        f"{LARGE.sessions}\n--- small\n{small_sql}\n--- large\n{large_sql}"
    )


@pytest.mark.parametrize("name", list(BUDGETS))
def test_request_stays_within_its_query_budget(statement_counts, name):
    (_small, _), (large, large_sql) = statement_counts[name]
    assert large <= BUDGETS[name], f"{name}: {large} statements\n{large_sql}"
