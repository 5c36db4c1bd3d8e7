"""The organizers' side of bilateral meetings (issue 21, points 2, 4 and 8): meeting
windows and their refusals, the limits, the matrix of heads of post × partners with its
counts and filters, the exports, the table plans and auto-place."""

import io
from datetime import UTC, date, time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from eventapp.extensions import db
from eventapp.meetings import windows as window_rules
from eventapp.models import (
    Event,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    Region,
    Role,
    WindowStatus,
)

from .support import brussels

WINDOWS = "/organizer/meeting-windows"
OVERVIEW = "/organizer/meetings"


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


@pytest.fixture
def room(create_room):
    return create_room(name="Salle Arenberg")


@pytest.fixture
def head_of_post(attending):
    """head_of_post(**user_values): an attending head of post who accepts meetings."""

    def head_of_post(accepts=True, **values):
        registration = attending(**values)
        registration.accepts_meetings = accepts
        db.session.commit()
        return registration.user

    return head_of_post


@pytest.fixture
def create_meeting(event):
    """create_meeting(partner, diplomat, status=..., windows=..., slot=(window, start),
    table=...): a meeting row made directly (the services have their own tests)."""

    def create_meeting(
        partner,
        diplomat,
        status=MeetingStatus.REQUESTED,
        windows=(),
        slot=None,
        table=1,
        subject="Port logistics",
        proposed=None,
    ):
        meeting = Meeting(
            event_id=event.id,
            partner_id=partner.id,
            diplomat_id=diplomat.id,
            status=status,
            subject=subject,
            requested_windows=list(windows),
            proposed_window=proposed,
        )
        if slot is not None:
            window, starts_at = slot
            meeting.window = window
            meeting.starts_at = starts_at
            meeting.ends_at = starts_at + (window.slots()[0][1] - window.slots()[0][0])
            meeting.table_number = table
        db.session.add(meeting)
        db.session.commit()
        return meeting

    return create_meeting


def window_form(room, **values):
    data = {
        "day": "2026-02-04",
        "start": "14:00",
        "end": "17:00",
        "room_id": str(room.id),
        "tables": "12",
        "meeting_minutes": "20",
        "changeover_minutes": "5",
    }
    data.update(values)
    return data


def window_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MeetingWindow))


# Windows


def test_an_organizer_adds_a_draft_window_stored_in_utc(as_organizer, room):
    response = as_organizer.post(f"{WINDOWS}/new", data=window_form(room))
    assert response.status_code == 302
    window = db.session.scalar(select(MeetingWindow))
    assert window.status == WindowStatus.DRAFT
    assert window.starts_at == brussels(4, 14)
    assert window.starts_at.astimezone(UTC).hour == 13  # 14:00 in Brussels, winter time
    assert (window.tables, window.meeting_minutes, window.changeover_minutes) == (12, 20, 5)


def test_the_list_shows_how_many_slots_a_window_makes_and_when_the_last_ends(as_organizer, room):
    as_organizer.post(f"{WINDOWS}/new", data=window_form(room))
    page = as_organizer.get(WINDOWS).text
    # 14:00, 14:25 … 16:30: seven meetings of 20 minutes; the last ends at 16:50.
    assert "7 slots" in page
    assert "last ends at 16:50" in page
    assert "Salle Arenberg" in page
    assert "Draft" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"start": "15:00", "end": "14:00"}, "The window must end after it starts."),
        ({"start": "15:00", "end": "15:00"}, "The window must end after it starts."),
        ({"day": "2026-02-09"}, "A meeting window must lie on one of the edition's days."),
        ({"tables": "0"}, "Between 1 and 500 tables."),
        ({"meeting_minutes": "4"}, "Between 5 and 240 minutes."),
        ({"tables": "abc"}, "Not a valid integer value"),
        ({"changeover_minutes": "-1"}, "Between 0 and 120 minutes."),
        ({"tables": "99999999999999999999"}, "Between 1 and 500 tables."),
        ({"room_id": ""}, "Choose a room."),
    ],
)
def test_a_window_with_bad_values_is_refused_with_a_message(as_organizer, room, values, message):
    response = as_organizer.post(f"{WINDOWS}/new", data=window_form(room, **values))
    assert response.status_code == 200
    assert message in response.text
    assert window_count() == 0


