"""Bilateral meetings as VEVENTs of a personal feed (issue 21, point 7).

Beside the builder (builder.py), as pure: it reads the meeting and the texts it is given,
nothing else, so the same meeting gives the same bytes. A meeting keeps its UID
(`meeting-<id>@<CALENDAR_DOMAIN>`) for life; its SEQUENCE is the meeting's, raised by the
services each time it moves or is cancelled; DTSTAMP and LAST-MODIFIED are its last
change, as for sessions. A cancelled meeting stays, STATUS:CANCELLED, so that calendars
that had it show it cancelled. CLASS:PRIVATE: a calendar shared with colleagues shows the
time as busy, not who meets whom. Escaping and folding are icalendar's.
"""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Event

from ..models import Meeting, MeetingStatus
from .builder import BRUSSELS


@dataclass(frozen=True)
class MeetingTexts:
    """What a meeting's VEVENT says besides the meeting's own data, in the reader's
    language."""

    summary: str  # "Bilateral meeting: %(name)s"
    cancelled: str  # "Cancelled: %(title)s", as for sessions
    table: str  # "Table %(number)d"
    subject: str  # "Subject"
    note: str  # "Note"
    labelled: str  # "%(name)s: %(reason)s": a label and its text ("Objet : …" in French)
    venue: str  # after the room, as for sessions


def meeting_uid(meeting_id: int, uid_domain: str) -> str:
    """The UID a meeting keeps for life, in both people's feeds."""
    return f"meeting-{meeting_id}@{uid_domain}"


def meeting_ical(meeting: Meeting, other, texts: MeetingTexts, *, uid_domain: str) -> bytes:
    """One meeting's VEVENT. `other` is the other party (eventapp/meetings/on_agenda.py
    `OtherParty`: name, function, affiliation) as the feed's reader sees them."""
    title = texts.summary % {"name": other.name}
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event = Event()
    event.add("UID", meeting_uid(meeting.id, uid_domain))
    event.add("DTSTAMP", meeting.updated_at)
    event.add("LAST-MODIFIED", meeting.updated_at)
    event.add("CREATED", meeting.created_at)
    event.add("SEQUENCE", meeting.sequence)
    event.add("DTSTART", meeting.starts_at.astimezone(BRUSSELS))
    event.add("DTEND", meeting.ends_at.astimezone(BRUSSELS))
    event.add("SUMMARY", texts.cancelled % {"title": title} if cancelled else title)
    event.add("LOCATION", _location(meeting, texts))
    event.add("DESCRIPTION", _description(meeting, other, texts))
    event.add("CLASS", "PRIVATE")
    event.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    return event.to_ical()


def _location(meeting: Meeting, texts: MeetingTexts) -> str:
    table = texts.table % {"number": meeting.table_number}
    room = meeting.window.room if meeting.window else None
    return ", ".join(part for part in (room.name if room else "", table, texts.venue) if part)


def _description(meeting: Meeting, other, texts: MeetingTexts) -> str:
    who = ", ".join(part for part in (other.name, other.function, other.affiliation) if part)
    parts = [who, texts.labelled % {"name": texts.subject, "reason": meeting.subject}]
    if meeting.note.strip():
        parts.append(texts.labelled % {"name": texts.note, "reason": meeting.note.strip()})
    return "\n\n".join(parts)


def meeting_texts(event, language: str) -> MeetingTexts:
    """The fixed texts of meetings' VEVENTs in `language`."""
    with force_locale(language):
        return MeetingTexts(
            summary=_("Bilateral meeting: %(name)s"),
            cancelled=_("Cancelled: %(title)s"),
            table=_("Table %(number)d"),
            subject=_("Subject"),
            note=_("Note"),
            labelled=_("%(name)s: %(reason)s"),
            venue=f"{event.text_in('venue', language)}, {event.address}",
        )
