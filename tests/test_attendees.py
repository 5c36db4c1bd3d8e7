"""Organizers see who registered, confirm or reject them, and download the lists."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    AuditLog,
    DiplomatFunction,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
)

from .support import brussels

Status = RegistrationStatus


@pytest.fixture
def register(event, create_user):
    """A diplomat and their registration for the event, in one line."""

    def register(
        first_name="Anna",
        last_name="Peeters",
        status=Status.REGISTERED,
        days=(2, 3),
        function=DiplomatFunction.AMBASSADOR,
        region=Region.EUROPE,
        post=("Nairobi", "Kenya"),
        email=None,
        language="en",
        to_event=None,
        **values,
    ) -> Registration:
        user = create_user(
            email=email,
            password=None,  # nobody logs in as them here; hashing is slow
            first_name=first_name,
            last_name=last_name,
            function=function,
            region=region,
            language=language,
        )
        user.profile.post_city, user.profile.post_country = post
        registration = Registration(
            event_id=(to_event or event).id, user_id=user.id, status=status, **values
        )
        registration.day_rows = [RegistrationDay(day=date(2026, 2, day)) for day in days]
        db.session.add(registration)
        db.session.commit()
        return registration

    return register


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def rows_shown(response) -> set[int]:
    """The registrations (by id) the list page shows."""
    assert response.status_code == 200
    return {int(found) for found in re.findall(r'id="registration-(\d+)"', response.text)}


def status_of(registration) -> RegistrationStatus:
    return db.session.scalar(select(Registration.status).where(Registration.id == registration.id))


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(response) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(response.data))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


# Who may see it


ATTENDEE_URLS = [
    ("get", "/organizer/attendees"),
    ("get", "/organizer/attendees/{id}"),
    ("post", "/organizer/attendees/{id}/confirm"),
    ("get", "/organizer/attendees/{id}/reject"),
    ("post", "/organizer/attendees/{id}/reject"),
    ("post", "/organizer/attendees/bulk"),
    ("post", "/organizer/attendees/bulk/apply"),
    *(
        ("get", f"/organizer/attendees/export/{kind}.{fmt}")
        for kind in ("attendees", "catering", "badges")
        for fmt in ("csv", "xlsx")
    ),
]


@pytest.mark.parametrize(("method", "url"), ATTENDEE_URLS)
def test_a_diplomat_is_refused_every_attendee_page_and_sees_nobody_elses_data(
    client, login, diplomat, register, method, url
):
    other = register(
        first_name="Bruno",
        last_name="Secret",
        email="bruno@example.org",
        mobile_phone="+32 470 00 00 00",
        dietary="No shellfish",
    )
    login(diplomat)
    data = {"registration_ids": [str(other.id)], "action": "confirm"}
    response = getattr(client, method)(url.format(id=other.id), data=data)
    assert response.status_code == 403
    for personal in ("bruno@example.org", "Secret", "+32 470", "shellfish"):
        assert personal not in response.text
    assert status_of(other) == Status.REGISTERED
    assert outbox() == []


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client, event):
    response = client.get("/organizer/attendees")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


# The list


def test_list_shows_each_registration_with_function_post_region_status_days_language(
    as_organizer, register
):
    register(
        first_name="Claire",
        last_name="Dubois",
        function=DiplomatFunction.CONSUL_GENERAL,
        region=Region.AMERICAS,
        post=("Montréal", "Canada"),
        status=Status.CONFIRMED,
        days=(3, 4),
        language="fr",
    )
    page = as_organizer.get("/organizer/attendees").text
    for shown in (
        "Dubois, Claire",
        "Consul general",
        "Montréal, Canada",
        "Americas",
        '<span class="badge badge--confirmed">Confirmed</span>',
        "Tue 3 Feb, Wed 4 Feb",
        "Français",
    ):
        assert shown in page


def test_list_shows_only_registrations_of_the_current_edition(as_organizer, register, create_event):
    last_year = create_event(slug="dcd-2025", first_day=date(2025, 2, 3), last_day=date(2025, 2, 7))
    ours = register(last_name="Current")
    register(last_name="Former", to_event=last_year, days=())
    assert rows_shown(as_organizer.get("/organizer/attendees")) == {ours.id}


def test_status_filter_keeps_that_status_only(as_organizer, register):
    confirmed = register(status=Status.CONFIRMED)
    register(status=Status.REGISTERED)
    response = as_organizer.get("/organizer/attendees?status=confirmed")
    assert rows_shown(response) == {confirmed.id}


def test_function_filter_keeps_that_function_only(as_organizer, register):
    consul = register(function=DiplomatFunction.CONSUL_GENERAL)
    register(function=DiplomatFunction.AMBASSADOR)
    response = as_organizer.get("/organizer/attendees?function=consul_general")
    assert rows_shown(response) == {consul.id}


def test_region_filter_keeps_that_region_only(as_organizer, register):
    africa = register(region=Region.AFRICA)
    register(region=Region.EUROPE)
    response = as_organizer.get("/organizer/attendees?region=africa")
    assert rows_shown(response) == {africa.id}


def test_day_filter_keeps_those_coming_that_day(as_organizer, register):
    thursday = register(days=(4, 5))
    register(days=(2,))
    response = as_organizer.get("/organizer/attendees?day=2026-02-05")
    assert rows_shown(response) == {thursday.id}


def test_filters_combine(as_organizer, register):
    wanted = register(status=Status.CONFIRMED, region=Region.AFRICA)
    register(status=Status.CONFIRMED, region=Region.EUROPE)
    register(status=Status.REGISTERED, region=Region.AFRICA)
    response = as_organizer.get("/organizer/attendees?status=confirmed&region=africa")
    assert rows_shown(response) == {wanted.id}


def test_search_finds_a_name_whatever_the_case_and_accents(as_organizer, register):
    elodie = register(first_name="Élodie", last_name="Van den Berghe")
    register(first_name="Marc", last_name="Janssens")
    assert rows_shown(as_organizer.get("/organizer/attendees?q=ELODIE")) == {elodie.id}
    assert rows_shown(as_organizer.get("/organizer/attendees?q=van DEN")) == {elodie.id}


def test_search_finds_an_email_address(as_organizer, register):
    wanted = register(email="head.of.post@embassy.example")
    register(email="someone@example.org")
    assert rows_shown(as_organizer.get("/organizer/attendees?q=Embassy.Example")) == {wanted.id}


def test_search_finds_a_post_city_or_country(as_organizer, register):
    tokyo = register(post=("Tokyo", "Japan"))
    register(post=("Nairobi", "Kenya"))
    assert rows_shown(as_organizer.get("/organizer/attendees?q=tokyo")) == {tokyo.id}
    assert rows_shown(as_organizer.get("/organizer/attendees?q=JAPAN")) == {tokyo.id}


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "function=king",
        "region=atlantis",
        "day=2026-02-31",
        "day=2026-03-01",
        "day=yesterday",
        "status=&function=&region=&day=",
        "q=" + "x" * 5000,
    ],
)
def test_bad_filter_values_are_ignored(as_organizer, register, query):
    everyone = {register().id, register(status=Status.CONFIRMED).id}
    response = as_organizer.get(f"/organizer/attendees?{query}")
    shown = rows_shown(response)
    assert shown == everyone or (query.startswith("q=") and shown == set())


def test_counts_per_status_cover_the_whole_edition(as_organizer, register):
    for status in (Status.CONFIRMED, Status.CONFIRMED, Status.REGISTERED, Status.DECLINED):
        register(status=status)
    page = as_organizer.get("/organizer/attendees?status=declined").text
    assert 'data-status="confirmed">2<' in page
    assert 'data-status="registered">1<' in page
    assert 'data-status="declined">1<' in page
    assert 'data-status="invited">0<' in page
    assert "1 of 4 registrations" in page


def test_counts_per_day_count_registered_and_confirmed_only(as_organizer, register):
    register(status=Status.CONFIRMED, days=(2, 3))
    register(status=Status.REGISTERED, days=(2,))
    register(status=Status.DECLINED, days=(2, 3))
    register(status=Status.CANCELLED, days=(3,))
    register(status=Status.INVITED, days=(3,))
    page = as_organizer.get("/organizer/attendees").text
    assert 'data-day="2026-02-02">2<' in page
    assert 'data-day="2026-02-03">1<' in page
    assert 'data-day="2026-02-06">0<' in page


def test_empty_list_explains_what_comes_here(as_organizer, event):
    page = as_organizer.get("/organizer/attendees").text
    assert "No registrations yet" in page
    assert "Confirm selected" not in page


def test_filters_that_match_nobody_offer_to_show_everyone(as_organizer, register):
    register()
    page = as_organizer.get("/organizer/attendees?q=nobody-has-this-name").text
    assert "No attendees match" in page
    assert 'href="/organizer/attendees"' in page


def test_list_costs_the_same_queries_with_3_or_30_registrations(as_organizer, register):
    def queries_for_the_list():
        statements = []

        def count(*args):
            statements.append(args[2])

        sqlalchemy_event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert as_organizer.get("/organizer/attendees").status_code == 200
        finally:
            sqlalchemy_event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    for _ in range(3):
        register()
    with_three = queries_for_the_list()
    for number in range(27):
        register(status=Status.CONFIRMED if number % 2 else Status.REGISTERED)
    assert queries_for_the_list() == with_three


# Pages of the list: 50 registrations a page


def register_many(register, number, **values) -> list[Registration]:
    """`number` registrations whose last names sort in the order they are made."""
    return [register(last_name=f"Name {each:03d}", **values) for each in range(number)]


def test_51_registrations_fill_two_pages_of_50_and_1(as_organizer, register):
    everyone = register_many(register, 51)
    first = rows_shown(as_organizer.get("/organizer/attendees"))
    second = rows_shown(as_organizer.get("/organizer/attendees?page=2"))
    assert first == {each.id for each in everyone[:50]}
    assert second == {everyone[50].id}


def test_a_page_says_which_registrations_it_shows_and_links_to_its_neighbours(
    as_organizer, register
):
    register_many(register, 51)
    first = as_organizer.get("/organizer/attendees").text
    assert "51 of 51 registrations · 1–50 on this page" in first
    assert "Page 1 of 2" in first
    assert 'href="/organizer/attendees?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    second = as_organizer.get("/organizer/attendees?page=2").text
    assert "51–51 on this page" in second
    assert 'href="/organizer/attendees?page=1" rel="prev"' in second
    assert 'rel="next"' not in second


def test_a_list_of_50_or_fewer_has_no_page_links(as_organizer, register):
    register_many(register, 50)
    page = as_organizer.get("/organizer/attendees").text
    assert "50 of 50 registrations" in page
    assert "Page 1 of" not in page


def test_page_links_keep_the_filters(as_organizer, register):
    africa = register_many(register, 51, region=Region.AFRICA)
    register_many(register, 5, region=Region.EUROPE)
    first = as_organizer.get("/organizer/attendees?region=africa").text
    assert 'href="/organizer/attendees?page=2&amp;region=africa" rel="next"' in first
    second = as_organizer.get("/organizer/attendees?page=2&region=africa")
    assert rows_shown(second) == {africa[50].id}
    assert "51 of 56 registrations" in second.text


def test_counts_per_status_and_day_stay_the_totals_on_every_page(as_organizer, register):
    register_many(register, 51, status=Status.CONFIRMED, days=(2,))
    page = as_organizer.get("/organizer/attendees?page=2").text
    assert 'data-status="confirmed">51<' in page
    assert 'data-day="2026-02-02">51<' in page


@pytest.mark.parametrize("asked", ["99", "1000000000000000000000"])
def test_a_page_past_the_end_shows_the_last_page(as_organizer, register, asked):
    everyone = register_many(register, 51)
    response = as_organizer.get(f"/organizer/attendees?page={asked}")
    assert rows_shown(response) == {everyone[50].id}
    assert "Page 2 of 2" in response.text


@pytest.mark.parametrize("asked", ["0", "-3", "two", "1.5", ""])
def test_a_page_number_that_is_not_one_shows_the_first_page(as_organizer, register, asked):
    everyone = register_many(register, 51)
    response = as_organizer.get(f"/organizer/attendees?page={asked}")
    assert rows_shown(response) == {each.id for each in everyone[:50]}


def test_the_attendee_export_holds_every_page(as_organizer, register):
    register_many(register, 51)
    rows = read_csv(as_organizer.get("/organizer/attendees/export/attendees.csv?page=2"))
    assert len(rows[1:]) == 51


def test_the_export_links_of_a_later_page_are_those_of_the_whole_list(as_organizer, register):
    register_many(register, 51, region=Region.AFRICA)
    page = as_organizer.get("/organizer/attendees?page=2&region=africa").text
    assert 'href="/organizer/attendees/export/attendees.csv?region=africa"' in page


def test_bulk_actions_tick_the_rows_of_the_page_shown(as_organizer, register):
    everyone = register_many(register, 51)
    page = as_organizer.get("/organizer/attendees?page=2").text
    ticked = set(map(int, re.findall(r'name="registration_ids" value="(\d+)"', page)))
    assert ticked == {everyone[50].id}


def test_a_bulk_change_from_a_later_page_returns_to_that_page(as_organizer, register):
    last = register_many(register, 51, region=Region.AFRICA)[50]
    form = {"region": "africa", "page": "2", "action": "confirm"}
    review = as_organizer.post(
        "/organizer/attendees/bulk", data={**form, "registration_ids": [str(last.id)]}
    )
    assert 'href="/organizer/attendees?region=africa&amp;page=2"' in review.text
    assert '<input type="hidden" name="page" value="2">' in review.text
    response = as_organizer.post(
        "/organizer/attendees/bulk/apply", data={**form, "registration_ids": [str(last.id)]}
    )
    assert response.headers["Location"] == "/organizer/attendees?region=africa&page=2"
    assert status_of(last) == Status.CONFIRMED


def test_confirming_one_from_a_later_page_returns_to_that_page(as_organizer, register):
    last = register_many(register, 51)[50]
    response = as_organizer.post(
        f"/organizer/attendees/{last.id}/confirm", data={"return_to": "list", "page": "2"}
    )
    assert response.headers["Location"] == (f"/organizer/attendees?page=2#registration-{last.id}")


def test_a_later_page_costs_the_same_queries_as_a_short_list(as_organizer, register, count_queries):
    register_many(register, 3)
    with count_queries() as short:
        assert as_organizer.get("/organizer/attendees").status_code == 200
    register_many(register, 117)
    with count_queries() as long:
        assert as_organizer.get("/organizer/attendees?page=3").status_code == 200
    assert len(long) == len(short)


# A registration's details


def test_detail_shows_everything_the_diplomat_entered_in_brussels_time(as_organizer, register):
    registration = register(
        first_name="Claire",
        last_name="Dubois",
        arrival_at=brussels(1, 18, 30),
        departure_at=brussels(6, 17, 45),
        dietary="Vegetarian",
        accessibility="Wheelchair access",
        mobile_phone="+32 470 12 34 56",
        remarks="Arrives with an aide",
    )
    page = as_organizer.get(f"/organizer/attendees/{registration.id}").text
    for shown in (
        "Claire Dubois",
        "Sunday 1 February 2026, 18:30",
        "Friday 6 February 2026, 17:45",
        "Vegetarian",
        "Wheelchair access",
        "+32 470 12 34 56",
        "Arrives with an aide",
        "Monday 2 February, Tuesday 3 February",
    ):
        assert shown in page


def test_a_registration_of_another_edition_is_not_found(as_organizer, register, create_event):
    last_year = create_event(slug="dcd-2025", first_day=date(2025, 2, 3), last_day=date(2025, 2, 7))
    former = register(to_event=last_year, days=())
    assert as_organizer.get(f"/organizer/attendees/{former.id}").status_code == 404
    assert as_organizer.post(f"/organizer/attendees/{former.id}/confirm").status_code == 404


# Confirming and rejecting one


def test_confirming_a_registration_mails_the_diplomat(as_organizer, register):
    registration = register(email="claire@embassy.example")
    response = as_organizer.post(f"/organizer/attendees/{registration.id}/confirm")
    assert response.status_code == 302
    assert status_of(registration) == Status.CONFIRMED
    [mail] = outbox()
    assert mail.to == "claire@embassy.example"
    assert mail.subject == "Diplomatic Contact Days: your registration is now “Confirmed”"


def test_the_status_mail_is_in_the_diplomats_language(as_organizer, register):
    english = register(language="en")
    french = register(language="fr")
    as_organizer.post(f"/organizer/attendees/{english.id}/confirm")
    as_organizer.post(f"/organizer/attendees/{french.id}/confirm")
    english_mail, french_mail = outbox()
    assert "“Confirmed”" in english_mail.subject
    assert "“Confirmé”" in french_mail.subject


def test_confirming_is_written_to_the_audit_log(as_organizer, register, organizer):
    registration = register(first_name="Claire", last_name="Dubois")
    as_organizer.post(f"/organizer/attendees/{registration.id}/confirm")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "registration.confirm"))
    assert (entry.actor_id, entry.target_id) == (organizer.id, registration.id)
    assert entry.details["old"] == "registered"
    assert entry.details["new"] == "confirmed"


def test_confirming_from_the_list_returns_to_the_same_filtered_list(as_organizer, register):
    registration = register(region=Region.AFRICA)
    response = as_organizer.post(
        f"/organizer/attendees/{registration.id}/confirm",
        data={"return_to": "list", "region": "africa", "status": "bogus"},
    )
    assert response.headers["Location"] == (
        f"/organizer/attendees?region=africa#registration-{registration.id}"
    )


def test_rejecting_asks_first_and_changes_nothing_until_confirmed(as_organizer, register):
    registration = register(first_name="Claire", last_name="Dubois")
    page = as_organizer.get(f"/organizer/attendees/{registration.id}/reject").text
    assert "Reject the registration of Claire Dubois?" in page
    assert status_of(registration) == Status.REGISTERED
    assert outbox() == []


def test_rejecting_a_confirmed_registration_mails_the_diplomat(as_organizer, register):
    registration = register(status=Status.CONFIRMED, email="claire@embassy.example")
    response = as_organizer.post(f"/organizer/attendees/{registration.id}/reject")
    assert response.status_code == 302
    assert status_of(registration) == Status.REJECTED
    [mail] = outbox()
    assert mail.to == "claire@embassy.example"
    assert mail.subject == "Diplomatic Contact Days: your registration is now “Rejected”"


def test_confirming_a_declined_registration_is_refused_with_the_reason(as_organizer, register):
    registration = register(first_name="Claire", last_name="Dubois", status=Status.DECLINED)
    response = as_organizer.post(
        f"/organizer/attendees/{registration.id}/confirm", follow_redirects=True
    )
    assert response.status_code == 200
    assert "Claire Dubois: the diplomat declined the invitation." in response.text
    assert status_of(registration) == Status.DECLINED
    assert outbox() == []
    assert db.session.scalar(select(AuditLog)) is None


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.REJECTED, Status.DECLINED])
def test_rejecting_what_the_diplomat_withdrew_or_was_rejected_is_refused(
    as_organizer, register, status
):
    registration = register(status=status)
    assert as_organizer.get(f"/organizer/attendees/{registration.id}/reject").status_code == 302
    response = as_organizer.post(
        f"/organizer/attendees/{registration.id}/reject", follow_redirects=True
    )
    assert response.status_code == 200
    assert 'class="flash flash--error"' in response.text
    assert status_of(registration) == status
    assert outbox() == []


def test_confirming_an_unanswered_invitation_is_refused(as_organizer, register):
    registration = register(status=Status.INVITED, days=())
    response = as_organizer.post(
        f"/organizer/attendees/{registration.id}/confirm", follow_redirects=True
    )
    assert "has not registered yet" in response.text
    assert status_of(registration) == Status.INVITED


# In bulk


def test_bulk_confirm_first_lists_who_and_changes_nothing(as_organizer, register):
    claire = register(first_name="Claire", last_name="Dubois")
    marc = register(first_name="Marc", last_name="Janssens")
    response = as_organizer.post(
        "/organizer/attendees/bulk",
        data={"registration_ids": [str(claire.id), str(marc.id)], "action": "confirm"},
    )
    assert response.status_code == 200
    assert "These 2 registrations will be confirmed" in response.text
    assert "Claire Dubois" in response.text and "Marc Janssens" in response.text
    assert status_of(claire) == status_of(marc) == Status.REGISTERED
    assert outbox() == []


def test_bulk_review_names_those_that_cannot_change(as_organizer, register):
    claire = register(first_name="Claire", last_name="Dubois")
    marc = register(first_name="Marc", last_name="Janssens", status=Status.CANCELLED)
    response = as_organizer.post(
        "/organizer/attendees/bulk",
        data={"registration_ids": [str(claire.id), str(marc.id)], "action": "confirm"},
    )
    assert "This one cannot be changed and stays as it is" in response.text
    assert "Marc Janssens: the diplomat cancelled the registration." in response.text
    assert f'name="registration_ids" value="{marc.id}"' not in response.text
    assert f'name="registration_ids" value="{claire.id}"' in response.text


def test_bulk_confirm_changes_each_and_mails_each(as_organizer, register):
    ids = [register(email=f"head{number}@example.org").id for number in range(3)]
    response = as_organizer.post(
        "/organizer/attendees/bulk/apply",
        data={"registration_ids": [str(each) for each in ids], "action": "confirm"},
        follow_redirects=True,
    )
    assert "3 registrations confirmed" in response.text
    statuses = db.session.scalars(select(Registration.status)).all()
    assert statuses == [Status.CONFIRMED] * 3
    assert sorted(mail.to for mail in outbox()) == [f"head{n}@example.org" for n in range(3)]


def test_bulk_reject_changes_each(as_organizer, register):
    first, second = register(), register(status=Status.CONFIRMED)
    as_organizer.post(
        "/organizer/attendees/bulk/apply",
        data={"registration_ids": [str(first.id), str(second.id)], "action": "reject"},
    )
    assert status_of(first) == status_of(second) == Status.REJECTED
    assert len(outbox()) == 2


def test_bulk_change_reports_each_refusal_and_makes_the_others(as_organizer, register):
    # Marc declined between the review page and the click.
    claire = register(first_name="Claire", last_name="Dubois")
    marc = register(first_name="Marc", last_name="Janssens", status=Status.DECLINED)
    response = as_organizer.post(
        "/organizer/attendees/bulk/apply",
        data={"registration_ids": [str(claire.id), str(marc.id)], "action": "confirm"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "1 registration confirmed; the diplomat gets an e-mail." in response.text
    assert "Not changed — Marc Janssens: the diplomat declined the invitation." in response.text
    assert status_of(claire) == Status.CONFIRMED
    assert status_of(marc) == Status.DECLINED
    assert [mail.to for mail in outbox()] == [claire.user.email]


def test_bulk_with_nobody_ticked_goes_back_to_the_list_with_a_message(as_organizer, register):
    register()
    response = as_organizer.post(
        "/organizer/attendees/bulk",
        data={"action": "confirm", "status": "registered"},
        follow_redirects=True,
    )
    assert response.request.path == "/organizer/attendees"
    assert "Tick at least one attendee." in response.text


@pytest.mark.parametrize(
    "data",
    [
        {"registration_ids": ["1"], "action": "delete"},
        {"registration_ids": ["abc", "-1", "1.5"], "action": "confirm"},
        {"registration_ids": ["999999"], "action": "confirm"},
    ],
)
def test_bulk_with_a_tampered_form_changes_nothing_and_never_fails(as_organizer, register, data):
    registration = register()
    for url in ("/organizer/attendees/bulk", "/organizer/attendees/bulk/apply"):
        assert as_organizer.post(url, data=data).status_code in (200, 302)
    assert status_of(registration) == Status.REGISTERED
    assert outbox() == []


def test_bulk_ignores_registrations_of_another_edition(as_organizer, register, create_event):
    last_year = create_event(slug="dcd-2025", first_day=date(2025, 2, 3), last_day=date(2025, 2, 7))
    former = register(to_event=last_year, days=())
    as_organizer.post(
        "/organizer/attendees/bulk/apply",
        data={"registration_ids": [str(former.id)], "action": "confirm"},
    )
    assert status_of(former) == Status.REGISTERED


# Exports

EXPORTS = [(kind, fmt) for kind in ("attendees", "catering", "badges") for fmt in ("csv", "xlsx")]


@pytest.mark.parametrize(("kind", "fmt"), EXPORTS)
def test_each_export_is_a_download_named_for_the_list(as_organizer, register, kind, fmt):
    register(status=Status.CONFIRMED)
    response = as_organizer.get(f"/organizer/attendees/export/{kind}.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{kind}-dcd-2026.{fmt}"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    expected = "text/csv" if fmt == "csv" else "application/vnd.openxmlformats"
    assert response.content_type.startswith(expected)


@pytest.mark.parametrize(("kind", "fmt"), EXPORTS)
def test_each_export_is_written_to_the_audit_log_with_its_row_count(
    as_organizer, register, organizer, kind, fmt
):
    register(status=Status.CONFIRMED, days=(2, 3))
    register(status=Status.REGISTERED, days=(2,))
    as_organizer.get(f"/organizer/attendees/export/{kind}.{fmt}")
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "attendees.export"))
    assert entry.actor_id == organizer.id
    expected_rows = {"attendees": 2, "catering": 3, "badges": 1}[kind]
    assert entry.details == {"kind": kind, "format": fmt, "rows": expected_rows}


@pytest.mark.parametrize(
    "url",
    [
        "/organizer/attendees/export/guests.csv",
        "/organizer/attendees/export/attendees.pdf",
        "/organizer/attendees/export/attendees",
        "/organizer/attendees/export/attendees.csv.xlsx",
    ],
)
def test_an_unknown_export_is_not_found(as_organizer, event, url):
    assert as_organizer.get(url).status_code == 404


def test_attendee_csv_has_every_field_of_each_registration(as_organizer, register):
    register(
        first_name="Claire",
        last_name="Dubois",
        email="claire@embassy.example",
        function=DiplomatFunction.CONSUL_GENERAL,
        region=Region.AMERICAS,
        post=("Montréal", "Canada"),
        status=Status.CONFIRMED,
        days=(3, 4),
        language="fr",
        arrival_at=brussels(2, 18, 30),
        departure_at=brussels(5, 9),
        mobile_phone="0470 12 34 56",
        dietary="Vegetarian",
        accessibility="Step-free access",
        remarks="With an aide",
    )
    header, row = read_csv(as_organizer.get("/organizer/attendees/export/attendees.csv"))
    assert dict(zip(header, row, strict=True)) == {
        "Last name": "Dubois",
        "First name": "Claire",
        "E-mail": "claire@embassy.example",
        "Function": "Consul general",
        "Post": "Montréal",
        "Country": "Canada",
        "Region": "Americas",
        "Status": "Confirmed",
        "Days": "2026-02-03, 2026-02-04",
        "Language": "Français",
        "Arrival (Brussels time)": "2026-02-02 18:30",
        "Departure (Brussels time)": "2026-02-05 09:00",
        "Mobile phone": "0470 12 34 56",
        "Dietary requirements": "Vegetarian",
        "Accessibility needs": "Step-free access",
        "Remarks": "With an aide",
    }


def test_attendee_export_keeps_the_lists_filters(as_organizer, register):
    register(last_name="Kept", status=Status.CONFIRMED, region=Region.AFRICA)
    register(last_name="Other region", status=Status.CONFIRMED, region=Region.EUROPE)
    register(last_name="Other status", status=Status.REGISTERED, region=Region.AFRICA)
    url = "/organizer/attendees/export/attendees.{fmt}?status=confirmed&region=africa&day=bad"
    csv_rows = read_csv(as_organizer.get(url.format(fmt="csv")))
    assert [row[0] for row in csv_rows[1:]] == ["Kept"]
    [sheet] = read_xlsx(as_organizer.get(url.format(fmt="xlsx"))).values()
    assert [row[0] for row in sheet[1:]] == ["Kept"]


def test_catering_csv_lists_who_comes_each_day_with_their_needs(as_organizer, register):
    register(last_name="Confirmed", status=Status.CONFIRMED, days=(2, 3), dietary="Halal")
    register(last_name="Registered", status=Status.REGISTERED, days=(3,), accessibility="Lift")
    for status in (Status.DECLINED, Status.CANCELLED, Status.REJECTED, Status.INVITED):
        register(last_name=status.value, status=status, days=(2, 3))
    header, *rows = read_csv(as_organizer.get("/organizer/attendees/export/catering.csv"))
    assert header == [
        "Day",
        "Last name",
        "First name",
        "Function",
        "Post",
        "Status",
        "Dietary requirements",
        "Accessibility needs",
    ]
    assert [(row[0], row[1], row[6], row[7]) for row in rows] == [
        ("2026-02-02", "Confirmed", "Halal", ""),
        ("2026-02-03", "Confirmed", "Halal", ""),
        ("2026-02-03", "Registered", "", "Lift"),
    ]


def test_catering_xlsx_has_a_sheet_per_day(as_organizer, register):
    register(last_name="Confirmed", status=Status.CONFIRMED, days=(2, 3))
    register(last_name="Declined", status=Status.DECLINED, days=(2, 3))
    sheets = read_xlsx(as_organizer.get("/organizer/attendees/export/catering.xlsx"))
    assert list(sheets) == ["Mon 2 Feb", "Tue 3 Feb", "Wed 4 Feb", "Thu 5 Feb", "Fri 6 Feb"]
    assert [row[1] for row in sheets["Mon 2 Feb"][1:]] == ["Confirmed"]
    assert sheets["Wed 4 Feb"][1:] == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_badge_list_holds_confirmed_diplomats_only(as_organizer, register, fmt):
    register(
        first_name="Claire",
        last_name="Dubois",
        status=Status.CONFIRMED,
        function=DiplomatFunction.AMBASSADOR,
        post=("Tokyo", "Japan"),
    )
    for status in (Status.REGISTERED, Status.DECLINED, Status.INVITED, Status.REJECTED):
        register(last_name=status.value, status=status)
    response = as_organizer.get(f"/organizer/attendees/export/badges.{fmt}")
    if fmt == "csv":
        rows = read_csv(response)
    else:
        [rows] = read_xlsx(response).values()
    assert [list(row) for row in rows] == [
        ["First name", "Last name", "Function", "Post"],
        ["Claire", "Dubois", "Ambassador", "Tokyo, Japan"],
    ]


@pytest.mark.parametrize(("kind", "fmt"), EXPORTS)
def test_exports_cannot_smuggle_a_formula_into_the_spreadsheet(as_organizer, register, kind, fmt):
    register(
        first_name='=HYPERLINK("http://evil.example","click")',
        last_name="@SUM(A1)",
        status=Status.CONFIRMED,
        dietary="-2+3",
        remarks="+32 470 00 00 00",
    )
    response = as_organizer.get(f"/organizer/attendees/export/{kind}.{fmt}")
    if fmt == "csv":
        cells = [cell for row in read_csv(response) for cell in row]
    else:
        workbook = load_workbook(io.BytesIO(response.data))
        assert all(
            cell.data_type == "s"
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        )
        cells = [
            cell
            for sheet in read_xlsx(response).values()
            for row in sheet
            for cell in row
            if isinstance(cell, str)
        ]
    assert """'=HYPERLINK("http://evil.example","click")""" in cells
    assert "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    if kind in ("attendees", "catering"):
        assert "'-2+3" in cells
    if kind == "attendees":
        assert "'+32 470 00 00 00" in cells