def test_a_window_overlapping_another_in_any_room_is_refused(
    as_organizer, room, create_room, create_window
):
    create_window(starts_at=brussels(4, 16), ends_at=brussels(4, 18), room=create_room("Salle B"))
    response = as_organizer.post(f"{WINDOWS}/new", data=window_form(room))
    assert "This window overlaps another one (16:00–18:00, Salle B)" in response.text
    assert window_count() == 1


def test_a_window_touching_another_is_accepted(as_organizer, room, create_window):
    create_window(starts_at=brussels(4, 17), ends_at=brussels(4, 18))
    response = as_organizer.post(f"{WINDOWS}/new", data=window_form(room))
    assert response.status_code == 302
    assert window_count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": date(2026, 2, 9)}, "one of the edition's days"),
        ({"tables": 0}, "at least one table"),
        ({"meeting_minutes": 4}, "at least 5 minutes"),
        ({"end": time(13, 0)}, "end after it starts"),
    ],
)
def test_the_window_rules_refuse_what_the_form_might_let_through(
    app, event, room, organizer, changes, message
):
    values = {
        "day": date(2026, 2, 4),
        "start": time(14, 0),
        "end": time(17, 0),
        "room_id": room.id,
        "tables": 3,
        "meeting_minutes": 20,
        "changeover_minutes": 5,
    }
    values.update(changes)
    with app.test_request_context(), pytest.raises(window_rules.WindowRefused) as refused:
        window_rules.create_window(event, window_rules.WindowValues(**values), by=organizer)
    assert message in str(refused.value)
    assert window_count() == 0


def test_a_draft_window_is_edited(as_organizer, room, create_window):
    window = create_window(status=WindowStatus.DRAFT, room=room)
    edit = f"{WINDOWS}/{window.id}/edit"
    assert 'value="14:00"' in as_organizer.get(edit).text
    response = as_organizer.post(edit, data=window_form(room, end="16:00", tables="4"))
    assert response.status_code == 302
    db.session.refresh(window)
    assert (window.ends_at, window.tables) == (brussels(4, 16), 4)


def test_a_window_holding_accepted_meetings_is_not_edited(
    as_organizer, room, create_window, create_meeting, partner, head_of_post
):
    window = create_window(room=room)
    create_meeting(
        partner, head_of_post(), MeetingStatus.ACCEPTED, [window], slot=(window, brussels(4, 14))
    )
    assert (
        "Edit"
        not in as_organizer.get(WINDOWS).text.split('id="meeting-limits"')[0].split("<tbody>")[1]
    )
    response = as_organizer.post(f"{WINDOWS}/{window.id}/edit", data=window_form(room, tables="1"))
    assert "Meetings were accepted in this window" in response.text
    db.session.refresh(window)
    assert window.tables == 3


def test_opening_and_closing_a_window_are_confirmed_first(as_organizer, room, create_window):
    window = create_window(status=WindowStatus.DRAFT, room=room)
    page = as_organizer.get(f"{WINDOWS}/{window.id}/open")
    assert "Open the window of Wed 4 Feb, 14:00–15:00 for requests?" in page.text
    db.session.refresh(window)
    assert window.status == WindowStatus.DRAFT  # a GET changes nothing
    assert as_organizer.post(f"{WINDOWS}/{window.id}/open").status_code == 302
    db.session.refresh(window)
    assert window.is_open
    assert "Close the window" in as_organizer.get(f"{WINDOWS}/{window.id}/close").text
    as_organizer.post(f"{WINDOWS}/{window.id}/close")
    db.session.refresh(window)
    assert window.status == WindowStatus.CLOSED
    response = as_organizer.post(f"{WINDOWS}/{window.id}/close", follow_redirects=True)
    assert "Only an open window can be closed." in response.text


