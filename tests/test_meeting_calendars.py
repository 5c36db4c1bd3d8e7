"""Bilateral meetings on both people's agendas and in both personal calendar feeds
(issue 21, point 7), and a programme change that puts a session over a meeting.

Meetings are created here as the services leave them (accepted with a slot; a move or a
cancellation raises `sequence`); every feed is read by both parsers of test_calendar.py.
"""

import re

import pytest
from sqlalchemy import select

from eventapp.calendar.services import ensure_feed_token
from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import AuditLog, Meeting, MeetingStatus, User
from eventapp.programme import services as programme

from .support import brussels
from .test_calendar import DOMAIN, events_by_uid, parse_feed, unfolded

WEDNESDAY = "2026-02-04"


@pytest.fixture
def head(attending):
    """A head of post attending the whole week (Ambassador in Nairobi, Kenya)."""
    return attending(first_name="Amina", last_name="Diallo", email="amina@example.org").user


@pytest.fixture
def representative(create_partner):
    return create_partner(
        first_name="Pieter", last_name="Peeters", email="pieter@example.org"
    )  # Export director, Besix


@pytest.fixture
def window(create_window, create_room):
    return create_window(room=create_room(name="Salle Arenberg"))


@pytest.fixture
def book(event, window):
    """book(diplomat, partner, start=(hour, minute), table=..., **values): an accepted
    meeting in the window, as the services leave it; committed."""

    def book(diplomat, partner, start=(14, 0), table=2, **values) -> Meeting:
        hour, minute = start
        starts_at = brussels(4, hour, minute)
        fields = {
            "event_id": event.id,
            "partner_id": partner.id,
            "diplomat_id": diplomat.id,
            "status": MeetingStatus.ACCEPTED,
            "subject": "Port of Mombasa concession",
            "window_id": window.id,
            "starts_at": starts_at,
            "ends_at": brussels(4, hour, minute + window.meeting_minutes),
            "table_number": table,
            "sequence": 0,
        }
        fields.update(values)
        meeting = Meeting(**fields)
        db.session.add(meeting)
        db.session.commit()
        return meeting

    return book


@pytest.fixture
def meeting(book, head, representative):
    return book(head, representative)


def move(meeting, hour, minute, table=None):
    """What the services do when a meeting moves: a new slot, the sequence raised."""
    meeting = db.session.get(Meeting, meeting.id)
    meeting.starts_at = brussels(4, hour, minute)
    meeting.ends_at = brussels(4, hour, minute + 20)
    meeting.table_number = table or meeting.table_number
    meeting.sequence += 1
    db.session.commit()


def cancel(meeting):
    """What the services do when a meeting is cancelled: it keeps its slot."""
    meeting = db.session.get(Meeting, meeting.id)
    meeting.status = MeetingStatus.CANCELLED
    meeting.answer_message = "Flight cancelled"
    meeting.sequence += 1
    db.session.commit()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page(client, login, user, path) -> str:
    login(user)
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    client.post("/logout")
    return html


def day_section(html: str, day: str) -> str:
    """The text of one day's section: up to the next day's or the calendar's."""
    start = html.find(f'id="day-{day}"')
    if start < 0:
        return ""
    ends = [html.find(mark, start + 1) for mark in ('class="agenda-day ', 'id="calendar"')]
    return text_of(html[start : min(end for end in ends if end > 0)])


def feed_of(client, user):
    token = ensure_feed_token(db.session.get(User, user.id))
    response = client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200, response.status_code
    return response, *parse_feed(response.data)


def uid(meeting) -> str:
    return f"meeting-{meeting.id}@{DOMAIN}"


# Agendas


def test_the_heads_agenda_shows_the_meeting_with_table_room_and_partner(
    client, login, head, meeting
):
    html = page(client, login, head, "/agenda")
    wednesday = day_section(html, WEDNESDAY)
    assert "Bilateral meetings" in wednesday
    for shown in ("14:00", "14:20", "Salle Arenberg", "Table 2", "Pieter Peeters"):
        assert shown in wednesday, shown
    assert "Export director" in wednesday and "Besix" in wednesday
    assert "Port of Mombasa concession" in wednesday
    # Only on its day.
    assert "Pieter Peeters" not in day_section(html, "2026-02-03")


