"""The check-in page at the palace door (issue 20, point 5), over HTTP: each answer of a
scan (welcome with needs, already with time and who, not today, cancelled, unknown,
malformed, very long, replaced, another edition), the name search, undo, offline scans
replayed, who may use it, the rate limit, two doors scanning the same badge at once, and
the statements a check-in costs.

The app's clock stands on Tuesday 3 February 2026, 08:52 in Brussels (the demo clock):
"today" at the door is that Tuesday.
"""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from markupsafe import escape
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from eventapp.door import checkin
from eventapp.door.badges import ensure_badge_code, reissue_badge_code
from eventapp.extensions import db
from eventapp.models import AuditLog, CheckIn, RegistrationStatus, Role

from .query_count import count_queries

MONDAY, TUESDAY, WEDNESDAY = date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 4)


@pytest.fixture
def app_overrides():
    return {"DEMO_NOW": "2026-02-03T08:52"}


@pytest.fixture
def at_the_door(client, login, door_staff):
    login(door_staff)
    return client


def code_of(registration) -> str:
    return ensure_badge_code(registration)


def check_ins() -> list[CheckIn]:
    db.session.expire_all()
    return db.session.scalars(select(CheckIn).order_by(CheckIn.id)).all()


def scan(client, code, **data):
    return client.post("/door/check-in", data={"code": code, **data})


def scan_json(client, **data):
    return client.post("/door/check-in", data=data, headers={"Accept": "application/json"})


# Each answer


def test_a_badge_of_today_welcomes_the_person_with_their_needs(at_the_door, attending, door_staff):
    registration = attending(first_name="Élodie", last_name="Dubois")
    registration.accessibility = "Wheelchair: step-free entrance"
    registration.dietary = "Vegetarian"
    db.session.commit()
    response = scan(at_the_door, code_of(registration))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Welcome, Ambassador Élodie Dubois" in page
    assert "Nairobi, Kenya" in page
    assert "Wheelchair: step-free entrance" in page and "Vegetarian" in page
    assert "Tue 3 Feb" in page  # the days attending
    assert 'data-answer="welcome"' in page
    [row] = check_ins()
    assert (row.registration_id, row.day, row.by_id, row.offline) == (
        registration.id,
        TUESDAY,
        door_staff.id,
        False,
    )


def test_a_code_is_read_as_typed_from_a_printout(at_the_door, attending):
    code = code_of(attending())
    typed = " ".join(code[i : i + 4] for i in range(0, 32, 4)).lower()
    assert scan(at_the_door, typed).status_code == 200
    assert len(check_ins()) == 1


def test_a_second_scan_the_same_day_says_when_and_by_whom(at_the_door, attending):
    code = code_of(attending())
    scan(at_the_door, code)
    response = scan(at_the_door, code)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Already checked in today at 08:52 (by Door " in page
    assert 'data-answer="already"' in page
    assert len(check_ins()) == 1


def test_a_person_not_registered_for_today_is_not_expected(at_the_door, attending):
    registration = attending(days=[MONDAY, WEDNESDAY])
    response = scan(at_the_door, code_of(registration))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Not expected today" in page
    assert "Mon 2 Feb, Wed 4 Feb" in page
    assert check_ins() == []


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED, RegistrationStatus.REJECTED],
)
def test_a_cancelled_registration_is_refused(at_the_door, attending, status):
    registration = attending()
    code = code_of(registration)
    registration.status = status
    db.session.commit()
    response = scan(at_the_door, code)
    assert response.status_code == 409
    assert "Registration cancelled" in response.get_data(as_text=True)
    assert check_ins() == []


def test_an_unknown_code_is_not_found(at_the_door, attending):
    attending()
    response = scan(at_the_door, "A" * 32)
    assert response.status_code == 404
    assert "Unknown or replaced badge" in response.get_data(as_text=True)
    assert check_ins() == []


@pytest.mark.parametrize(
    "code",
    ["not a code", "ABC", "1" * 32, "<script>alert(1)</script>", "' OR 1=1 --", "A" * 10_240],
)
def test_a_malformed_or_very_long_code_is_a_bad_request(at_the_door, attending, code):
    attending()
    response = scan(at_the_door, code)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Unknown or replaced badge" in page
    assert "<script>alert(1)" not in page
    assert check_ins() == []


def test_nothing_typed_is_a_bad_request(at_the_door, event):
    response = at_the_door.post("/door/check-in", data={"code": "  "})
    assert response.status_code == 400
    assert "Type a badge code or pick a person." in response.get_data(as_text=True)