def test_a_draft_without_requests_is_deleted(as_organizer, room, create_window):
    window = create_window(status=WindowStatus.DRAFT, room=room)
    assert "Delete the window of" in as_organizer.get(f"{WINDOWS}/{window.id}/delete").text
    assert as_organizer.post(f"{WINDOWS}/{window.id}/delete").status_code == 302
    assert window_count() == 0


@pytest.mark.parametrize("status", [WindowStatus.OPEN, WindowStatus.DRAFT])
def test_a_window_that_is_open_or_named_by_a_request_is_not_deleted(
    as_organizer, room, create_window, create_meeting, partner, head_of_post, status
):
    window = create_window(status=status, room=room)
    if status == WindowStatus.DRAFT:
        create_meeting(partner, head_of_post(), windows=[window])
    response = as_organizer.post(f"{WINDOWS}/{window.id}/delete", follow_redirects=True)
    assert "Only a draft window that no request names can be deleted" in response.text
    assert window_count() == 1


def test_the_windows_page_costs_the_same_statements_however_many_windows(
    as_organizer, room, create_window, create_meeting, partner, head_of_post, count_queries
):
    first = create_window(room=room)
    create_meeting(partner, head_of_post(), windows=[first])

    def statements_for_the_page():
        as_organizer.get(WINDOWS)  # warm: the first request of a client loads more
        with count_queries() as statements:
            assert as_organizer.get(WINDOWS).status_code == 200
        return len(statements)

    with_one = statements_for_the_page()
    for day in (5, 6):
        create_window(room=room, starts_at=brussels(day, 14), ends_at=brussels(day, 15))
    assert statements_for_the_page() == with_one


def test_a_window_of_another_edition_is_not_found(as_organizer, create_event, create_window):
    other = create_event(slug="dcd-2025", first_day=date(2025, 2, 3), last_day=date(2025, 2, 7))
    window = create_window(event_id=other.id)
    assert as_organizer.get(f"{WINDOWS}/{window.id}/edit").status_code == 404
    assert as_organizer.post(f"{WINDOWS}/{window.id}/delete").status_code == 404


# Limits


