"""A bilateral meeting from request to cancellation, in a browser (issue 21): a partner
representative finds a head of post in the directory and asks for a meeting in an open
window; the head of post sees the request on their agenda and accepts one of the times
offered; both agendas show the meeting with its table, and both personal calendar feeds
(fetched over HTTP, as a calendar application would) carry it; an organizer moves it
(SEQUENCE raised) and cancels it (STATUS:CANCELLED, still in both feeds).

Three browser contexts, one per person, against the same live server.
"""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from eventapp.extensions import db
from eventapp.models import Meeting, MeetingStatus

PASSWORD = "correct horse battery"


@pytest.fixture
def people(attending, create_partner, create_organisation, create_window, create_room, organizer):
    """A head of post who accepts requests, a partner from AWEX, an open window (Wednesday
    14:00–15:00, Salle Arenberg, 3 tables, 20 + 5 minutes: 14:00 and 14:25)."""
    registration = attending(first_name="Amina", last_name="Diallo", email="amina@example.org")
    registration.accepts_meetings = True
    registration.meeting_topics = "Horticulture, the Mombasa corridor"
    registration.meeting_sectors = ["agrifood", "logistics"]
    db.session.commit()
    awex = create_organisation(name="Wallonia Export-Investment Agency")
    partner = create_partner(
        organisation=awex,
        first_name="Marc",
        last_name="Delcourt",
        email="marc@example.org",
        sectors=["agrifood"],
        countries=["Kenya"],
    )
    window = create_window(room=create_room(name="Salle Arenberg"))
    return registration.user, partner, organizer, window


def logged_in(browser, live_server, email):
    """A browser context of its own (its own cookies), logged in; fails on console errors."""
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_have_count(1)
    page.errors = errors
    return page


def feed_event(page, agenda_url, meeting_id):
    """The meeting's VEVENT in the personal feed whose link the agenda page gives."""
    page.goto(agenda_url)
    link = page.get_by_label("Your personal calendar link").input_value()
    response = page.request.get(link)
    assert response.status == 200, link
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    found = [
        component
        for component in calendar.walk("VEVENT")
        if str(component["UID"]).startswith(f"meeting-{meeting_id}@")
    ]
    assert len(found) == 1, response.text()
    return found[0]


def the_meeting() -> Meeting:
    db.session.expire_all()
    meeting = db.session.scalars(db.select(Meeting)).one()
    db.session.rollback()
    return meeting