def test_a_replaced_code_no_longer_lets_anyone_in(at_the_door, attending, organizer):
    registration = attending()
    old = code_of(registration)
    new = reissue_badge_code(registration, organizer)
    response = scan(at_the_door, old)
    assert response.status_code == 404
    assert "Unknown or replaced badge" in response.get_data(as_text=True)
    assert check_ins() == []
    assert scan(at_the_door, new).status_code == 200


def test_a_badge_of_another_edition_is_unknown_here(
    at_the_door, create_event, create_user, attending
):
    attending()
    last_year = create_event(slug="dcd-2025", first_day=date(2025, 2, 3), last_day=date(2025, 2, 7))
    from eventapp.models import Registration, RegistrationDay

    old = Registration(
        event_id=last_year.id,
        user_id=create_user().id,
        status=RegistrationStatus.CONFIRMED,
        day_rows=[RegistrationDay(day=date(2025, 2, 4))],
    )
    db.session.add(old)
    db.session.commit()
    response = scan(at_the_door, code_of(old))
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Unknown or replaced badge" in page
    assert "another edition" in page
    assert check_ins() == []


# The page's script: the same answers as JSON


def test_the_script_gets_the_answer_as_json_with_its_panel(at_the_door, attending):
    registration = attending(first_name="Ana", last_name="Silva")
    response = scan_json(at_the_door, code=code_of(registration))
    answer = response.get_json()
    assert response.status_code == 200
    assert answer["kind"] == "welcome"
    assert answer["summary"] == "Welcome, Ambassador Ana Silva"
    assert answer["check_in_id"] == check_ins()[0].id
    assert 'data-answer="welcome"' in answer["panel"]
    unknown = scan_json(at_the_door, code="B" * 32)
    assert unknown.status_code == 404
    assert unknown.get_json()["summary"] == "Unknown or replaced badge"


def test_the_check_in_page_carries_its_script_and_texts_and_may_use_the_camera(at_the_door, event):
    response = at_the_door.get("/door")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<script type="application/json" id="door-texts">' in page
    assert "/static/js/door.js" in page
    assert "<script>" not in page and " style=" not in page
    assert response.headers["Permissions-Policy"].startswith("camera=(self)")
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]


# By name


def test_a_name_search_ignores_accents_and_case(at_the_door, attending):
    elodie = attending(first_name="Élodie", last_name="Dubois")
    attending(first_name="Ana", last_name="Silva")
    attending(first_name="Emile", last_name="Gone", status=RegistrationStatus.CANCELLED)
    for typed in ("elodie", "ÉLODIE dub", "dubois"):
        page = at_the_door.get("/door/search", query_string={"q": typed}).get_data(as_text=True)
        assert "Élodie Dubois" in page, typed
        assert "Ana Silva" not in page
        assert f'name="registration_id" value="{elodie.id}"' in page
    page = at_the_door.get("/door/search?q=emile").get_data(as_text=True)
    assert "Nobody attending has that name." in page


def test_a_person_found_by_name_is_checked_in_with_the_button(at_the_door, attending):
    registration = attending(first_name="Łukasz", last_name="Nowak")
    response = at_the_door.post("/door/check-in", data={"registration_id": str(registration.id)})
    assert response.status_code == 200
    assert "Welcome, Ambassador Łukasz Nowak" in response.get_data(as_text=True)
    page = at_the_door.get("/door/search?q=lukasz").get_data(as_text=True)
    assert "In at 08:52" in page
    assert f'name="registration_id" value="{registration.id}"' not in page


def test_a_person_of_another_edition_cannot_be_picked_by_id(
    at_the_door, attending, create_event, create_user
):
    attending()
    response = at_the_door.post("/door/check-in", data={"registration_id": "99999"})
    assert response.status_code == 404
    for value in ("9" * 40, "-1", "x", "\u00b2"):
        assert at_the_door.post("/door/check-in", data={"registration_id": value}).status_code in (
            400,
            404,
        )
    assert check_ins() == []