def test_the_partners_agenda_shows_the_meeting_with_the_head_of_post(
    client, login, representative, meeting
):
    html = page(client, login, representative, "/partner/agenda")
    wednesday = day_section(html, WEDNESDAY)
    for shown in ("14:00", "Salle Arenberg", "Table 2", "Amina Diallo", "Ambassador"):
        assert shown in wednesday, shown
    assert "Nairobi, Kenya" in wednesday
    assert 'class="agenda-day print-page"' in html  # a page per day on paper
    assert "webcal://" in html and 'id="calendar-link"' in html


def test_neither_agenda_shows_another_persons_meeting(
    client, login, attending, create_partner, book, head, representative
):
    other_head = attending(first_name="Jonas", last_name="Berg").user
    other_partner = create_partner(first_name="Sofie", last_name="Smet", organisation_name="AWEX")
    book(other_head, other_partner, subject="Private matter")
    for user, path in ((head, "/agenda"), (representative, "/partner/agenda")):
        html = page(client, login, user, path)
        assert "Sofie Smet" not in html and "Jonas Berg" not in html
        assert "Private matter" not in html


def test_requests_without_a_slot_are_on_no_agenda_and_in_no_feed(
    client, login, head, representative, event
):
    request = Meeting(
        event_id=event.id,
        partner_id=representative.id,
        diplomat_id=head.id,
        status=MeetingStatus.REQUESTED,
        subject="Asked, not answered",
    )
    db.session.add(request)
    db.session.commit()
    # The head of post's pending requests have a list of their own on the agenda page
    # (eventapp/meetings): not among the meetings of a day.
    html = page(client, login, head, "/agenda")
    assert f'id="meeting-{request.id}"' not in html and "Bilateral meetings" not in html
    html = page(client, login, representative, "/partner/agenda")
    assert "Asked, not answered" not in html and "No meetings yet" in html
    for user in (head, representative):
        response, _calendar, _strict = feed_of(client, user)
        assert b"Asked, not answered" not in response.data and b"meeting-" not in response.data


def test_a_cancelled_meeting_stays_on_both_agendas_struck_through(
    client, login, head, representative, meeting
):
    cancel(meeting)
    for user, path in ((head, "/agenda"), (representative, "/partner/agenda")):
        html = page(client, login, user, path)
        entry = re.search(rf'<li[^>]*id="meeting-{meeting.id}".*?</li>', html, flags=re.S)
        assert "agenda-meeting--cancelled" in entry.group(0)
        assert "<del>" in entry.group(0) and "Cancelled" in text_of(entry.group(0))


def test_a_partner_without_meetings_gets_an_empty_state_and_their_calendar_link(
    client, login, representative
):
    html = page(client, login, representative, "/partner/agenda")
    assert "No meetings yet" in html and "webcal://" in html
    assert html.count("<h1") == 1


def test_a_session_over_a_meeting_is_flagged_on_both_entries(
    client, login, head, meeting, create_session
):
    create_session(title="Trade lunch", starts_at=brussels(4, 13, 30), ends_at=brussels(4, 14, 30))
    html = text_of(page(client, login, head, "/agenda"))
    assert "Overlaps “Bilateral meeting: Pieter Peeters”" in html
    assert "Overlaps “Trade lunch”" in html


def test_a_session_that_only_touches_a_meeting_is_not_flagged(
    client, login, head, meeting, create_session
):
    create_session(title="Trade lunch", starts_at=brussels(4, 13), ends_at=brussels(4, 14))
    assert "Overlaps" not in text_of(page(client, login, head, "/agenda"))


def test_hostile_subject_is_escaped_on_both_agendas(client, login, head, representative, book):
    book(head, representative, subject='<script>alert("x")</script>')
    for user, path in ((head, "/agenda"), (representative, "/partner/agenda")):
        html = page(client, login, user, path)
        assert '<script>alert("x")' not in html
        assert "&lt;script&gt;" in html


# Feeds


