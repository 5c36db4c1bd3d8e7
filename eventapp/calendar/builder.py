"""The one iCalendar builder: sessions and texts in, bytes out.

Pure: it reads only what it is given (sessions with their room, speakers and
organisations loaded, and the texts already in the reader's language), asks nothing of
the database, the request or the clock, so the same data always gives the same bytes.
The programme feed, the personal feeds and the one-session downloads all use it; the
personal feeds through its parts (`calendar_head`, `event_ical`, `assemble`), which give
the same bytes as `build_calendar` and let a worker serialise each session only once.

What calendar clients need from it, and why:

- one VTIMEZONE for Europe/Brussels in the RRULE form (one STANDARD and one DAYLIGHT
  rule): Outlook reads only that form, and shifts events by an hour when the zone is
  given as dated blocks;
- DTSTAMP equal to LAST-MODIFIED (the session's last change), not the time of the
  request, and no METHOD: a feed is a snapshot of the programme, not a scheduling message;
- cancelled sessions kept, with STATUS:CANCELLED and "Cancelled:" before the title, so
  clients that keep them show them struck through rather than silently dropping them.

Escaping and folding (CRLF, lines of at most 75 octets, never inside a UTF-8 character)
are icalendar's; the tests check the bytes.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

from ..models import Session, SessionStatus

TZID = "Europe/Brussels"
BRUSSELS = ZoneInfo(TZID)
PRODID = "-//Kingdom of Belgium - FPS Foreign Affairs//Diplomatic Contact Days//EN"
# How often clients should fetch a subscribed feed again.
REFRESH = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarTexts:
    """All a calendar says besides the sessions' own data, in the reader's language."""

    language: str
    name: str
    description: str
    # Where sessions take place, after the room: "Egmont Palace, Place du Petit Sablon 8…"
    venue: str
    # A template with %(title)s, e.g. "Cancelled: %(title)s".
    cancelled: str
    speakers: str
    organisations: str
    waitlisted: str
    kinds: Mapping[str, str]
    roles: Mapping[str, str]


def build_calendar(
    sessions: Iterable[Session],
    texts: CalendarTexts,
    *,
    site_url: str,
    uid_domain: str,
    tentative: Collection[int] = (),
) -> bytes:
    """The iCalendar bytes for these sessions, in time order.

    `site_url` is the site's absolute address (no trailing slash): each event links to
    `<site_url>/sessions/<id>`. `uid_domain` qualifies the UIDs. Sessions whose id is
    in `tentative` (waitlisted places) are marked TENTATIVE. Drafts are left out.
    """
    calendar = _calendar(texts)
    ordered = sorted(sessions, key=lambda session: (session.starts_at, session.ends_at, session.id))
    for session in ordered:
        if session.status != SessionStatus.DRAFT:
            calendar.add_component(
                _event(session, texts, site_url, uid_domain, session.id in tentative)
            )
    return calendar.to_ical()


# The same bytes in parts, for feeds assembled from events serialised once and kept:
# assemble(calendar_head(texts), [event_ical(session, …) for each session, ordered by
# start, end and id]) is byte for byte what build_calendar gives for those sessions
# (tests/test_calendar.py checks it).

CALENDAR_END = b"END:VCALENDAR\r\n"


def calendar_head(texts: CalendarTexts) -> bytes:
    """What build_calendar writes before the first event: the calendar's properties and
    the VTIMEZONE."""
    body = _calendar(texts).to_ical()
    assert body.endswith(CALENDAR_END)
    return body[: -len(CALENDAR_END)]


def event_ical(
    session: Session, texts: CalendarTexts, *, site_url: str, uid_domain: str, tentative: bool
) -> bytes:
    """One session's VEVENT, exactly as build_calendar writes it. Not for drafts."""
    return _event(session, texts, site_url, uid_domain, tentative).to_ical()