@pytest.mark.parametrize(
    "typed",
    [
        "'; DROP TABLE users; --",
        "' OR '1'='1",
        "<script>alert('hx')</script>",
        "<b id=hx>bold</b>",
        "%",
        "_",
        "x" * 5000,
    ],
)
def test_sql_or_html_in_a_name_search_is_text(at_the_door, attending, typed):
    attending(first_name="Élodie", last_name="Dubois")
    response = at_the_door.get("/door/search", query_string={"q": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(" not in page and "<b id=hx>" not in page
    if len(typed) < 100:
        assert str(escape(typed)) in page
    assert "Élodie Dubois" not in page
    assert check_ins() == []


def test_the_search_lists_twenty_people_at_most(at_the_door, attending):
    for number in range(25):
        attending(first_name="Marie", last_name=f"Martin {number:02d}")
    page = at_the_door.get("/door/search?q=marie").get_data(as_text=True)
    assert page.count('class="door-person"') == checkin.SEARCH_LIMIT
    assert "More people match" in page


# Undo


def test_a_mistaken_check_in_is_undone_after_asking_and_audited(at_the_door, attending, door_staff):
    registration = attending(first_name="Ana", last_name="Silva")
    code = code_of(registration)
    scan(at_the_door, code)
    [row] = check_ins()
    row_id = str(row.id)
    asked = at_the_door.post("/door/undo", data={"check_in_id": row_id})
    assert asked.status_code == 200
    assert "Undo this check-in?" in asked.get_data(as_text=True)
    assert len(check_ins()) == 1  # asking changed nothing
    done = at_the_door.post("/door/undo", data={"check_in_id": row_id, "confirm": "yes"})
    assert done.status_code == 302
    assert check_ins() == []
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "check_in.undo"))
    assert entry.actor_id == door_staff.id
    assert entry.details["name"] == "Ana Silva"
    assert entry.details["day"] == "2026-02-03"
    page = at_the_door.get("/door").get_data(as_text=True)
    assert "Check-in undone: Ana Silva can be checked in again." in page
    # Pressed twice: said, not an error.
    again = at_the_door.post("/door/undo", data={"check_in_id": row_id, "confirm": "yes"})
    assert again.status_code == 302
    assert "already undone" in at_the_door.get("/door").get_data(as_text=True)
    assert scan(at_the_door, code).status_code == 200
    assert len(check_ins()) == 1


def test_undo_of_a_check_in_that_does_not_exist_is_not_found(at_the_door, event):
    for value in ("", "12345", "9" * 30, "x"):
        assert at_the_door.post("/door/undo", data={"check_in_id": value}).status_code == 404


# Offline scans


def test_an_offline_scan_replayed_is_recorded_once_with_its_time(at_the_door, attending):
    code = code_of(attending())
    scanned = datetime(2026, 2, 3, 7, 40, tzinfo=UTC)  # 08:40 in Brussels
    data = {"code": code, "client_key": "b7c5e0a2-phone-key", "offline": "1"}
    first = scan_json(at_the_door, **data, scanned_at=scanned.isoformat())
    again = scan_json(at_the_door, **data, scanned_at=scanned.isoformat())
    assert first.get_json()["kind"] == again.get_json()["kind"] == "welcome"
    assert "already been recorded" in again.get_json()["panel"]
    [row] = check_ins()
    assert row.offline is True and row.client_key == "b7c5e0a2-phone-key"
    assert row.checked_in_at == scanned


def test_a_second_phone_scanning_offline_gets_already(at_the_door, attending):
    code = code_of(attending())
    scan_json(at_the_door, code=code, client_key="phone-1", offline="1")
    answer = scan_json(at_the_door, code=code, client_key="phone-2", offline="1").get_json()
    assert answer["kind"] == "already"
    assert len(check_ins()) == 1


@pytest.mark.parametrize(
    "scanned_at",
    ["2026-02-03T09:30:00+00:00", "2026-02-02T08:00:00+00:00", "9999-12-31T23:59:59+00:00", "x"],
)
def test_an_implausible_scan_time_is_replaced_by_now(at_the_door, attending, scanned_at):
    code = code_of(attending())
    scan_json(at_the_door, code=code, client_key="k", offline="1", scanned_at=scanned_at)
    [row] = check_ins()
    assert abs(row.checked_in_at - datetime(2026, 2, 3, 7, 52, tzinfo=UTC)) < timedelta(minutes=1)


def test_a_phone_key_reused_for_someone_else_records_nothing(at_the_door, attending):
    first, second = attending(), attending()
    scan_json(at_the_door, code=code_of(first), client_key="same", offline="1")
    response = scan_json(at_the_door, code=code_of(second), client_key="same", offline="1")
    assert response.status_code == 409
    assert len(check_ins()) == 1


# Who may use it


def test_organizers_use_the_door_too(client, login, organizer, attending):
    login(organizer)
    assert client.get("/door").status_code == 200
    assert scan(client, code_of(attending())).status_code == 200
    assert check_ins()[0].by_id == organizer.id


def test_diplomats_and_visitors_are_kept_out(client, login, attending):
    registration = attending()
    code = code_of(registration)
    assert client.get("/door").headers["Location"].startswith("/login")
    assert scan(client, code).headers["Location"].startswith("/login")
    login(registration.user)
    for response in (client.get("/door"), client.get("/door/search?q=a"), scan(client, code)):
        assert response.status_code == 403
    assert check_ins() == []


def test_the_door_is_rate_limited_per_staff_account(
    app, client, login, door_staff, create_user, attending
):
    app.config["DOOR_LIMIT"] = "3 per minute"
    code = code_of(attending())
    login(door_staff)
    for _attempt in range(3):
        assert scan(client, code).status_code == 200
    limited = scan(client, code)
    assert limited.status_code == 429
    assert "Too many attempts" in limited.get_data(as_text=True)
    as_json = scan_json(client, code=code)
    assert as_json.status_code == 429 and as_json.get_json()["error"] == 429
    assert client.get("/door/search?q=x").status_code == 429
    # Another staff account has its own budget.
    other = create_user(email="door2@example.org", role=Role.DOOR_STAFF)
    second = type(client)(app, client.response_wrapper, use_cookies=True)
    assert second.post("/login", data={"email": other.email, "password": "correct horse battery"})
    assert scan(second, code).status_code == 200


# Two doors at the same moment


def test_two_doors_scanning_the_same_badge_at_once_make_one_check_in(
    app, attending, door_staff, organizer
):
    # On PostgreSQL the second insert waits for the first transaction on the unique
    # index, then is refused; on SQLite it waits for the database's one writer, then is
    # refused the same way. Both answer "already" from the winner's row.
    registration = attending()
    code = code_of(registration)
    event_id, staff_ids = registration.event_id, [door_staff.id, organizer.id]
    looked = threading.Barrier(2)
    waited, answers, errors = set(), [], []

    def both_look_before_either_writes(conn, cursor, statement, parameters, context, many):
        # Each door has looked for an earlier check-in (and found none) before either
        # inserts: the database's unique key is all that stands between them.
        me = threading.get_ident()
        if "FROM check_ins" in statement and me in doors and me not in waited:
            waited.add(me)
            looked.wait(timeout=10)

    def door(staff_id):
        doors.add(threading.get_ident())
        with app.app_context(), app.test_request_context():
            try:
                from eventapp.models import Event, User

                outcome = checkin.check_in(
                    db.session.get(Event, event_id), code=code, by=db.session.get(User, staff_id)
                )
                answers.append(outcome.kind)
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    doors: set[int] = set()
    sa_event.listen(db.engine, "after_cursor_execute", both_look_before_either_writes)
    try:
        threads = [threading.Thread(target=door, args=(staff_id,)) for staff_id in staff_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sa_event.remove(db.engine, "after_cursor_execute", both_look_before_either_writes)
    assert errors == []
    assert sorted(answers) == ["already", "welcome"]
    assert db.session.scalar(select(func.count(CheckIn.id))) == 1


# What a check-in costs


def _statements_for_a_check_in(app, client, login, door_staff, attending, others: int):
    for _ in range(others):
        registration = attending()
        db.session.add(
            CheckIn(
                event_id=registration.event_id,
                registration_id=registration.id,
                day=TUESDAY,
                by_id=door_staff.id,
            )
        )
    db.session.commit()
    codes = [code_of(attending()) for _ in range(2)]
    login(door_staff)
    client.get("/door")
    counts = {}
    with count_queries() as statements:
        assert scan(client, codes[0]).status_code == 200
    counts["check-in"] = statements
    with count_queries() as statements:
        assert scan(client, codes[0]).status_code == 200
    counts["already"] = statements
    with count_queries() as statements:
        assert client.get("/door/search?q=person").status_code == 200
    counts["search"] = statements
    return counts


# Statements per request; raising one is a decision: say why in the commit.
DOOR_BUDGETS = {"check-in": 6, "already": 5, "search": 5}


@pytest.mark.parametrize("others", [0, 60])
def test_a_check_in_costs_a_fixed_number_of_statements(
    app, client, login, door_staff, attending, others
):
    counts = _statements_for_a_check_in(app, client, login, door_staff, attending, others)
    for name, statements in counts.items():
        assert len(statements) == DOOR_BUDGETS[name], f"{name}:\n{statements}"