def test_both_feeds_carry_the_meeting_private_with_a_stable_uid(
    client, head, representative, meeting
):
    for user, other in ((head, "Pieter Peeters"), (representative, "Amina Diallo")):
        _response, calendar, strict = feed_of(client, user)
        event = events_by_uid(calendar)[uid(meeting)]
        assert str(event["SUMMARY"]) == f"Bilateral meeting: {other}"
        assert str(event["CLASS"]) == "PRIVATE"
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event["SEQUENCE"] == 0
        assert "Table 2" in str(event["LOCATION"]) and "Salle Arenberg" in str(event["LOCATION"])
        assert "Port of Mombasa concession" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTART") == brussels(4, 14)
        assert event.decoded("DTEND") == brussels(4, 14, 20)
        [parsed] = [item for item in strict.events if item.uid == uid(meeting)]
        assert parsed.dtstart == brussels(4, 14) and parsed.summary == str(event["SUMMARY"])
    _r, calendar, _s = feed_of(client, head)
    assert "Besix" in str(events_by_uid(calendar)[uid(meeting)]["DESCRIPTION"])
    _r, calendar, _s = feed_of(client, representative)
    description = str(events_by_uid(calendar)[uid(meeting)]["DESCRIPTION"])
    assert "Ambassador" in description and "Nairobi, Kenya" in description


def test_a_french_feed_writes_the_subject_as_french_typography_wants(
    client, representative, meeting
):
    representative.language = "fr"
    db.session.commit()
    _r, calendar, _s = feed_of(client, representative)
    description = str(events_by_uid(calendar)[uid(meeting)]["DESCRIPTION"])
    assert "Objet : Port of Mombasa concession" in description


def test_a_move_raises_the_sequence_keeps_the_uid_and_changes_the_etag(
    client, head, representative, meeting
):
    before = {user.id: feed_of(client, user)[0].headers["ETag"] for user in (head, representative)}
    move(meeting, 14, 25, table=3)
    for user in (head, representative):
        response, calendar, _strict = feed_of(client, user)
        assert response.headers["ETag"] != before[user.id]
        event = events_by_uid(calendar)[uid(meeting)]
        assert event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == brussels(4, 14, 25)
        assert "Table 3" in str(event["LOCATION"])
        # The client's copy is stale: a conditional request gets the new feed.
        token = ensure_feed_token(db.session.get(User, user.id))
        stale = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": before[user.id]})
        assert stale.status_code == 200


def test_an_unchanged_feed_with_meetings_answers_304(client, head, meeting):
    response, _calendar, _strict = feed_of(client, head)
    token = ensure_feed_token(db.session.get(User, head.id))
    again = client.get(f"/feeds/{token}.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_cancelled_meeting_stays_in_both_feeds_as_cancelled(
    client, head, representative, meeting
):
    cancel(meeting)
    for user in (head, representative):
        _response, calendar, strict = feed_of(client, user)
        event = events_by_uid(calendar)[uid(meeting)]
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert str(event["SUMMARY"]).startswith("Cancelled: Bilateral meeting")
        assert any(item.uid == uid(meeting) for item in strict.events)


def test_hostile_subject_and_note_are_escaped_in_the_feed(client, head, representative, book):
    hostile = "Ports; tariffs, \\ duties\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged"
    meeting = book(head, representative, subject=hostile[:200], note=hostile)
    for user in (head, representative):
        response, calendar, strict = feed_of(client, user)
        assert "UID:forged" not in unfolded(response.data).split("\r\n")
        event = events_by_uid(calendar)[uid(meeting)]
        description = str(event["DESCRIPTION"])
        assert "Ports; tariffs, \\ duties" in description and "UID:forged" in description
        assert len(strict.events) == len(calendar.walk("VEVENT"))


def test_another_diplomats_feed_does_not_carry_the_meeting(client, attending, meeting):
    someone = attending(first_name="Jonas", last_name="Berg").user
    response, calendar, _strict = feed_of(client, someone)
    assert uid(meeting) not in events_by_uid(calendar)
    assert b"Pieter Peeters" not in response.data


