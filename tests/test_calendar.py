"""Calendar export and subscriptions: /programme.ics, /sessions/<id>.ics, /feeds/<token>.ics.

Every feed is parsed with icalendar and with the strict `ical` package, after checks no
parser makes: CRLF only, no line over 75 octets, every TZID defined, unique UIDs.
"""

import gzip
import importlib.util
import logging
import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime as http_date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from flask_babel import force_locale
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo
from icalendar import Calendar
from sqlalchemy import event as sa_event
from sqlalchemy import select

from eventapp import create_app
from eventapp.calendar import services as calendar_feeds
from eventapp.calendar.builder import CalendarTexts, build_calendar
from eventapp.calendar.services import ensure_feed_token
from eventapp.extensions import db
from eventapp.models import (
    DiplomatFunction,
    Event,
    Organisation,
    OrganisationKind,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Room,
    Session,
    SessionKind,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Speaker,
    SpeakerRole,
    User,
    Visibility,
)
from eventapp.models.types import AudienceKind
from eventapp.programme import catalogue, services
from eventapp.programme.agenda import agenda_for, registration_of
from eventapp.programme.services import SessionDetails
from eventapp.redaction import redact
from eventapp.signups import services as signups

from .support import brussels, make_app

DOMAIN = "contactdays.diplomatie.belgium.be"


# What no parser checks, then two parsers


def parse_feed(body: bytes):
    """Check the bytes, then parse them with icalendar and with `ical` (strict, pydantic
    validated). Returns (icalendar calendar, ical calendar)."""
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, f"bare CR or LF in {line!r}"
        assert len(line) <= 75, f"{len(line)} octets: {line!r}"
        line.decode("utf-8")  # folding never splits a UTF-8 character
    content_lines = body.decode().replace("\r\n ", "").split("\r\n")[:-1]
    assert not any(line.startswith("METHOD") for line in content_lines)
    calendar = Calendar.from_ical(body)
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    defined = {str(timezone["TZID"]) for timezone in calendar.walk("VTIMEZONE")}
    for line in content_lines:
        parameters = re.match(r"[A-Z0-9-]+((?:;[^:]*)?):", line).group(1)
        for tzid in re.findall(r";TZID=([^;:]+)", parameters):
            assert tzid in defined, f"TZID {tzid} has no VTIMEZONE"
    events = calendar.walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART"):
            assert name in event, f"{name} missing in {event.get('UID')}"
        assert event["DTSTAMP"].to_ical() == event["LAST-MODIFIED"].to_ical()
    assert len(strict.events) == len(events)
    return calendar, strict


