"""The whole programme at a glance, for organizers: the week grid and the session list.

Both pages take the same filters (kind, organisation, speaker, status) as GET parameters;
the list also searches (`q`) and sorts (`sort`, `dir`). A value that is unknown or
malformed is ignored, never an error: these URLs get bookmarked and edited by hand.
Each page costs a fixed number of queries, whatever the number of sessions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import render_template, request, url_for

from ..days import day_tabs, event_day
from ..i18n import current_language, folded
from ..models import Session, SessionStatus, utcnow
from . import bp
from .forms import SessionFilterForm, SessionSearchForm
from .grid import build_grid
from .loading import event_or_404
from .queries import Catalogue, programme_sessions

# The week grid


@bp.get("/grid")
def grid():
    """Days as columns, rooms as lanes; `?day=` shows one day with every room."""
    event = event_or_404()
    catalogue = Catalogue.of(event)
    form = SessionFilterForm(request.args, catalogue=catalogue)
    filters = form.filters()
    day = event_day(event, request.args.get("day", ""))
    sessions = programme_sessions(event, filters)
    layout = _layout(event, sessions, catalogue.rooms, day)
    tabs = day_tabs(event, "organizer.grid", day, layout.default_day, **filters.query_args())
    return render_template(
        "organizer/grid.html",
        event=event,
        grid=layout,
        day=day,
        tabs=tabs,
        day_urls={tab.day: tab.url for tab in tabs},
        week_url=url_for("organizer.grid", **filters.query_args()),
        clear_url=url_for("organizer.grid", day=day.isoformat() if day else None),
        form=form,
        filters=filters,
        has_sessions=bool(sessions),
    )


def _layout(event, sessions: list[Session], rooms, day: date | None):
    """`day` with a lane for every room, or the whole week when no day is chosen."""
    return build_grid(
        sessions,
        rooms,
        [day] if day else event.days,
        event.tz,
        every_room=day is not None,
        today=utcnow().astimezone(event.tz).date(),
    )


# The session list


def matches(session: Session, needle: str) -> bool:
    """Whether the folded search text appears in a title (any language), the room's name
    or a speaker's name."""
    haystack = [
        session.title_en,
        session.title_fr,
        session.title_nl,
        session.room.name if session.room else None,
        *(link.speaker.name for link in session.speaker_links),
    ]
    return any(needle in folded(text) for text in haystack if text)


def searched(sessions: list[Session], search: str) -> list[Session]:
    """The sessions the search text matches (`matches`); all of them for no text."""
    if not search:
        return sessions
    needle = folded(search)
    return [session for session in sessions if matches(session, needle)]


STATUS_ORDER = {SessionStatus.DRAFT: 0, SessionStatus.PUBLISHED: 1, SessionStatus.CANCELLED: 2}

SORT_KEYS: dict[str, Callable[[Session, str], object]] = {
    "when": lambda session, language: (session.starts_at, session.ends_at),
    "title": lambda session, language: folded(session.text_in("title", language)),
    # Sessions with no room come after every room.
    "room": lambda session, language: (
        session.room is None,
        folded(session.room.name) if session.room else "",
    ),
    "kind": lambda session, language: folded(str(session.kind.label)),
    "status": lambda session, language: STATUS_ORDER[session.status],
}


@dataclass(frozen=True)
class Sorting:
    key: str = "when"
    descending: bool = False

    @classmethod
    def from_args(cls, args) -> "Sorting":
        key = args.get("sort", "")
        return cls(key=key if key in SORT_KEYS else "when", descending=args.get("dir") == "desc")

    def query_args(self) -> dict[str, str]:
        if self == Sorting():
            return {}
        return {"sort": self.key, "dir": "desc" if self.descending else "asc"}

    def toggled(self, key: str) -> "Sorting":
        """Sorting by `key`: ascending first, then the other way on a second click."""
        return Sorting(key, descending=self.key == key and not self.descending)

    def apply(self, sessions: list[Session], language: str) -> list[Session]:
        # `sessions` arrive in time order; a stable sort keeps that order among equals,
        # in both directions.
        sort_key = SORT_KEYS[self.key]
        return sorted(
            sessions, key=lambda session: sort_key(session, language), reverse=self.descending
        )


@bp.get("/sessions")
def sessions():
    """Every session in a table that sorts, searches and filters."""
    event = event_or_404()
    form = SessionSearchForm(request.args, catalogue=Catalogue.of(event))
    filters, search = form.filters(), form.search()
    sorting = Sorting.from_args(request.args)
    rows = searched(programme_sessions(event, filters), search)
    kept = {**filters.query_args(), **({"q": search} if search else {})}
    return render_template(
        "organizer/sessions.html",
        event=event,
        sessions=sorting.apply(rows, current_language()),
        form=form,
        filters=filters,
        sorting=sorting,
        sort_urls={
            key: url_for("organizer.sessions", **kept, **sorting.toggled(key).query_args())
            for key in SORT_KEYS
        },
        narrowed=filters.active or bool(search),
        clear_url=url_for("organizer.sessions", **sorting.query_args()),
    )