def test_the_public_feed_and_programme_never_show_meetings(client, event, meeting, create_session):
    create_session(title="Plenary", starts_at=brussels(4, 10), ends_at=brussels(4, 11))
    feed = client.get("/programme.ics")
    assert feed.status_code == 200
    _calendar, _strict = parse_feed(feed.data)
    body = unfolded(feed.data)
    assert "meeting-" not in body and "Pieter" not in body and "Mombasa" not in body
    programme = client.get(f"/programme?day={WEDNESDAY}").get_data(as_text=True)
    assert "Plenary" in programme
    assert "Pieter Peeters" not in programme and "Mombasa" not in programme


def test_a_partners_feed_is_named_for_their_meetings(client, representative, meeting):
    _response, calendar, _strict = feed_of(client, representative)
    assert str(calendar["X-WR-CALNAME"]).endswith(": my meetings")
    assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [uid(meeting)]


def test_a_partner_resets_their_calendar_link(client, login, representative, meeting):
    token = ensure_feed_token(db.session.get(User, representative.id))
    login(representative)
    assert client.get("/agenda/calendar-link/reset").status_code == 200
    response = client.post("/agenda/calendar-link/reset")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/partner/agenda#calendar")
    assert client.get(f"/feeds/{token}.ics").status_code == 404


def test_a_deactivated_partners_feed_answers_404(client, representative, meeting):
    token = ensure_feed_token(db.session.get(User, representative.id))
    db.session.get(User, representative.id).active = False
    db.session.commit()
    assert client.get(f"/feeds/{token}.ics").status_code == 404


# A programme change over a meeting


def lunch_at_ten(create_session):
    """A session for everyone on Wednesday 10:00-11:00: on the head of post's agenda."""
    return create_session(title="Trade lunch", starts_at=brussels(4, 10), ends_at=brussels(4, 11))


def test_a_session_moved_onto_a_meeting_mails_both_people_and_logs_it(
    app, head, representative, meeting, organizer, create_session
):
    session = create_session(
        title="Trade lunch", starts_at=brussels(4, 10), ends_at=brussels(4, 11)
    )
    outbox().clear()
    programme.move_session(session, brussels(4, 14), None, organizer)
    mails = {mail.to: mail for mail in outbox() if "bilateral meeting" in mail.subject}
    assert set(mails) == {"amina@example.org", "pieter@example.org"}
    assert "Trade lunch" in mails["amina@example.org"].body
    assert "Pieter Peeters" in mails["amina@example.org"].body
    assert "Amina Diallo" in mails["pieter@example.org"].body
    assert "Table 2" in mails["pieter@example.org"].body
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "meeting.overlapped"))
    assert entry.target_id == meeting.id and entry.details["title"] == "Trade lunch"


def test_a_session_that_already_overlapped_is_not_told_again(
    app, head, representative, meeting, organizer, create_session
):
    session = create_session(
        title="Trade lunch", starts_at=brussels(4, 13, 30), ends_at=brussels(4, 14, 30)
    )
    outbox().clear()
    programme.move_session(session, brussels(4, 13, 45), None, organizer)
    assert not [mail for mail in outbox() if "bilateral meeting" in mail.subject]


def test_a_session_moved_elsewhere_or_off_the_agenda_tells_nobody_of_meetings(
    app, head, representative, meeting, organizer, create_session, attending
):
    session = create_session(
        title="Trade lunch", starts_at=brussels(4, 10), ends_at=brussels(4, 11)
    )
    outbox().clear()
    programme.move_session(session, brussels(4, 15), None, organizer)
    assert not [mail for mail in outbox() if "bilateral meeting" in mail.subject]
    assert (
        db.session.scalar(select(AuditLog).where(AuditLog.action == "meeting.overlapped")) is None
    )


def test_the_organizer_is_told_on_the_page_after_the_save(
    client, login, head, representative, meeting, organizer, create_session
):
    session = create_session(
        title="Trade lunch", starts_at=brussels(4, 10), ends_at=brussels(4, 11)
    )
    login(organizer)
    response = client.post(
        f"/organizer/sessions/{session.id}/move",
        data={"day": WEDNESDAY, "start_time": "14:00", "room_id": ""},
        follow_redirects=True,
    )
    html = text_of(response.get_data(as_text=True))
    assert "accepted bilateral meeting" in html, html[:2000]
    assert "Amina Diallo and Pieter Peeters" in html