def get_feed(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response, *parse_feed(response.data)


def events_by_uid(calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(session) -> str:
    return f"session-{session.id}@{DOMAIN}"


def unfolded(body: bytes) -> str:
    return body.decode().replace("\r\n ", "")


# Builders for these tests


@pytest.fixture
def attendee(event, create_user):
    """A diplomat registered for the whole week."""

    def attendee(**values):
        user = create_user(**values)
        registration = Registration(
            event_id=event.id, user_id=user.id, status=RegistrationStatus.CONFIRMED
        )
        registration.day_rows = [RegistrationDay(day=day) for day in event.days]
        db.session.add(registration)
        db.session.commit()
        return user

    return attendee


@pytest.fixture
def feed_url(client, login):
    """Log in as the diplomat, open the agenda and return the feed link it shows."""

    def feed_url(user) -> str:
        login(user)
        html = client.get("/agenda").get_data(as_text=True)
        client.post("/logout")
        return re.search(r'value="(http://localhost/feeds/[^"]+\.ics)"', html).group(1)

    return feed_url


def at(day: int, hour: int) -> dict:
    """An hour-long slot on day `day` (2 = Monday 2 February) from `hour`, Brussels time."""
    return {"starts_at": brussels(day, hour), "ends_at": brussels(day, hour + 1)}


def save(session, by, **changes):
    """Save the session as an organizer would, with these details changed."""
    details = SessionDetails.of(session)
    for name, value in changes.items():
        setattr(details, name, value)
    return services.update_session(session, details, by)


# The pure builder

TEXTS = CalendarTexts(
    language="en",
    name="Diplomatic Contact Days 2026: programme",
    description="The public programme",
    venue="Egmont Palace, Place du Petit Sablon 8, 1000 Brussels",
    cancelled="Cancelled: %(title)s",
    speakers="Speakers",
    organisations="Partner organisations",
    waitlisted="You are on the waitlist.",
    kinds={kind.value: kind.value.title() for kind in SessionKind},
    roles={role.value: role.value.title() for role in SpeakerRole},
)
CHANGED = datetime(2026, 1, 15, 10, 30, tzinfo=UTC)


def plain_session(number, starts_at, **values) -> Session:
    """A session not stored anywhere: the builder needs nothing else."""
    fields = {
        "id": number,
        "title_en": f"Session {number}",
        "kind": SessionKind.PLENARY,
        "status": SessionStatus.PUBLISHED,
        "sequence": 0,
        "created_at": CHANGED - timedelta(days=10),
        "updated_at": CHANGED,
    }
    fields.update(values)
    return Session(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **fields)


def build(sessions, **kwargs) -> bytes:
    kwargs.setdefault("site_url", "https://contactdays.example")
    kwargs.setdefault("uid_domain", DOMAIN)
    return build_calendar(sessions, TEXTS, **kwargs)


def test_brussels_times_convert_to_the_right_utc_on_both_sides_of_daylight_saving_changes():
    # Summer time starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026.
    utc_starts = [
        datetime(2026, 3, 28, 9, 0, tzinfo=UTC),  # 10:00 CET
        datetime(2026, 3, 29, 8, 0, tzinfo=UTC),  # 10:00 CEST
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 03:30 CEST, just after the jump
        datetime(2026, 10, 24, 8, 0, tzinfo=UTC),  # 10:00 CEST
        datetime(2026, 10, 25, 9, 0, tzinfo=UTC),  # 10:00 CET
    ]
    sessions = [plain_session(n, start) for n, start in enumerate(utc_starts, 1)]
    body = build(sessions)
    calendar, strict = parse_feed(body)

    text = unfolded(body)
    for wall in ("20260328T100000", "20260329T100000", "20260329T033000", "20261024T100000"):
        assert f"DTSTART;TZID=Europe/Brussels:{wall}" in text
    # Each parser reads the wall-clock times through the VTIMEZONE in the feed, not
    # through its own time zone database.
    icalendar_zone = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    ical_zone = IcsTimezoneInfo.from_timezone(strict.timezones[0])
    for session in sessions:
        event = events_by_uid(calendar)[uid(session)]
        wall = event.decoded("DTSTART").replace(tzinfo=None)
        assert wall.replace(tzinfo=icalendar_zone).astimezone(UTC) == session.starts_at
        strict_event = next(item for item in strict.events if item.uid == uid(session))
        wall = strict_event.dtstart.replace(tzinfo=None)
        assert wall.replace(tzinfo=ical_zone).astimezone(UTC) == session.starts_at
        end = strict_event.dtend.replace(tzinfo=None).replace(tzinfo=ical_zone)
        assert end.astimezone(UTC) == session.ends_at


def test_the_time_zone_is_one_standard_and_one_daylight_rule():
    calendar, _strict = parse_feed(build([plain_session(1, brussels(2, 9))]))
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Brussels"
    kinds = [component.name for component in timezone.subcomponents]
    assert sorted(kinds) == ["DAYLIGHT", "STANDARD"]
    for rule in timezone.subcomponents:
        assert "RRULE" in rule and "RDATE" not in rule
        assert rule["RRULE"]["FREQ"] == ["YEARLY"] and rule["RRULE"]["BYDAY"] == ["-1SU"]


def test_the_same_sessions_always_give_the_same_bytes():
    sessions = [plain_session(2, brussels(3, 14)), plain_session(1, brussels(2, 9))]
    assert build(sessions) == build(list(reversed(sessions)))


def test_text_is_escaped_and_folded_without_splitting_characters():
    title = "Économie, diplomatie; « Belgique » — ’s-Hertogenbosch \\ 🇧🇪 " * 3
    description = "Première ligne.\nDeuxième ligne, avec ; et \\.\n\n" + "Ééé " * 60
    session = plain_session(1, brussels(2, 9), title_en=title.strip(), description_en=description)
    body = build([session])
    calendar, strict = parse_feed(body)
    event = events_by_uid(calendar)[uid(session)]
    assert str(event["SUMMARY"]) == title.strip()
    assert description.strip() in str(event["DESCRIPTION"])
    assert strict.events[0].summary == title.strip()
    assert r"diplomatie\; « Belgique »" in unfolded(body)


def test_drafts_are_left_out_by_the_builder():
    draft = plain_session(2, brussels(2, 11), status=SessionStatus.DRAFT)
    calendar, _strict = parse_feed(build([plain_session(1, brussels(2, 9)), draft]))
    assert list(events_by_uid(calendar)) == [f"session-1@{DOMAIN}"]


def test_a_waitlisted_session_is_tentative():
    sessions = [plain_session(1, brussels(2, 9)), plain_session(2, brussels(2, 11))]
    calendar, _strict = parse_feed(build(sessions, tentative={2}))
    events = events_by_uid(calendar)
    assert str(events[f"session-1@{DOMAIN}"]["STATUS"]) == "CONFIRMED"
    assert str(events[f"session-2@{DOMAIN}"]["STATUS"]) == "TENTATIVE"
    assert "You are on the waitlist." in str(events[f"session-2@{DOMAIN}"]["DESCRIPTION"])


# The programme feed: what it holds


@pytest.fixture
def full_session(create_session, create_room, create_speaker, create_organisation):
    """A published public session with a room, a speaker and a partner organisation."""
    fpsfa = create_organisation(
        name="FPS Foreign Affairs", short_name="FPS FA", kind=OrganisationKind.FOREIGN_AFFAIRS
    )
    enabel = create_organisation(name="Enabel")
    speaker = create_speaker(
        name="Maxime Prévot",
        function="Deputy Prime Minister and Minister of Foreign Affairs",
        organisation_id=fpsfa.id,
    )
    session = create_session(
        title="Strategic orientations",
        description_en="The minister presents the year's priorities.",
        room=create_room(name="Salle des Glaces"),
        speakers=[speaker],
        sequence=0,
    )
    session.organisations = [enabel]
    db.session.commit()
    return session


def test_programme_feed_is_a_calendar_with_its_properties(client, full_session):
    response, calendar, strict = get_feed(client, "/programme.ics")
    text = unfolded(response.data)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert str(calendar["VERSION"]) == "2.0"
    assert "FPS Foreign Affairs" in str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["NAME"]) == "Diplomatic Contact Days 2026: programme"
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"])
    assert "Egmont Palace" in str(calendar["DESCRIPTION"])
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT1H\r\n" in text
    assert "\r\nX-WR-TIMEZONE:Europe/Brussels\r\n" in text
    assert strict.prodid == str(calendar["PRODID"])


def test_each_session_carries_what_a_calendar_shows(client, full_session):
    response, calendar, _strict = get_feed(client, "/programme.ics")
    event = events_by_uid(calendar)[uid(full_session)]
    link = f"http://localhost/sessions/{full_session.id}"
    assert str(event["SUMMARY"]) == "Strategic orientations"
    assert event.decoded("DTSTART") == brussels(2, 9, 30)
    assert "DTSTART;TZID=Europe/Brussels:20260202T093000" in unfolded(response.data)
    assert "DTEND;TZID=Europe/Brussels:20260202T110000" in unfolded(response.data)
    description = str(event["DESCRIPTION"])
    assert description.startswith("Plenary\n\nThe minister presents the year's priorities.")
    assert (
        "Maxime Prévot, Deputy Prime Minister and Minister of Foreign Affairs (FPS FA) — Speaker"
        in description
    )
    assert "Partner organisations: Enabel" in description
    assert description.endswith(link)
    assert str(event["LOCATION"]) == (
        "Salle des Glaces, Egmont Palace, Place du Petit Sablon 8, 1000 Brussels"
    )
    assert str(event["URL"]) == link
    assert event["CATEGORIES"].cats == ["Plenary"]
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event.decoded("CREATED") == full_session.created_at.replace(microsecond=0)
    assert event.decoded("LAST-MODIFIED") == full_session.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")


def test_links_and_uids_follow_the_configuration(app, client, full_session):
    app.config["BASE_URL"] = "https://contactdays.example.be/"
    app.config["CALENDAR_DOMAIN"] = "calendar.example.be"
    _response, calendar, _strict = get_feed(client, "/programme.ics")
    event = events_by_uid(calendar)[f"session-{full_session.id}@calendar.example.be"]
    assert str(event["URL"]) == f"https://contactdays.example.be/sessions/{full_session.id}"


def test_programme_feed_holds_public_sessions_only(client, create_session):
    public = create_session(title="Public plenary")
    cancelled = create_session(title="Cancelled panel", status=SessionStatus.CANCELLED, **at(3, 9))
    hidden = [
        create_session(title="Draft", status=SessionStatus.DRAFT, **at(3, 11)),
        create_session(title="Attendees only", visibility=Visibility.ATTENDEES, **at(4, 9)),
        create_session(title="Invited only", visibility=Visibility.INVITED_ONLY, **at(4, 11)),
    ]
    response, calendar, _strict = get_feed(client, "/programme.ics")
    assert set(events_by_uid(calendar)) == {uid(public), uid(cancelled)}
    for session in hidden:
        assert session.title_en.encode() not in response.data


def test_programme_feed_answers_in_the_language_asked_for(client, create_session):
    session = create_session(title="Opening", title_fr="Ouverture", title_nl="Opening NL")
    _response, calendar, _strict = get_feed(client, "/programme.ics?lang=fr")
    event = events_by_uid(calendar)[uid(session)]
    assert str(event["SUMMARY"]) == "Ouverture"
    with force_locale("fr"):
        assert event["CATEGORIES"].cats == [str(SessionKind.PLENARY.label)]
    _response, calendar, _strict = get_feed(client, "/programme.ics?lang=xx")
    assert str(events_by_uid(calendar)[uid(session)]["SUMMARY"]) == "Opening"


# Changes reach the feed


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(client, organizer, full_session):
    _response, before, _strict = get_feed(client, "/programme.ics")
    save(full_session, organizer, starts_at=brussels(3, 14), ends_at=brussels(3, 15))
    _response, after, _strict = get_feed(client, "/programme.ics")
    old, new = events_by_uid(before)[uid(full_session)], events_by_uid(after)[uid(full_session)]
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new.decoded("DTSTART") == brussels(3, 14)
    assert new.decoded("LAST-MODIFIED") >= old.decoded("LAST-MODIFIED")


def test_a_cancelled_session_stays_marked_cancelled(client, organizer, full_session):
    services.cancel_session(full_session, organizer)
    _response, calendar, strict = get_feed(client, "/programme.ics")
    event = events_by_uid(calendar)[uid(full_session)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Strategic orientations"
    assert event["SEQUENCE"] == 1
    assert strict.events[0].status.value == "CANCELLED"


def test_a_cancelled_session_reads_cancelled_in_the_readers_language(
    client, organizer, full_session
):
    services.cancel_session(full_session, organizer)
    _response, calendar, _strict = get_feed(client, "/programme.ics?lang=nl")
    with force_locale("nl"):
        from flask_babel import gettext

        expected = gettext("Cancelled: %(title)s", title="Strategic orientations")
    assert str(events_by_uid(calendar)[uid(full_session)]["SUMMARY"]) == expected


def test_an_unchanged_programme_gives_identical_bytes(client, full_session):
    first = client.get("/programme.ics")
    second = client.get("/programme.ics")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


def test_a_known_etag_gets_304(client, full_session):
    first = client.get("/programme.ics")
    etag = first.headers["ETag"]
    assert not etag.startswith("W/"), "the ETag is strong"
    again = client.get("/programme.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_an_unchanged_last_modified_gets_304(client, full_session):
    first = client.get("/programme.ics")
    since = first.headers["Last-Modified"]
    assert client.get("/programme.ics", headers={"If-Modified-Since": since}).status_code == 304
    earlier = http_date(first.last_modified - timedelta(hours=1), usegmt=True)
    assert client.get("/programme.ics", headers={"If-Modified-Since": earlier}).status_code == 200


def test_calendar_clients_that_accept_gzip_get_the_same_feed_compressed(
    client, organizer, full_session
):
    plain = client.get("/programme.ics")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/programme.ics", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Content-Type"] == plain.headers["Content-Type"]
    assert gzip.decompress(packed.data) == plain.data
    parse_feed(gzip.decompress(packed.data))
    # Shared caches must keep the two apart: each representation has its own ETag.
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(
        "/programme.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert again.status_code == 304
    assert again.headers["ETag"] == packed.headers["ETag"]
    # A client that refuses gzip gets the plain bytes.
    refused = client.get("/programme.ics", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    assert refused.data == plain.data
    # After a change, the compressed feed is the new one too.
    save(full_session, organizer, titles={"en": "Strategic orientations 2026"})
    changed = client.get(
        "/programme.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]},
    )
    assert changed.status_code == 200
    assert b"Strategic orientations 2026" in gzip.decompress(changed.data)
    assert gzip.decompress(changed.data) == client.get("/programme.ics").data


def test_programme_feed_may_be_cached_publicly_and_keeps_its_link_private(client, event):
    response = client.get("/programme.ics")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_a_change_gives_a_new_etag_and_last_modified(client, organizer, full_session):
    first = client.get("/programme.ics")
    save(full_session, organizer, titles={"en": "Strategic orientations 2026"})
    again = client.get("/programme.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert b"Strategic orientations 2026" in again.data
    assert again.headers["ETag"] != first.headers["ETag"]
    assert again.last_modified >= first.last_modified


def test_renaming_a_room_reaches_the_cached_feed(client, organizer, full_session):
    assert b"Salle des Glaces" in client.get("/programme.ics").data
    room = full_session.room
    catalogue.update_room(room, name="Salle Arenberg", capacity=room.capacity, by=organizer)
    body = client.get("/programme.ics").data
    assert b"Salle Arenberg" in body and b"Salle des Glaces" not in body


def test_renaming_an_organisation_reaches_the_cached_feed(client, organizer, full_session):
    assert b"Enabel" in client.get("/programme.ics").data
    enabel = full_session.organisations[0]
    catalogue.update_organisation(
        enabel,
        name="Enabel, Belgian development agency",
        short_name="Enabel BE",
        kind=enabel.kind,
        by=organizer,
    )
    assert b"Partner organisations: Enabel BE" in client.get("/programme.ics").data


def test_an_unchanged_programme_is_served_without_reading_the_sessions(client, full_session):
    client.get("/programme.ics")
    statements = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get("/programme.ics").status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    assert len(statements) == 1, statements  # the event, which carries the version
    assert "FROM events" in statements[0]


def test_the_cache_stays_right_with_several_workers(
    tmp_path, postgres_database, app, client, organizer, full_session
):
    """Another worker (another app on the same database) changes the programme: this
    worker's cached feed is built again."""
    assert b"Salle des Glaces" in client.get("/programme.ics").data
    other = make_app(tmp_path, postgres_database)
    with other.app_context():
        room = db.session.get(Room, full_session.room_id)
        by = db.session.get(User, organizer.id)
        catalogue.update_room(room, name="Salle Arenberg", capacity=room.capacity, by=by)
        db.session.remove()
        db.engine.dispose()
    assert b"Salle Arenberg" in client.get("/programme.ics").data


# One session as a download


def test_a_session_downloads_as_an_attachment(client, full_session):
    response, calendar, _strict = get_feed(client, f"/sessions/{full_session.id}.ics")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="session-{full_session.id}.ics"'
    )
    assert response.headers["Cache-Control"].startswith("private")
    assert list(events_by_uid(calendar)) == [uid(full_session)]
    etag = response.headers["ETag"]
    again = client.get(f"/sessions/{full_session.id}.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_a_session_nobody_may_see_is_not_found(client, login, organizer, create_session, attendee):
    invited = create_session(
        title="Invited only", visibility=Visibility.INVITED_ONLY, audience=AudienceKind.REGIONS
    )
    invited.audience_regions.append(Region.AFRICA)
    draft = create_session(title="Draft", status=SessionStatus.DRAFT, **at(3, 9))
    db.session.commit()
    assert client.get(f"/sessions/{invited.id}.ics").status_code == 404
    assert client.get("/sessions/999999.ics").status_code == 404
    login(attendee(region=Region.EUROPE))
    assert client.get(f"/sessions/{invited.id}.ics").status_code == 404
    client.post("/logout")
    login(organizer)
    assert client.get(f"/sessions/{draft.id}.ics").status_code == 404, "drafts are in no feed"
    assert client.get(f"/sessions/{invited.id}.ics").status_code == 200


def test_programme_and_session_pages_link_to_their_calendars(client, full_session):
    html = client.get("/programme?day=2026-02-02").get_data(as_text=True)
    assert 'href="webcal://localhost/programme.ics"' in html
    assert 'href="http://localhost/programme.ics"' in html
    html = client.get(f"/sessions/{full_session.id}").get_data(as_text=True)
    assert f'href="/sessions/{full_session.id}.ics"' in html


def test_a_french_programme_page_links_to_the_french_feed(client, full_session):
    client.post("/language", data={"language": "fr", "next": "/programme"})
    html = client.get("/programme?day=2026-02-02").get_data(as_text=True)
    assert 'href="webcal://localhost/programme.ics?lang=fr"' in html


# Personal feeds


def test_agenda_page_offers_the_feed_link_on_every_visit(client, login, attendee):
    user = attendee()
    login(user)
    first = client.get("/agenda").get_data(as_text=True)
    url = re.search(r'value="(http://localhost/feeds/([A-Za-z0-9_-]+)\.ics)"', first)
    token = url.group(2)
    assert len(token) == 43  # 256 bits, URL-safe base64
    assert f'href="webcal://localhost/feeds/{token}.ics"' in first
    google = "https://calendar.google.com/calendar/render?cid=" + quote(
        f"webcal://localhost/feeds/{token}.ics", safe=""
    )
    assert f'href="{google}"' in first
    assert "Subscribe (Outlook, Apple Calendar)" in first
    assert "Add to Google Calendar" in first
    assert "data-copy=" in first and "Copy link" in first
    assert 'href="/agenda/calendar-link/reset"' in first
    assert "<script" not in first.split("<body", 1)[1], "no inline script"
    second = client.get("/agenda").get_data(as_text=True)
    assert url.group(1) in second
    stored = db.session.get(User, user.id)
    assert token not in (stored.feed_token_hash, stored.feed_seed)


def test_each_diplomat_gets_their_own_link_with_the_help_in_their_language(client, login, attendee):
    """The subscription help is rendered once per language and reused: each diplomat
    still gets their own link, and the help in their own language, whoever came first."""
    amira = attendee(first_name="Amira")
    jan = attendee(first_name="Jan", language="nl")
    pages = {}
    for _ in range(2):  # then again, from what the first round kept
        for user in (amira, jan, amira):
            login(user)
            pages[user.id] = client.get("/agenda").get_data(as_text=True)
            client.post("/logout")
    english, dutch = pages[amira.id], pages[jan.id]
    link = re.compile(r'value="http://localhost/feeds/([A-Za-z0-9_-]+)\.ics"')
    assert link.search(english).group(1) != link.search(dutch).group(1)
    assert "Your agenda in your calendar" in english and "How to subscribe" in english
    assert "Uw agenda in uw kalender" in dutch and "Zo abonneert u zich" in dutch
    assert "How to subscribe" not in dutch and "Zo abonneert u zich" not in english
    for page in (english, dutch):
        assert 'href="/agenda/calendar-link/reset"' in page and "data-copy=" in page


def test_only_the_hash_and_a_seed_are_stored_and_the_seed_alone_opens_nothing(
    app, client, attendee, feed_url
):
    user = attendee()
    url = feed_url(user)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.get(User, user.id)
    assert token not in {stored.feed_seed, stored.feed_token_hash}
    assert client.get(f"/feeds/{stored.feed_seed}.ics").status_code == 404
    assert client.get(f"/feeds/{stored.feed_token_hash}.ics").status_code == 404


def test_personal_feed_is_exactly_the_agenda(
    client, attendee, feed_url, create_session, create_user
):
    user = attendee(function=DiplomatFunction.AMBASSADOR, region=Region.EUROPE)
    other = attendee(function=DiplomatFunction.CONSUL_GENERAL, region=Region.AFRICA)
    public = create_session(title="Plenary")
    attendees = create_session(
        title="Attendees lunch", visibility=Visibility.ATTENDEES, **at(2, 12)
    )
    for_ambassadors = create_session(
        title="Ambassadors only",
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.FUNCTIONS,
        **at(3, 9),
    )
    for_ambassadors.audience_functions.append(DiplomatFunction.AMBASSADOR)
    for_africa = create_session(
        title="Africa posts only",
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.REGIONS,
        **at(3, 11),
    )
    for_africa.audience_regions.append(Region.AFRICA)
    confirmed = create_session(title="Breakout A", signup_required=True, capacity=1, **at(4, 9))
    waitlisted = create_session(title="Breakout B", signup_required=True, capacity=1, **at(4, 14))
    create_session(title="Breakout C", signup_required=True, capacity=5, **at(5, 9))
    create_session(title="Draft", status=SessionStatus.DRAFT, **at(5, 14))
    db.session.add_all(
        [
            SignUp(session_id=confirmed.id, user_id=user.id, status=SignUpStatus.CONFIRMED),
            SignUp(session_id=waitlisted.id, user_id=other.id, status=SignUpStatus.CONFIRMED),
            SignUp(
                session_id=waitlisted.id,
                user_id=user.id,
                status=SignUpStatus.WAITLISTED,
                position=1,
            ),
        ]
    )
    db.session.commit()

    response, calendar, strict = get_feed(client, feed_url(user))
    events = events_by_uid(calendar)
    on_agenda = {uid(item.session) for item in agenda_for(db.session.get(User, user.id))}
    assert set(events) == on_agenda
    assert set(events) == {
        uid(s) for s in (public, attendees, for_ambassadors, confirmed, waitlisted)
    }
    assert str(events[uid(waitlisted)]["STATUS"]) == "TENTATIVE"
    assert str(events[uid(confirmed)]["STATUS"]) == "CONFIRMED"
    assert str(calendar["NAME"]) == "Diplomatic Contact Days 2026: my agenda"
    assert response.headers["Cache-Control"] == "private, max-age=300"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"

    _response, outsider, _strict = get_feed(client, feed_url(other))
    assert uid(for_ambassadors) not in events_by_uid(outsider)
    assert b"Ambassadors only" not in _response.data
    assert uid(for_africa) in events_by_uid(outsider)


def test_an_invited_only_session_never_reaches_a_diplomat_outside_its_audience(
    client, attendee, feed_url, create_session, organizer
):
    outsider = attendee(function=DiplomatFunction.CONSUL_GENERAL)
    url = feed_url(outsider)
    session = create_session(
        title="Ambassadors' retreat",
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.FUNCTIONS,
    )
    session.audience_functions.append(DiplomatFunction.AMBASSADOR)
    db.session.commit()
    save(session, organizer, starts_at=brussels(3, 9), ends_at=brussels(3, 10))
    services.cancel_session(session, organizer)
    for path in (url, "/programme.ics"):
        response, calendar, _strict = get_feed(client, path)
        assert uid(session) not in events_by_uid(calendar)
        assert b"retreat" not in response.data


def test_personal_feed_speaks_the_diplomats_language(client, attendee, feed_url, create_session):
    user = attendee(language="fr")
    session = create_session(title="Opening", title_fr="Ouverture")
    _response, calendar, _strict = get_feed(client, feed_url(user))
    event = events_by_uid(calendar)[uid(session)]
    assert str(event["SUMMARY"]) == "Ouverture"
    with force_locale("fr"):
        kind = str(SessionKind.PLENARY.label)
    assert kind != "Plenary"
    assert event["CATEGORIES"].cats == [kind]
    assert str(event["DESCRIPTION"]).startswith(kind)


def test_personal_feed_answers_304_to_its_etag_and_last_modified(
    client, attendee, feed_url, create_session
):
    create_session()
    url = feed_url(attendee())
    first = client.get(url)
    assert first.headers["ETag"].startswith('"')
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    since = first.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    assert client.get(url).data == first.data


def test_personal_feed_last_modified_moves_when_the_agenda_changes(
    client, attendee, feed_url, create_session
):
    user = attendee()
    session = create_session(title="Breakout", signup_required=True, capacity=3)
    url = feed_url(user)
    first = client.get(url)
    db.session.add(SignUp(session_id=session.id, user_id=user.id))
    db.session.commit()
    again = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 200
    assert uid(session).encode() in again.data
    assert again.last_modified > first.last_modified


def test_reset_asks_first_then_kills_the_old_link(client, login, attendee, feed_url):
    user = attendee()
    old = feed_url(user)
    assert client.get(old).status_code == 200
    login(user)
    page = client.get("/agenda/calendar-link/reset")
    assert page.status_code == 200
    assert "Reset your calendar link?" in page.get_data(as_text=True)
    assert client.get(old).status_code == 200, "asking changes nothing"
    response = client.post("/agenda/calendar-link/reset")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/agenda#calendar")
    assert client.get(old).status_code == 404
    html = client.get("/agenda").get_data(as_text=True)
    new = re.search(r'value="(http://localhost/feeds/[^"]+\.ics)"', html).group(1)
    assert new != old
    assert client.get(new).status_code == 200


class TestResetNeedsTheFormsToken:
    @pytest.fixture
    def app_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    @staticmethod
    def form_token(html: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    def test_a_reset_without_csrf_token_changes_nothing(self, client, attendee):
        user = attendee()
        token = self.form_token(client.get("/login").get_data(as_text=True))
        data = {"email": user.email, "password": "correct horse battery", "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302
        html = client.get("/agenda").get_data(as_text=True)
        url = re.search(r'value="(http://localhost/feeds/[^"]+\.ics)"', html).group(1)
        assert client.post("/agenda/calendar-link/reset").status_code == 400
        assert client.get(url).status_code == 200
        page = client.get("/agenda/calendar-link/reset").get_data(as_text=True)
        reset = client.post(
            "/agenda/calendar-link/reset", data={"csrf_token": self.form_token(page)}
        )
        assert reset.status_code == 302
        assert client.get(url).status_code == 404


def test_unknown_tokens_are_not_found(client, event, attendee, feed_url):
    feed_url(attendee())
    for token in ("x" * 43, "short", "a" * 200, "%2E%2E"):
        response = client.get(f"/feeds/{token}.ics")
        assert response.status_code == 404
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_new_secret_key_retires_every_feed_link(app, client, login, attendee, feed_url):
    user = attendee()
    old = feed_url(user)
    app.config["SECRET_KEY"] = "another-secret-key-of-enough-length"
    assert client.get(old).status_code == 404
    login(user)
    html = client.get("/agenda").get_data(as_text=True)
    new = re.search(r'value="(http://localhost/feeds/[^"]+\.ics)"', html).group(1)
    assert new != old and client.get(new).status_code == 200


def test_a_deactivated_diplomats_feed_is_not_found(client, attendee, feed_url):
    user = attendee()
    url = feed_url(user)
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert client.get(url).status_code == 404


def test_organizers_have_no_feed_to_reset(client, login, organizer, event):
    login(organizer)
    assert client.get("/agenda/calendar-link/reset").status_code == 404


# Tokens never in logs


def test_redact_blanks_every_secret_link():
    line = (
        '127.0.0.1 - - "GET /feeds/AbC_-123.ics HTTP/1.1" 200 "https://x/invitation/tok3n/decline" '
        "/password/reset/Zz.9-x?next=/ /programme.ics /sessions/4.ics"
    )
    assert redact(line) == (
        '127.0.0.1 - - "GET /feeds/[redacted] HTTP/1.1" 200 "https://x/invitation/[redacted]'
        '/decline" /password/reset/[redacted]?next=/ /programme.ics /sessions/4.ics'
    )


def test_gunicorn_access_and_error_logs_redact_tokens(tmp_path):
    from gunicorn.config import Config

    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).parent.parent / "gunicorn.conf.py"
    )
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))
    config.set("errorlog", str(tmp_path / "error.log"))
    config.set("logger_class", conf.logger_class)
    logger = config.logger_class(config)
    token = "S3cr3tT0kenS3cr3tT0kenS3cr3tT0kenS3cr3tT0k"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/feeds/{token}.ics",
        "PATH_INFO": f"/feeds/{token}.ics",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://contactdays.example/invitation/{token}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])
    logger.access(response, request, environ, timedelta(milliseconds=5))
    logger.error("Error handling request %s", f"/password/reset/{token}")
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    access = (tmp_path / "access.log").read_text()
    errors = (tmp_path / "error.log").read_text()
    assert "/feeds/[redacted]" in access and "/invitation/[redacted]" in access
    assert "/password/reset/[redacted]" in errors
    assert token not in access + errors


def test_the_apps_own_log_never_shows_a_feed_token(app, client, attendee, feed_url, caplog):
    url = feed_url(attendee())
    token = url.rsplit("/", 1)[1]
    with caplog.at_level(logging.DEBUG):
        client.get(url)
        # Flask logs the path of a request that failed like this.
        app.logger.error("Exception on %s [%s]", f"/feeds/{token}", "GET")
    assert "/feeds/[redacted]" in caplog.text
    assert token.removesuffix(".ics") not in caplog.text


# The programme version


def test_every_programme_change_raises_the_version(organizer, full_session):
    event = db.session.get(Event, full_session.event_id)
    versions = [event.programme_version]

    def version():
        db.session.expire_all()
        return db.session.get(Event, full_session.event_id).programme_version

    catalogue.create_room(event, name="Salle Arenberg", capacity=30, by=organizer)
    versions.append(version())
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Enabel"))
    catalogue.update_organisation(
        organisation, name="Enabel", short_name="EN", kind=organisation.kind, by=organizer
    )
    versions.append(version())
    speaker = db.session.scalar(select(Speaker))
    catalogue.update_speaker(speaker, name="M. Prévot", function="Minister", by=organizer)
    versions.append(version())
    services.cancel_session(db.session.get(Session, full_session.id), organizer)
    versions.append(version())
    assert versions == sorted(set(versions)), versions
    assert db.session.get(Event, full_session.event_id).programme_changed_at is not None


def test_programme_feed_costs_a_fixed_number_of_queries(client, create_session, create_speaker):
    speakers = [create_speaker(name=f"Speaker {n}") for n in range(3)]
    for day in range(2, 7):
        create_session(title=f"Day {day}", **at(day, 9), speakers=speakers)
    statements = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get("/programme.ics")
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200
    assert len(statements) <= 8, statements


# Personal feeds are assembled from events each worker serialised once


def full_build(app, user_id) -> bytes:
    """What the builder makes in one go of the diplomat's whole agenda, read afresh."""
    db.session.expire_all()
    user = db.session.get(User, user_id)
    event = db.session.scalar(select(Event))
    items = agenda_for(user, registration_of(user, event))
    with app.test_request_context():
        texts = calendar_feeds.calendar_texts(event, user.language, "agenda")
    return build_calendar(
        [item.session for item in items],
        texts,
        site_url="http://localhost",
        uid_domain=DOMAIN,
        tentative={item.session.id for item in items if item.waitlist_position is not None},
    )


def feed_path(user) -> str:
    return f"/feeds/{ensure_feed_token(db.session.get(User, user.id))}.ics"


@pytest.fixture
def agendas(attendee, create_session, full_session, organizer):
    """Two diplomats sharing sessions: one holds the only place of a breakout, the other
    waits for it; a second breakout with places left; a cancelled session."""
    holder, waiting = attendee(), attendee()
    breakout = create_session(
        title="Breakout with the World Bank",
        title_fr="Atelier avec la Banque mondiale",
        signup_required=True,
        capacity=1,
        **at(3, 9),
    )
    open_breakout = create_session(
        title="Breakout with BIO", signup_required=True, capacity=5, **at(4, 9)
    )
    cancelled = create_session(title="Lunch debate", **at(5, 12))
    services.cancel_session(cancelled, organizer)
    db.session.add_all(
        [
            SignUp(session_id=breakout.id, user_id=holder.id, status=SignUpStatus.CONFIRMED),
            SignUp(
                session_id=breakout.id,
                user_id=waiting.id,
                status=SignUpStatus.WAITLISTED,
                position=1,
            ),
        ]
    )
    db.session.commit()
    return SimpleNamespace(
        holder=holder,
        waiting=waiting,
        breakout=breakout,
        open_breakout=open_breakout,
        plenary=full_session,
        organizer=organizer,
    )


def test_an_assembled_personal_feed_is_the_builders_bytes(app, client, agendas, attendee):
    french = attendee(language="fr")
    for user in (agendas.waiting, agendas.holder, french, agendas.waiting, agendas.holder):
        response, calendar, _strict = get_feed(client, feed_path(user))
        assert response.data == full_build(app, user.id)
    # The same session, TENTATIVE for one diplomat and CONFIRMED for the other.
    breakout = uid(agendas.breakout)
    _response, waiting, _strict = get_feed(client, feed_path(agendas.waiting))
    _response, holding, _strict = get_feed(client, feed_path(agendas.holder))
    assert str(events_by_uid(waiting)[breakout]["STATUS"]) == "TENTATIVE"
    assert str(events_by_uid(holding)[breakout]["STATUS"]) == "CONFIRMED"
    assert "waitlist" not in str(events_by_uid(holding)[breakout]["DESCRIPTION"])


def test_a_warm_personal_feed_reads_ids_only(client, agendas, count_queries):
    path = feed_path(agendas.waiting)
    client.get(path)
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    assert not any("FROM rooms" in statement for statement in statements), str(statements)
    assert not any("FROM speakers" in statement for statement in statements), str(statements)


def _changes_the_feed_at_once(app, client, user, change) -> tuple:
    """Fetch the feed, make the change, fetch again: returns both responses."""
    path = feed_path(user)
    before = client.get(path)
    assert before.status_code == 200
    change()
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200, "the old ETag still matched"
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.data == full_build(app, user.id)
    parse_feed(after.data)
    return before, after


def test_a_sign_up_reaches_the_personal_feed_at_once(app, client, agendas):
    def sign_up():
        with app.test_request_context():
            signups.sign_up(db.session.get(Session, agendas.open_breakout.id), agendas.holder)

    before, after = _changes_the_feed_at_once(app, client, agendas.holder, sign_up)
    assert uid(agendas.open_breakout).encode() not in before.data
    assert uid(agendas.open_breakout).encode() in after.data


def test_a_waitlist_promotion_reaches_the_personal_feed_at_once(app, client, agendas):
    def promote():
        with app.test_request_context():
            signups.cancel(db.session.get(Session, agendas.breakout.id), agendas.holder)

    before, after = _changes_the_feed_at_once(app, client, agendas.waiting, promote)
    breakout = uid(agendas.breakout)
    assert str(events_by_uid(Calendar.from_ical(before.data))[breakout]["STATUS"]) == "TENTATIVE"
    assert str(events_by_uid(Calendar.from_ical(after.data))[breakout]["STATUS"]) == "CONFIRMED"


def test_a_registration_day_dropped_reaches_the_personal_feed_at_once(app, client, agendas):
    def drop_monday():
        registration = db.session.scalar(
            select(Registration).where(Registration.user_id == agendas.waiting.id)
        )
        registration.day_rows = [row for row in registration.day_rows if row.day.day != 2]
        db.session.commit()

    before, after = _changes_the_feed_at_once(app, client, agendas.waiting, drop_monday)
    assert uid(agendas.plenary).encode() in before.data
    assert uid(agendas.plenary).encode() not in after.data


def test_a_language_change_reaches_the_personal_feed_at_once(app, client, agendas):
    def to_french():
        db.session.get(User, agendas.waiting.id).language = "fr"
        db.session.commit()

    before, after = _changes_the_feed_at_once(app, client, agendas.waiting, to_french)
    assert "Atelier avec la Banque mondiale" in unfolded(after.data)
    assert "Atelier avec la Banque mondiale" not in unfolded(before.data)


def test_a_programme_change_reaches_the_personal_feed_at_once(app, client, agendas):
    def rename():
        save(agendas.plenary, agendas.organizer, titles={"en": "Strategic orientations 2026"})

    before, after = _changes_the_feed_at_once(app, client, agendas.waiting, rename)
    assert "Strategic orientations 2026" in unfolded(after.data)


def test_a_change_made_by_another_worker_reaches_this_workers_personal_feed(
    app, client, tmp_path, postgres_database, agendas
):
    path = feed_path(agendas.waiting)
    first = client.get(path)
    other = make_app(tmp_path, postgres_database)
    with other.app_context():
        try:
            room = db.session.get(Room, agendas.plenary.room_id)
            by = db.session.get(User, agendas.organizer.id)
            catalogue.update_room(room, name="Salle Arenberg", capacity=room.capacity, by=by)
        finally:
            db.session.remove()
            db.engine.dispose()
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Salle Arenberg" in unfolded(again.data)
    assert again.data == full_build(app, agendas.waiting.id)


# The programme feed: rechecked at most every PROGRAMME_FEED_RECHECK_SECONDS


@pytest.fixture
def clock(monkeypatch):
    """The programme feed's clock, stopped: tests move it by hand."""
    now = SimpleNamespace(seconds=1_000.0)
    monkeypatch.setattr(calendar_feeds, "clock", lambda: now.seconds)
    return now


@contextmanager
def database_use(engine):
    """Everything the block asks of the database: statements run and connections taken
    from the pool."""
    used = []

    def on_statement(connection, cursor, statement, *args):
        used.append(statement)

    def on_checkout(*args):
        used.append("pool checkout")

    sa_event.listen(engine, "before_cursor_execute", on_statement)
    sa_event.listen(engine.pool, "checkout", on_checkout)
    try:
        yield used
    finally:
        sa_event.remove(engine, "before_cursor_execute", on_statement)
        sa_event.remove(engine.pool, "checkout", on_checkout)


def _rename_elsewhere(tmp_path, postgres_database, session, organizer, title):
    """Another worker (another app on the same database) renames the session."""
    other = make_app(tmp_path, postgres_database)
    with other.app_context():
        try:
            save(
                db.session.get(Session, session.id),
                db.session.get(User, organizer.id),
                titles={"en": title},
            )
        finally:
            db.session.remove()
            db.engine.dispose()


def test_the_programme_feed_rechecks_the_programme_only_after_the_interval(
    app, client, tmp_path, postgres_database, organizer, full_session, clock
):
    app.config["PROGRAMME_FEED_RECHECK_SECONDS"] = 60
    first = client.get("/programme.ics")
    assert client.get("/programme.ics").data == first.data  # checked at 1,000 s
    _rename_elsewhere(tmp_path, postgres_database, full_session, organizer, "Orientations 2026")

    clock.seconds += 59
    with database_use(db.engine) as used:
        again = client.get("/programme.ics")
        unchanged = client.get("/programme.ics", headers={"If-None-Match": first.headers["ETag"]})
        since = {"If-Modified-Since": first.headers["Last-Modified"]}
        not_modified = client.get("/programme.ics", headers=since)
    assert used == [], "within the interval the database is not touched"
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=300"
    assert (unchanged.status_code, not_modified.status_code) == (304, 304)
    earlier = http_date(first.last_modified - timedelta(hours=1), usegmt=True)
    assert client.get("/programme.ics", headers={"If-Modified-Since": earlier}).status_code == 200

    clock.seconds += 1
    later = client.get("/programme.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert later.status_code == 200
    assert "Orientations 2026" in unfolded(later.data)
    assert later.last_modified >= first.last_modified


def test_with_no_interval_the_programme_feed_sees_a_change_at_once(
    app, client, tmp_path, postgres_database, organizer, full_session, clock
):
    assert app.config["PROGRAMME_FEED_RECHECK_SECONDS"] == 0  # the tests' setting
    first = client.get("/programme.ics")
    client.get("/programme.ics")
    _rename_elsewhere(tmp_path, postgres_database, full_session, organizer, "Orientations 2026")
    again = client.get("/programme.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200, "the clock did not move, the change shows anyway"
    assert "Orientations 2026" in unfolded(again.data)


def test_the_recheck_interval_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("EVENTAPP_PROGRAMME_FEED_RECHECK_SECONDS", raising=False)
    monkeypatch.setenv("EVENTAPP_INSTANCE_PATH", str(tmp_path / "instance"))
    assert create_app().config["PROGRAMME_FEED_RECHECK_SECONDS"] == 2
    assert create_app({"TESTING": True}).config["PROGRAMME_FEED_RECHECK_SECONDS"] == 0
    monkeypatch.setenv("EVENTAPP_PROGRAMME_FEED_RECHECK_SECONDS", "30")
    assert create_app().config["PROGRAMME_FEED_RECHECK_SECONDS"] == 30
    assert create_app({"TESTING": True}).config["PROGRAMME_FEED_RECHECK_SECONDS"] == 30
