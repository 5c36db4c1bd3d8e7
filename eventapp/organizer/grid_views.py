"""The whole programme at a glance, for organizers: the week grid and the session list,
and moving a session on the grid.

Both pages take the same filters (kind, organisation, speaker, status) as GET parameters;
the list also searches (`q`) and sorts (`sort`, `dir`). A value that is unknown or
malformed is ignored, never an error: these URLs get bookmarked and edited by hand.
Each page costs a fixed number of queries, whatever the number of sessions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..days import DayTab, day_tabs, event_day
from ..i18n import current_language, folded
from ..models import Session, SessionStatus, utcnow
from ..programme import services
from ..programme.services import ProgrammeError, RuleViolation
from . import bp, moves
from .forms import SessionFilterForm, SessionSearchForm
from .grid import build_grid
from .grid_forms import MoveForm
from .loading import event_or_404, session_or_404
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
        steps=DaySteps.around(tabs),
        last_move=moves.last_move(event),
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


@dataclass(frozen=True)
class DaySteps:
    """The days before and after the one shown, for "Previous day" and "Next day"."""

    previous: DayTab | None = None
    next: DayTab | None = None

    @classmethod
    def around(cls, tabs: list[DayTab]) -> "DaySteps":
        shown = next((index for index, tab in enumerate(tabs) if tab.current), None)
        if shown is None:
            return cls()
        return cls(
            previous=tabs[shown - 1] if shown > 0 else None,
            next=tabs[shown + 1] if shown + 1 < len(tabs) else None,
        )


# Moving a session: the form a card links to, which the grid's drag and drop and its
# "Undo" post too


@bp.route("/sessions/<int:session_id>/move", methods=["GET", "POST"])
def move_session(session_id):
    """Another day, start or room for a session, its duration kept (`move_session`).
    Answers JSON to the grid's script (which asks for it), pages to everyone else."""
    session = session_or_404(session_id)
    form = MoveForm(session=session)
    if request.method == "GET":
        form.fill()
    if form.validate_on_submit():
        before = moves.Place.of(session)
        try:
            changed = services.move_session(
                session, form.starts_at(), form.room_id.data, current_user
            )
        except RuleViolation as violation:
            form.show(violation)
        except ProgrammeError as error:
            form.refuse(str(error))
        else:
            return _moved(session, before, changed, undoing=form.undoing)
    if request.method == "POST" and _wants_json():
        return _refusal(form)
    return render_template("organizer/move_session.html", form=form, session=session)


def _moved(session: Session, before: moves.Place, changed: list[str], *, undoing: bool):
    """The answer to a move that went through: the grid, with "Undo" for a new move."""
    if not changed:
        message, category = moves.unmoved_message(session), "info"
    elif undoing:
        moves.forget()
        message, category = moves.undone_message(session), "success"
    else:
        moves.remember(session, before)
        message, category = moves.moved_message(session), "success"
    if _wants_json():
        return jsonify(ok=True, message=message)
    if undoing or not changed:
        # A new move is told by the grid itself, beside its "Undo".
        flash(message, category)
    day = session.starts_at.astimezone(session.event.tz).date().isoformat()
    return redirect(url_for("organizer.grid", day=day, _anchor=f"session-{session.id}"))


def _refusal(form: MoveForm):
    """What stopped a move, for the grid's script: each problem with the link to the
    session it clashes with, if any. Like the form shown again with its errors, a 200:
    the request was understood, the move refused."""
    problems = [
        {
            "message": problem.message,
            "url": (
                url_for("organizer.session_detail", session_id=problem.session.id)
                if problem.session
                else None
            ),
        }
        for problem in form.problems()
    ]
    return jsonify(
        ok=False,
        message=_("This session cannot be moved there:"),
        problems=problems,
        link_label=_("See that session"),
    )


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
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