def test_a_meeting_from_request_to_cancellation(browser, live_server, people):
    head, partner, organizer, window = people
    pages = []
    try:
        # The partner finds the head of post in the directory and asks for a meeting.
        partner_page = logged_in(browser, live_server, partner.email)
        pages.append(partner_page)
        partner_page.goto("/partner/directory")
        expect(partner_page.locator("#directory")).to_contain_text("Amina Diallo")
        partner_page.get_by_role("link", name="Ask Amina Diallo for a meeting").click()
        expect(partner_page.get_by_role("heading", level=1)).to_contain_text("Amina Diallo")
        partner_page.get_by_label("Subject").fill("Walloon food processors in Nairobi")
        partner_page.get_by_label("Note for the head of post (optional)").fill(
            "Twelve companies <b>in May</b>."
        )
        partner_page.locator("input[name=windows]").first.check()
        partner_page.get_by_role("button", name="Send the request").click()
        expect(partner_page.locator(".flash--success")).to_have_count(1)
        meeting = the_meeting()
        assert meeting.status == MeetingStatus.REQUESTED and meeting.requested_windows

        # The head of post sees it on their agenda and accepts the first time offered.
        head_page = logged_in(browser, live_server, head.email)
        pages.append(head_page)
        head_page.goto("/agenda")
        requests = head_page.locator("#meeting-requests-title").locator("..")
        expect(requests).to_contain_text("Walloon food processors in Nairobi")
        requests.get_by_role("link", name=re.compile("Marc Delcourt")).click()
        expect(head_page.get_by_role("heading", level=1)).to_contain_text("Marc Delcourt")
        # The partner's note, escaped: shown as written, not as markup.
        expect(head_page.locator("main")).to_contain_text("Twelve companies <b>in May</b>.")
        head_page.locator("input[name=slot]").first.check()
        head_page.get_by_role("button", name="Accept the meeting").click()
        expect(head_page.locator(".flash--success")).to_have_count(1)
        meeting = the_meeting()
        assert meeting.status == MeetingStatus.ACCEPTED and meeting.table_number
        table = f"Table {meeting.table_number}"
        accepted_at = meeting.starts_at

        # Both agendas show it, with the table and the other person.
        head_page.goto("/agenda")
        on_head = head_page.locator(f"#meeting-{meeting.id}")
        expect(on_head).to_contain_text("Marc Delcourt")
        expect(on_head).to_contain_text(table)
        expect(on_head).to_contain_text("Salle Arenberg")
        partner_page.goto("/partner/agenda")
        on_partner = partner_page.locator(f"#meeting-{meeting.id}")
        expect(on_partner).to_contain_text("Amina Diallo")
        expect(on_partner).to_contain_text(table)

        # Both personal feeds carry it, confirmed, at the same time with the same UID.
        in_head_feed = feed_event(head_page, "/agenda", meeting.id)
        in_partner_feed = feed_event(partner_page, "/partner/agenda", meeting.id)
        for vevent in (in_head_feed, in_partner_feed):
            assert str(vevent["STATUS"]) == "CONFIRMED"
            assert vevent["DTSTART"].dt == accepted_at
            assert int(vevent["SEQUENCE"]) == meeting.sequence
        assert in_head_feed["UID"] == in_partner_feed["UID"]
        first_sequence = int(in_head_feed["SEQUENCE"])

        # An organizer moves it to the other time: SEQUENCE goes up in both feeds.
        organizer_page = logged_in(browser, live_server, organizer.email)
        pages.append(organizer_page)
        organizer_page.goto(f"/organizer/meetings/{meeting.id}")
        current = f"{window.id}|{accepted_at.isoformat()}"  # slots.slot_key
        time = organizer_page.get_by_label("Time")
        values = time.locator("option").evaluate_all("options => options.map(o => o.value)")
        assert current in values
        time.select_option(next(value for value in values if value and value != current))
        organizer_page.get_by_role("button", name="Move the meeting").click()
        expect(organizer_page.locator(".flash--success")).to_have_count(1)
        moved = the_meeting()
        assert moved.starts_at != accepted_at and moved.status == MeetingStatus.ACCEPTED
        for page, agenda in ((head_page, "/agenda"), (partner_page, "/partner/agenda")):
            vevent = feed_event(page, agenda, meeting.id)
            assert int(vevent["SEQUENCE"]) > first_sequence
            assert vevent["DTSTART"].dt == moved.starts_at

        # And cancels it: still in both feeds, STATUS:CANCELLED.
        organizer_page.get_by_role("link", name="Cancel the meeting").click()
        organizer_page.get_by_label("Reason").fill("The head of post is called back to Nairobi.")
        organizer_page.get_by_role("button", name="Yes, cancel the meeting").click()
        expect(organizer_page.locator(".flash--success")).to_have_count(1)
        assert the_meeting().status == MeetingStatus.CANCELLED
        for page, agenda in ((head_page, "/agenda"), (partner_page, "/partner/agenda")):
            vevent = feed_event(page, agenda, meeting.id)
            assert str(vevent["STATUS"]) == "CANCELLED"
            assert int(vevent["SEQUENCE"]) > first_sequence + 1
            expect(page.locator(f"#meeting-{meeting.id}")).to_contain_text("Cancelled")

        assert [error for page in pages for error in page.errors] == []
    finally:
        for page in pages:
            page.context.close()