def test_the_limits_are_saved(as_organizer, event):
    page = as_organizer.get(WINDOWS).text
    assert 'name="requests_per_partner"' in page and 'value="10"' in page
    response = as_organizer.post(
        f"{WINDOWS}/limits",
        data={
            "requests_per_partner": "4",
            "meetings_per_diplomat_per_day": "6",
            "meetings_per_partner_per_day": "3",
        },
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert (
        event.meeting_requests_per_partner,
        event.meetings_per_diplomat_per_day,
        event.meetings_per_partner_per_day,
    ) == (4, 6, 3)


@pytest.mark.parametrize("bad", ["0", "-3", "two", "", "1.5", "99999999999"])
def test_a_limit_that_is_not_a_positive_whole_number_is_refused(as_organizer, event, bad):
    response = as_organizer.post(
        f"{WINDOWS}/limits",
        data={
            "requests_per_partner": "4",
            "meetings_per_diplomat_per_day": bad,
            "meetings_per_partner_per_day": "3",
        },
    )
    assert response.status_code == 400
    assert 'class="field__errors"' in response.text
    db.session.refresh(event)
    assert (event.meeting_requests_per_partner, event.meetings_per_partner_per_day) == (10, 6)


# The overview


@pytest.fixture
def week(create_partner, create_organisation, head_of_post, create_window, create_meeting):
    """Two windows; heads of post in Europe and Africa; partners of two organisations,
    with a request in each state."""
    first = create_window()
    second = create_window(starts_at=brussels(5, 10), ends_at=brussels(5, 11))
    besix = create_organisation(name="Besix")
    awex = create_organisation(name="AWEX")
    ana = create_partner(besix, first_name="Ana", last_name="Anders")
    bram = create_partner(awex, first_name="Bram", last_name="Bos")
    europe = head_of_post(first_name="Eva", last_name="Europa", region=Region.EUROPE)
    africa = head_of_post(first_name="Kofi", last_name="Afolabi", region=Region.AFRICA)
    quiet = head_of_post(first_name="Quinn", last_name="Quiet")
    not_open = head_of_post(accepts=False, first_name="Nora", last_name="Nope")
    meetings = {
        "requested": create_meeting(ana, europe, windows=[first]),
        "accepted": create_meeting(
            ana, africa, MeetingStatus.ACCEPTED, [first], slot=(first, brussels(4, 14, 25)), table=2
        ),
        "declined": create_meeting(bram, europe, MeetingStatus.DECLINED, [first]),
        "proposed": create_meeting(bram, africa, MeetingStatus.PROPOSED, [first], proposed=second),
    }
    return {
        "windows": (first, second),
        "partners": (ana, bram),
        "organisations": (besix, awex),
        "heads": (europe, africa, quiet, not_open),
        "meetings": meetings,
    }


def cell(page: str, diplomat, partner) -> str:
    start = page.index(f'data-pair="{diplomat.id}-{partner.id}"')
    opening = page.rindex("<td", 0, start)
    return page[opening : page.index("</td>", start)]


def test_the_matrix_shows_each_pairs_status_in_words_and_a_class(as_organizer, week):
    page = as_organizer.get(OVERVIEW).text
    (europe, africa, quiet, not_open), (ana, bram) = week["heads"], week["partners"]
    assert "meeting-cell--requested" in cell(page, europe, ana)
    assert "Requested" in cell(page, europe, ana)
    accepted = cell(page, africa, ana)
    assert "meeting-cell--accepted" in accepted and "Accepted" in accepted
    assert "Wed 4 Feb, 14:25" in accepted and "table 2" in accepted
    assert "Declined" in cell(page, europe, bram)
    proposed = cell(page, africa, bram)
    assert "Other time proposed" in proposed and "Thu 5 Feb, 10:00" in proposed
    assert "No request" in cell(page, quiet, ana)  # accepts meetings, never asked
    assert f'id="matrix-row-{not_open.id}"' not in page  # neither accepts nor was asked


def test_a_later_request_of_a_pair_shows_over_an_older_one(as_organizer, week, create_meeting):
    europe, (_ana, bram) = week["heads"][0], week["partners"]
    create_meeting(bram, europe, windows=[week["windows"][0]])  # asks again after a decline
    assert "Requested" in cell(as_organizer.get(OVERVIEW).text, europe, bram)


def test_the_matrix_filters_by_region_organisation_and_status(as_organizer, week):
    (europe, africa, quiet, _), (ana, bram) = week["heads"], week["partners"]
    besix, _awex = week["organisations"]
    page = as_organizer.get(f"{OVERVIEW}?region=africa").text
    assert f'id="matrix-row-{africa.id}"' in page
    assert f'id="matrix-row-{europe.id}"' not in page
    page = as_organizer.get(f"{OVERVIEW}?organisation={besix.id}").text
    assert f'data-pair="{europe.id}-{ana.id}"' in page
    assert f'data-pair="{europe.id}-{bram.id}"' not in page
    page = as_organizer.get(f"{OVERVIEW}?status=declined").text
    assert "meeting-cell--declined" in page
    assert "meeting-cell--requested" not in page and "meeting-cell--accepted" not in page
    assert f'id="matrix-row-{quiet.id}"' not in page
    # Nonsense filters are ignored, never a 500.
    assert as_organizer.get(f"{OVERVIEW}?region=mars&organisation=x&status=%00").status_code == 200


def test_the_phone_gets_a_list_of_the_same_requests(as_organizer, week):
    page = as_organizer.get(OVERVIEW).text
    listing = page[page.index('id="meeting-list"') : page.index('id="meeting-matrix"')]
    assert listing.count("<tr>") == 1 + 4  # the header and one row per request
    assert "Eva Europa" in listing and "Besix" in listing


def test_the_counts_at_the_top(as_organizer, week, create_meeting):
    europe = week["heads"][0]
    ana = week["partners"][0]
    first = week["windows"][0]
    week["meetings"]["requested"].status = MeetingStatus.WITHDRAWN
    db.session.commit()
    create_meeting(ana, europe, MeetingStatus.ACCEPTED, [first])  # accepted, no slot yet
    page = as_organizer.get(OVERVIEW).text
    assert 'id="count-requests">5<' in page
    assert 'id="count-accepted">2<' in page
    assert 'id="count-declined">1<' in page
    assert 'id="count-rate">67 %<' in page  # 2 accepted of 3 answered
    # Two accepted meetings over three heads of post (Quinn accepts, never asked): 0.7.
    assert "0.7 on average, 1 at most" in page
    assert 'id="count-without-slot">1<' in page


def test_the_overview_costs_the_same_queries_whatever_the_number_of_meetings(
    as_organizer, week, create_partner, create_meeting, count_queries
):
    def cost():
        as_organizer.get(OVERVIEW)
        with count_queries() as statements:
            assert as_organizer.get(OVERVIEW).status_code == 200
        return len(statements)

    few = cost()
    europe, africa, quiet, _ = week["heads"]
    for number in range(6):
        someone = create_partner(email=f"p{number}@example.org", organisation_name=f"Org {number}")
        create_meeting(someone, [europe, africa, quiet][number % 3], windows=[week["windows"][0]])
    assert cost() == few


def test_hostile_text_is_escaped_on_the_page(
    as_organizer, create_partner, head_of_post, create_meeting
):
    hostile = create_partner(first_name="<script>alert(1)</script>", organisation_name="<b>Org</b>")
    create_meeting(hostile, head_of_post(), subject="<img src=x onerror=alert(1)>")
    page = as_organizer.get(OVERVIEW).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Org</b>" not in page


# Exports


@pytest.fixture
def hostile_meeting(
    create_partner, create_organisation, head_of_post, create_window, create_meeting
):
    window = create_window()
    hostile = create_partner(
        create_organisation(name="@SUM(A1:A9)"), first_name='=HYPERLINK("http://x")'
    )
    return create_meeting(
        hostile,
        head_of_post(first_name="Eva", last_name="Europa"),
        MeetingStatus.ACCEPTED,
        [window],
        slot=(window, brussels(4, 14, 25)),
        table=3,
        subject="+cmd|' /C calc'!A0",
    )


def test_the_csv_export_lists_every_meeting_with_formulas_neutralised(
    as_organizer, hostile_meeting
):
    response = as_organizer.get(f"{OVERVIEW}/export.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header == (
        "Partner representative,Organisation,Head of post,Post,Status,Day,Time,Table,Room,Subject"
    )
    assert "'=HYPERLINK" in row and "'@SUM(A1:A9)" in row and "'+cmd" in row
    assert "Eva Europa" in row and "Nairobi" in row
    assert "Accepted,2026-02-04,14:25–14:45,3," in row


def test_the_xlsx_export_holds_text_cells_only(as_organizer, hostile_meeting):
    response = as_organizer.get(f"{OVERVIEW}/export.xlsx")
    assert response.headers["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Partner representative"
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][9].startswith("'+cmd")
    assert rows[1][7] == 3
    for row in sheet.iter_rows():
        for item in row:
            assert item.data_type != "f"


# Table plans


def test_the_table_plan_lists_who_meets_whom_at_each_table_and_slot(
    as_organizer, create_partner, create_organisation, head_of_post, create_window, create_meeting
):
    window = create_window()  # 14:00 and 14:25, three tables
    ana = create_partner(create_organisation(name="Besix"), first_name="Ana", last_name="Anders")
    eva = head_of_post(first_name="Eva", last_name="Europa")
    create_meeting(
        ana, eva, MeetingStatus.ACCEPTED, [window], slot=(window, brussels(4, 14, 25)), table=2
    )
    page = as_organizer.get(f"{WINDOWS}/{window.id}/plan").text
    first, second = page.split("<h3>")[1:3]
    assert first.startswith("14:00–14:20")
    assert first.count("Free") == 3
    assert second.startswith("14:25–14:45")
    assert second.count("Free") == 2
    held = second[second.index("Table 2") :]
    assert "Ana Anders" in held and "(Besix)" in held
    assert "Eva Europa" in held and "(Nairobi, Kenya)" in held
    assert "print-page" in page


def test_every_window_has_its_page_in_the_printed_plans(as_organizer, create_window):
    create_window()
    create_window(starts_at=brussels(5, 10), ends_at=brussels(5, 11))
    page = as_organizer.get("/organizer/table-plans").text
    assert page.count('class="table-plan print-page"') == 2


# Auto-place


def test_auto_place_puts_meetings_in_the_earliest_free_slots_and_reports_the_rest(
    as_organizer, event, create_partner, head_of_post, create_window, create_meeting
):
    window = create_window(tables=1)  # 14:00 and 14:25, one table
    later = create_window(starts_at=brussels(5, 10), ends_at=brussels(5, 10, 30), tables=1)
    eva, kofi, lena = (head_of_post(first_name=name) for name in ("Eva", "Kofi", "Lena"))
    ana, bram, cleo = (
        create_partner(first_name=name, organisation_name=f"{name} SA")
        for name in ("Ana", "Bram", "Cleo")
    )
    first = create_meeting(ana, eva, MeetingStatus.ACCEPTED, [window, later])
    second = create_meeting(bram, kofi, MeetingStatus.ACCEPTED, [window])
    third = create_meeting(cleo, lena, MeetingStatus.ACCEPTED, [window])  # no slot left
    fourth = create_meeting(ana, kofi, MeetingStatus.ACCEPTED, [])  # no window asked for
    assert "Place the 4 accepted meetings without a slot" in as_organizer.get(OVERVIEW).text
    response = as_organizer.post(f"{OVERVIEW}/auto-place")
    assert response.status_code == 200
    for meeting in (first, second, third, fourth):
        db.session.refresh(meeting)
    assert (first.starts_at, first.table_number) == (brussels(4, 14), 1)
    assert (second.starts_at, second.table_number) == (brussels(4, 14, 25), 1)
    assert third.starts_at is None and fourth.starts_at is None
    assert "2 meetings placed" in response.text
    unplaced = response.text[response.text.index('id="unplaced"') :]
    assert "Cleo" in unplaced and "No free slot" in unplaced
    assert "The request names no meeting window." in unplaced


def test_auto_place_asks_first(as_organizer, partner, head_of_post, create_meeting, create_window):
    meeting = create_meeting(partner, head_of_post(), MeetingStatus.ACCEPTED, [create_window()])
    page = as_organizer.get(f"{OVERVIEW}/auto-place").text
    assert "1 accepted meeting has no slot yet." in page
    db.session.refresh(meeting)
    assert meeting.starts_at is None


# Organizers only


@pytest.mark.parametrize(
    "url",
    [
        OVERVIEW,
        f"{OVERVIEW}/export.csv",
        f"{OVERVIEW}/auto-place",
        WINDOWS,
        f"{WINDOWS}/new",
        "/organizer/table-plans",
    ],
)
@pytest.mark.parametrize("role", [Role.DIPLOMAT, Role.PARTNER, Role.DOOR_STAFF])
def test_only_organizers_see_the_meeting_pages(client, create_user, login, url, role):
    login(create_user(role=role))
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(OVERVIEW).headers["Location"].startswith("/login")


def test_the_menu_has_a_group_for_bilateral_meetings(as_organizer, event):
    page = as_organizer.get(OVERVIEW).text
    assert "Bilateral meetings" in page
    assert 'href="/organizer/meeting-windows"' in page
    assert 'href="/organizer/table-plans"' in page
    assert isinstance(db.session.get(Event, event.id), Event)


def test_window_changes_are_in_the_audit_log(as_organizer, room):
    as_organizer.post(f"{WINDOWS}/new", data=window_form(room))
    window = db.session.scalar(select(MeetingWindow))
    as_organizer.post(f"{WINDOWS}/{window.id}/open")
    page = as_organizer.get("/organizer/audit?action=meeting_window.").text
    assert "meeting_window.create" in page or "Meeting window" in page
    assert "meeting_window.open" in page or page.count("Meeting window") >= 2
    assert "Number of tables" in page
