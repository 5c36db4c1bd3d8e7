"""Arrivals for organizers (issue 20): expected against arrived per day, by function and
region, who is not in yet, exports; check-in at a session's door; what a purge keeps."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from eventapp import datasafety
from eventapp.door import session_door
from eventapp.door.session_door import AlreadyIn, NotCheckedIn, NotOnTheList
from eventapp.extensions import db
from eventapp.models import (
    ArrivalCount,
    AuditLog,
    CheckIn,
    DiplomatFunction,
    Region,
    Registration,
    RegistrationStatus,
    SessionCheckIn,
    SignUp,
    SignUpStatus,
)

from .support import brussels

MONDAY, TUESDAY = date(2026, 2, 2), date(2026, 2, 3)
PAGE = "/organizer/arrivals"


@pytest.fixture
def app_overrides(request):
    """Settings a test gives (`indirect` parametrisation): the demo clock."""
    return getattr(request, "param", {})


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def check_in(registration, day=MONDAY, hour=8, minute=30, by=None, **values):
    row = CheckIn(
        event_id=registration.event_id,
        registration_id=registration.id,
        day=day,
        checked_in_at=brussels(day.day, hour, minute),
        by_id=by.id if by else None,
        **values,
    )
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def monday(attending):
    """Three expected on Monday (two ambassadors in Europe, a consul general in Africa),
    one not expected (Tuesday only), one cancelled."""
    people = {
        "elodie": attending(
            days=[MONDAY], first_name="Élodie", last_name="Ørsted", region=Region.EUROPE
        ),
        "lukasz": attending(
            days=[MONDAY, TUESDAY],
            first_name="Łukasz",
            last_name="Nowak",
            status=RegistrationStatus.REGISTERED,
        ),
        "sukru": attending(
            days=[MONDAY],
            first_name="Şükrü",
            last_name="Yılmaz",
            function=DiplomatFunction.CONSUL_GENERAL,
            region=Region.AFRICA,
        ),
        "tuesday": attending(days=[TUESDAY], first_name="Tuesday", last_name="Only"),
        "cancelled": attending(
            days=[MONDAY],
            first_name="Gone",
            last_name="Away",
            status=RegistrationStatus.CANCELLED,
        ),
    }
    return people


# The page


def test_the_page_counts_expected_and_arrived_by_function_and_region(
    as_organizer, monday, door_staff
):
    check_in(monday["elodie"], hour=8, minute=52, by=door_staff)
    page = as_organizer.get(f"{PAGE}?day=2026-02-02").text
    assert "1 of 3 expected have arrived" in page
    assert "33%" in page
    # By function: ambassadors 1 of 2; consuls general 0 of 1. By region: Europe 1 of 2.
    assert "By function" in page and "By region" in page
    assert "Consul general" in page and "Sub-Saharan Africa" in page
    assert '<meter class="arrivals-meter"' in page and 'value="50"' in page
    # Expected and not yet in; arrived with the time in Brussels and who let them in.
    waiting = page.split("Expected, not yet in")[1].split('id="arrivals-in-title"')[0]
    assert "Nowak, Łukasz" in waiting and "Yılmaz, Şükrü" in waiting
    assert "Ørsted" not in waiting
    arrived = page.split('id="arrivals-in-title"')[1]
    assert "Ørsted, Élodie" in arrived and "08:52" in arrived and "Door" in arrived
    # Not expected on Monday, cancelled: not counted, not listed.
    assert "Only" not in page and "Away" not in page
    assert 'style="' not in page and "<script>" not in page


def test_the_page_shows_the_first_day_outside_the_event_and_links_every_day(as_organizer, monday):
    page = as_organizer.get(PAGE).text
    assert '<span aria-current="page"><time datetime="2026-02-02">' in page
    assert 'href="/organizer/arrivals?day=2026-02-03"' in page


@pytest.mark.parametrize("app_overrides", [{"DEMO_NOW": "2026-02-03T09:30"}], indirect=True)
def test_during_the_event_the_page_shows_today(as_organizer, monday):
    page = as_organizer.get(PAGE).text
    assert '<span aria-current="page"><time datetime="2026-02-03">' in page
    assert "0 of 2 expected have arrived" in page


def test_the_search_ignores_accents_and_case(as_organizer, monday):
    page = as_organizer.get(f"{PAGE}?day=2026-02-02&q=LUKASZ").text
    waiting = page.split("Expected, not yet in")[1].split('id="arrivals-in-title"')[0]
    assert "Nowak, Łukasz" in waiting and "Yılmaz" not in waiting
    page = as_organizer.get(f"{PAGE}?day=2026-02-02&q=yilmaz+nairobi").text
    waiting = page.split("Expected, not yet in")[1].split('id="arrivals-in-title"')[0]
    assert "Yılmaz, Şükrü" in waiting and "Nowak" not in waiting
    # The counts stay those of the whole day.
    assert "0 of 3 expected have arrived" in page


def test_the_list_sorts_by_name_both_ways(as_organizer, monday):
    ascending = as_organizer.get(f"{PAGE}?day=2026-02-02").text
    assert ascending.index("Nowak, Łukasz") < ascending.index("Ørsted, Élodie")
    descending = as_organizer.get(f"{PAGE}?day=2026-02-02&sort=name&dir=desc").text
    assert descending.index("Nowak, Łukasz") > descending.index("Ørsted, Élodie")
    assert 'aria-sort="descending"' in descending


def test_hostile_search_and_parameters_are_shown_escaped(as_organizer, monday):
    response = as_organizer.get(
        f"{PAGE}?day=2026-13-45&sort=%27;drop&dir=x&q=%3Cscript%3Ealert(1)%3C/script%3E'--"
    )
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


def test_nobody_expected_shows_an_empty_state(as_organizer, event):
    page = as_organizer.get(PAGE).text
    assert "Nobody is expected on this day" in page
    assert "Expected, not yet in" not in page


def test_the_live_answer_is_the_same_part_of_the_page(as_organizer, monday):
    check_in(monday["sukru"])
    response = as_organizer.get(f"{PAGE}/live.json?day=2026-02-02")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    answer = response.get_json()
    assert answer["day"] == "2026-02-02"
    assert (answer["expected"], answer["arrived"]) == (3, 1)
    assert "1 of 3 expected have arrived" in answer["html"]
    assert "Yılmaz, Şükrü" in answer["html"]


def test_the_page_polls_from_a_script_file_and_works_without_it(as_organizer, monday):
    page = as_organizer.get(f"{PAGE}?day=2026-02-02").text
    assert 'src="/static/js/arrivals.js"' in page
    assert 'data-live-url="/organizer/arrivals/live.json?day=2026-02-02"' in page
    # Without JavaScript: a button reloads the page with its day and search.
    assert 'name="day" value="2026-02-02"' in page and "Search and refresh" in page
    # What the script says comes from the page, in the page's language.
    assert 'data-updated-label="Updated at"' in page


def test_the_organizer_menu_has_arrivals(as_organizer, event):
    page = as_organizer.get("/organizer/attendees").text
    assert '<a href="/organizer/arrivals">Arrivals</a>' in page


def test_diplomats_and_door_staff_may_not_see_arrivals(client, event, diplomat, door_staff, login):
    for user in (diplomat, door_staff):
        login(user)
        assert client.get(PAGE).status_code == 403
        assert client.get(f"{PAGE}/export.csv").status_code == 403
        client.post("/logout")


def test_the_page_costs_the_same_queries_whatever_the_number_of_people(
    as_organizer, attending, count_queries
):
    def cost():
        as_organizer.get(f"{PAGE}?day=2026-02-02")  # warm caches
        with count_queries() as statements:
            assert as_organizer.get(f"{PAGE}?day=2026-02-02").status_code == 200
        return len(statements)

    first = attending(days=[MONDAY])
    check_in(first)
    few = cost()
    for number in range(20):
        registration = attending(days=[MONDAY], region=list(Region)[number % len(Region)])
        if number % 2:
            check_in(registration, minute=number)
    assert cost() == few


# Exports


def test_the_csv_export_lists_the_day_with_arrival_times(as_organizer, monday, door_staff):
    check_in(monday["elodie"], hour=8, minute=52, by=door_staff)
    response = as_organizer.get(f"{PAGE}/export.csv?day=2026-02-02")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="arrivals-dcd-2026-2026-02-02.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "Day",
        "Last name",
        "First name",
        "Function",
        "Region",
        "Post",
        "Arrived at (Brussels time)",
    ]
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Ørsted", "Nowak", "Yılmaz"}
    assert by_name["Ørsted"][6] == "2026-02-02 08:52"
    assert by_name["Nowak"][6] == ""
    assert by_name["Yılmaz"][3:6] == ["Consul general", "Sub-Saharan Africa", "Nairobi, Kenya"]
    assert db.session.scalar(
        select(func.count(AuditLog.id)).where(AuditLog.action == "arrivals.export")
    )


def test_the_xlsx_export_keeps_formulas_from_running(as_organizer, attending):
    attending(days=[MONDAY], first_name="=HYPERLINK(1)", last_name="@SUM(A1)")
    response = as_organizer.get(f"{PAGE}/export.xlsx?day=2026-02-02")
    assert response.status_code == 200
    assert "2026-02-02.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["B2"].value == "'@SUM(A1)" and sheet["C2"].value == "'=HYPERLINK(1)"
    assert sheet["B2"].data_type == "s"


# Check-in at a session's door


@pytest.fixture
def breakout(create_session):
    return create_session(
        title="Breakout: economic diplomacy",
        capacity=3,
        signup_required=True,
        starts_at=brussels(2, 14),
        ends_at=brussels(2, 15),
    )


def place(session, registration, status=SignUpStatus.CONFIRMED, position=None):
    db.session.add(
        SignUp(
            session_id=session.id,
            user_id=registration.user_id,
            status=status,
            position=position,
        )
    )
    db.session.commit()


def door_url(session, registration, undo=False):
    action = "undo-check-in" if undo else "check-in"
    return f"/organizer/sessions/{session.id}/signups/{registration.user_id}/{action}"


def test_a_person_with_a_place_is_checked_in_once_and_counted(
    as_organizer, breakout, monday, organizer
):
    place(breakout, monday["elodie"])
    place(breakout, monday["lukasz"])
    response = as_organizer.post(door_url(breakout, monday["elodie"]), follow_redirects=True)
    assert "Élodie Ørsted is checked in." in response.text
    assert "1 of 2 with a place are in" in response.text
    again = as_organizer.post(door_url(breakout, monday["elodie"]), follow_redirects=True)
    assert "Élodie Ørsted is already checked in." in again.text
    assert db.session.scalar(select(func.count(SessionCheckIn.id))) == 1
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "session.check_in"))
    assert entry.actor_id == organizer.id and entry.target_id == breakout.id


def test_a_waitlisted_person_is_not_on_the_list(as_organizer, breakout, monday):
    place(breakout, monday["sukru"], SignUpStatus.WAITLISTED, position=1)
    response = as_organizer.post(door_url(breakout, monday["sukru"]), follow_redirects=True)
    assert "is on the waitlist, not on the list" in response.text
    other = as_organizer.post(door_url(breakout, monday["lukasz"]), follow_redirects=True)
    assert "has no place in this session" in other.text
    assert db.session.scalar(select(func.count(SessionCheckIn.id))) == 0


def test_a_check_in_can_be_undone_and_both_are_audited(as_organizer, breakout, monday):
    place(breakout, monday["elodie"])
    as_organizer.post(door_url(breakout, monday["elodie"]))
    response = as_organizer.post(
        door_url(breakout, monday["elodie"], undo=True), follow_redirects=True
    )
    assert "Check-in of Élodie Ørsted undone." in response.text
    assert "0 of 1 with a place are in" in response.text
    again = as_organizer.post(
        door_url(breakout, monday["elodie"], undo=True), follow_redirects=True
    )
    assert "was not checked in" in again.text
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-2:] == ["session.check_in", "session.check_in_undone"]


def test_the_unique_key_decides_between_two_doors(app, breakout, monday, organizer):
    place(breakout, monday["elodie"])
    user = monday["elodie"].user
    with app.test_request_context():
        session_door.check_in_to_session(breakout, user, organizer)
        # The other door read "not in yet" before the first wrote: the insert is refused.
        with pytest.raises(AlreadyIn):
            session_door.check_in_to_session(breakout, user, organizer)
        with pytest.raises(NotOnTheList):
            session_door.check_in_to_session(breakout, monday["lukasz"].user, organizer)
        session_door.undo_session_check_in(breakout, user, organizer)
        with pytest.raises(NotCheckedIn):
            session_door.undo_session_check_in(breakout, user, organizer)


def test_the_sign_up_page_offers_check_in_and_undo_with_csrf(as_organizer, breakout, monday):
    place(breakout, monday["elodie"])
    place(breakout, monday["lukasz"])
    as_organizer.post(door_url(breakout, monday["elodie"]))
    page = as_organizer.get(f"/organizer/sessions/{breakout.id}/signups").text
    assert f'action="{door_url(breakout, monday["lukasz"])}"' in page
    assert f'action="{door_url(breakout, monday["elodie"], undo=True)}"' in page
    assert 'name="csrf_token"' in page
    assert "<meter" in page


# What a purge keeps


def test_a_purge_keeps_the_counts_and_removes_names_times_and_badge_codes(
    as_organizer, monday, breakout, door_staff, attending
):
    check_in(monday["elodie"], by=door_staff)
    check_in(monday["lukasz"], day=TUESDAY)
    place(breakout, monday["elodie"])
    db.session.add(SessionCheckIn(session_id=breakout.id, user_id=monday["elodie"].user_id))
    for registration in monday.values():
        registration.badge_seed = f"seed-{registration.id}"
        registration.badge_code_hash = f"hash-{registration.id}"
    db.session.commit()

    report = datasafety.purge_personal_data(today=date(2026, 3, 1))

    assert report.changed["check-ins"] == 2 and report.changed["session check-ins"] == 1
    assert report.changed["badge codes"] == 5
    assert db.session.scalar(select(func.count(CheckIn.id))) == 0
    assert db.session.scalar(select(func.count(SessionCheckIn.id))) == 0
    assert all(
        registration.badge_seed is None and registration.badge_code_hash is None
        for registration in db.session.scalars(select(Registration))
    )
    kept = {
        (count.day, count.function, count.region): (count.expected, count.arrived)
        for count in db.session.scalars(select(ArrivalCount))
    }
    assert kept == {
        (MONDAY, DiplomatFunction.AMBASSADOR, Region.EUROPE): (2, 1),
        (MONDAY, DiplomatFunction.CONSUL_GENERAL, Region.AFRICA): (0 + 1, 0),
        (TUESDAY, DiplomatFunction.AMBASSADOR, Region.EUROPE): (2, 1),
    }

    page = as_organizer.get(f"{PAGE}?day=2026-02-02").text
    assert "1 of 3 expected have arrived" in page
    assert "the names and arrival times were removed" in page
    assert "Nowak" not in page and "Download CSV" not in page

    # Again: nothing more to remove, the counts stay as they are.
    again = datasafety.purge_personal_data(today=date(2026, 3, 1))
    assert again.changed["arrival counts"] == 0 and again.changed["check-ins"] == 0
    assert db.session.scalar(select(func.sum(ArrivalCount.arrived))) == 2

    # After the purge, someone of a group it kept no count for comes in: a count of
    # their group, of those who came; someone of another such group who never came adds none.
    newcomer = attending(
        days=[MONDAY],
        first_name="New",
        last_name="Comer",
        function=DiplomatFunction.CONSUL_GENERAL,
        region=Region.EUROPE,
    )
    attending(
        days=[TUESDAY],
        first_name="Never",
        last_name="Came",
        function=DiplomatFunction.CONSUL_GENERAL,
        region=Region.AFRICA,
    )
    check_in(newcomer)
    later = datasafety.purge_personal_data(today=date(2026, 3, 1))
    assert later.changed["arrival counts"] == 1
    kept_later = {
        (count.day, count.function, count.region): (count.expected, count.arrived)
        for count in db.session.scalars(select(ArrivalCount))
    }
    assert kept_later == kept | {(MONDAY, DiplomatFunction.CONSUL_GENERAL, Region.EUROPE): (1, 1)}


# The demo week


@pytest.mark.slow
def test_the_demo_door_stands_at_tuesday_half_past_nine(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(Registration)).event_id
    from eventapp.door.arrivals import day_arrivals
    from eventapp.models import Event

    edition = db.session.get(Event, event)
    monday, tuesday = day_arrivals(edition, MONDAY), day_arrivals(edition, TUESDAY)
    assert 0.8 <= monday.total.arrived / monday.total.expected <= 0.95
    assert 0.5 <= tuesday.total.arrived / tuesday.total.expected <= 0.7
    assert not day_arrivals(edition, date(2026, 2, 4)).arrived
    for day, people in ((MONDAY, monday.arrived), (TUESDAY, tuesday.arrived)):
        assert all(
            brussels(day.day, 8, 15) <= person.arrived_at < brussels(day.day, 9, 30)
            for person in people
        )
    assert 1 <= db.session.scalar(select(func.count(SessionCheckIn.id))) <= 20