def assemble(head: bytes, events: Iterable[bytes]) -> bytes:
    """A calendar from `calendar_head` and VEVENTs from `event_ical`, already in
    build_calendar's order (start, end, id)."""
    return head + b"".join(events) + CALENDAR_END


def _calendar(texts: CalendarTexts) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    for name in ("NAME", "X-WR-CALNAME"):
        calendar.add(name, vText(texts.name))
    for name in ("DESCRIPTION", "X-WR-CALDESC"):
        calendar.add(name, vText(texts.description))
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add_component(brussels_timezone())
    return calendar


def brussels_timezone() -> Timezone:
    """Europe/Brussels as the EU rule since 1996: CEST from the last Sunday of March at
    02:00 to the last Sunday of October at 03:00 (local time), CET otherwise."""
    standard = TimezoneStandard()
    standard.add("DTSTART", datetime(1970, 10, 25, 3, 0))
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    standard.add("TZOFFSETFROM", timedelta(hours=2))
    standard.add("TZOFFSETTO", timedelta(hours=1))
    standard.add("TZNAME", "CET")
    daylight = TimezoneDaylight()
    daylight.add("DTSTART", datetime(1970, 3, 29, 2, 0))
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    daylight.add("TZOFFSETFROM", timedelta(hours=1))
    daylight.add("TZOFFSETTO", timedelta(hours=2))
    daylight.add("TZNAME", "CEST")
    timezone = Timezone()
    timezone.add("TZID", TZID)
    timezone.add_component(standard)
    timezone.add_component(daylight)
    return timezone


def session_uid(session_id: int, uid_domain: str) -> str:
    """The UID a session keeps for life, in every feed and download."""
    return f"session-{session_id}@{uid_domain}"


def _event(
    session: Session, texts: CalendarTexts, site_url: str, uid_domain: str, tentative: bool
) -> Event:
    title = session.text_in("title", texts.language)
    url = f"{site_url}/sessions/{session.id}"
    if session.status == SessionStatus.CANCELLED:
        summary, status = texts.cancelled % {"title": title}, "CANCELLED"
    else:
        summary, status = title, "TENTATIVE" if tentative else "CONFIRMED"
    event = Event()
    event.add("UID", session_uid(session.id, uid_domain))
    # The time of the last change, not of the request: the same data, the same bytes.
    event.add("DTSTAMP", session.updated_at)
    event.add("LAST-MODIFIED", session.updated_at)
    event.add("CREATED", session.created_at)
    event.add("SEQUENCE", session.sequence)
    event.add("DTSTART", session.starts_at.astimezone(BRUSSELS))
    event.add("DTEND", session.ends_at.astimezone(BRUSSELS))
    event.add("SUMMARY", summary)
    event.add("DESCRIPTION", _description(session, texts, url, tentative))
    event.add("LOCATION", _location(session, texts))
    event.add("URL", url)
    event.add("CATEGORIES", [texts.kinds[session.kind.value]])
    event.add("STATUS", status)
    return event


def _description(session: Session, texts: CalendarTexts, url: str, tentative: bool) -> str:
    """Kind, description, speakers, partner organisations and the session's link."""
    parts = [texts.kinds[session.kind.value]]
    if session.text_in("description", texts.language):
        parts.append(session.text_in("description", texts.language).strip())
    if session.speaker_links:
        lines = [f"{texts.speakers}:"]
        for link in session.speaker_links:
            line = link.speaker.label(texts.language)
            lines.append(f"- {line} — {texts.roles[link.role.value]}")
        parts.append("\n".join(lines))
    if session.organisations:
        names = ", ".join(
            organisation.shown_name(texts.language).marked(texts.language)
            for organisation in session.organisations
        )
        parts.append(f"{texts.organisations}: {names}")
    if tentative and session.status != SessionStatus.CANCELLED:
        parts.append(texts.waitlisted)
    parts.append(url)
    return "\n\n".join(parts)


def _location(session: Session, texts: CalendarTexts) -> str:
    return f"{session.room.name}, {texts.venue}" if session.room else texts.venue
