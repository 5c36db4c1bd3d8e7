"""The grid's last move, so that it can be undone: one step, per organizer.

Where the session was before the move is kept in the organizer's own signed session
cookie, not in the database. The grid offers "Undo", a form posting that place back to
the session's move form: the server moves it back like any move (`move_session`, the
same rules), and a refusal names the clash. The offer stands while the session is still
where the move put it; after any other change to its time or room, an undo would
surprise, so none is offered.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import session as cookie
from flask_babel import gettext as _

from ..extensions import db
from ..i18n import current_language, date_short
from ..models import Event, Session

KEY = "grid_last_move"


@dataclass(frozen=True)
class Place:
    """Where a session is: its start (UTC) and its room (None: no room)."""

    starts_at: datetime
    room_id: int | None

    @classmethod
    def of(cls, session: Session) -> "Place":
        return cls(session.starts_at, session.room_id)

    def saved(self) -> dict:
        return {"starts_at": self.starts_at.isoformat(), "room_id": self.room_id}

    @classmethod
    def loaded(cls, saved: dict) -> "Place":
        room_id = saved["room_id"]
        if room_id is not None and not isinstance(room_id, int):
            raise ValueError("not a room id")
        return cls(datetime.fromisoformat(saved["starts_at"]), room_id)


@dataclass(frozen=True)
class LastMove:
    """The organizer's last move, still undoable: the session and where it was."""

    session: Session
    back_to: Place

    @property
    def day(self) -> str:
        return self.back_to.starts_at.astimezone(self.session.event.tz).date().isoformat()

    @property
    def start_time(self) -> str:
        return self.back_to.starts_at.astimezone(self.session.event.tz).strftime("%H:%M")

    @property
    def message(self) -> str:
        return moved_message(self.session)


def remember(session: Session, before: Place) -> None:
    """Keep this move as the one "Undo" takes back (replacing any earlier one)."""
    cookie[KEY] = {
        "session_id": session.id,
        "from": before.saved(),
        "to": Place.of(session).saved(),
    }


def forget() -> None:
    cookie.pop(KEY, None)


def last_move(event: Event) -> LastMove | None:
    """The last move, if its session is still where the move put it."""
    saved = cookie.get(KEY)
    if not saved:
        return None
    try:
        session = db.session.get(Session, int(saved["session_id"]))
        back_to, moved_to = Place.loaded(saved["from"]), Place.loaded(saved["to"])
    except (KeyError, TypeError, ValueError):
        return None
    if session is None or session.event_id != event.id or Place.of(session) != moved_to:
        return None
    return LastMove(session, back_to)


def place_text(session: Session) -> dict[str, str]:
    """The session's title, start and room as the messages below write them."""
    return {
        "title": session.text_in("title", current_language()),
        "when": date_short(session.starts_at, time=True),
        "room": session.room.name if session.room else _("No room"),
    }


def moved_message(session: Session) -> str:
    message = _("“%(title)s” moved to %(when)s, %(room)s.", **place_text(session))
    if session.was_ever_published:
        message += " " + _("Diplomats and calendars will see the change.")
    return message


def undone_message(session: Session) -> str:
    return _("Move undone: “%(title)s” is back at %(when)s, %(room)s.", **place_text(session))


def unmoved_message(session: Session) -> str:
    return _("“%(title)s” is already there: nothing was moved.", **place_text(session))
