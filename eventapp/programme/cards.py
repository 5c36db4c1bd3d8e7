"""Session cards rendered once per programme version, for the programme page and the agenda.

A card is what the programme page and the agenda show of a session that depends only on
the programme and the page's language: its time, title (with the language marker),
kind, status badges, room, speakers, organisations and link. Each worker keeps the cards
it rendered, for the event's `programme_version`, per language and script root. Every
programme change raises that version in its own transaction (`lock_programme`) and
every page reads it with the event, so a change shows at once in every worker: a new
version starts an empty set of cards. The filter form's organisations are kept the
same way.

What depends on the viewer, on sign-ups or on the time (which sessions they may see,
places left, their place or waitlist position, changes since their last visit, now and
next) is never in a card: it is rendered for each request and put into the card's
slots (see templates/programme/_cards.html). A card is only ever looked up by the id of
a session the request's own query found the viewer may see, so a card rendered for an
organizer (a draft, an invited-only session) never reaches anyone else's page.
"""

import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask import current_app, get_template_attribute, request
from markupsafe import Markup
from sqlalchemy import select

from ..extensions import db
from ..i18n import current_language, folded
from ..models import (
    SESSION_DETAILS,
    Event,
    Organisation,
    Session,
    SessionStatus,
)

if TYPE_CHECKING:
    from .queries import DayRow

# Entries one worker keeps for a programme version: a large edition in three languages
# with room to spare. More means someone is going through many site addresses or
# filter combinations, and the cache starts again.
MAX_ENTRIES = 8000
EXTENSION = "programme_cards"
# Printed in each slot of the card macros, then cut out. Content is escaped when it is
# rendered, so no title or name can produce this.
_SLOT = Markup("<!--slot-->")


@dataclass(frozen=True)
class Card:
    """One session as the programme and the agenda show it, the same for every viewer.

    `programme` and `agenda` are the HTML of the entry (escaped when it was rendered)
    between its slots: 2 pieces around the programme's one slot, 5 around the agenda's
    four.
    """

    id: int
    status: SessionStatus
    starts_at: datetime
    ends_at: datetime
    day: date  # in the event's time zone
    signup_required: bool
    capacity: int | None
    parallel_group: str | None
    title: str  # plain text, in the card's language (or the one it falls back to)
    programme: tuple[str, ...]
    agenda: tuple[str, ...]

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def open_for_signup(self) -> bool:
        return self.signup_required and self.status == SessionStatus.PUBLISHED


class _Generation:
    """What a worker keeps for one programme version of one event."""

    def __init__(self, key: tuple[int, int]):
        self.key = key
        self.cards: dict[tuple[str, str, int], Card] = {}
        # By language: the names are the organisations' in the reader's language.
        self.organisations: dict[str, list[tuple[int, str]]] = {}
        # Other parts of pages, see `kept` and `_Fragments`.
        self.fragments: dict[tuple, str] = {}

    @property
    def full(self) -> bool:
        return len(self.cards) + len(self.fragments) > MAX_ENTRIES


class _Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.generation = _Generation((0, -1))

    def for_event(self, event: Event) -> _Generation:
        key = (event.id, event.programme_version)
        if current_app.debug:
            # Templates are edited while a debug server runs: keep nothing.
            return _Generation(key)
        generation = self.generation
        if generation.key != key or generation.full:
            with self.lock:
                if self.generation.key != key or self.generation.full:
                    self.generation = _Generation(key)
                generation = self.generation
        return generation


def _generation(event: Event) -> _Generation:
    store = current_app.extensions.get(EXTENSION)
    if store is None:
        store = current_app.extensions.setdefault(EXTENSION, _Store())
    return store.for_event(event)


def cards_for(event: Event, session_ids: list[int]) -> dict[int, Card]:
    """The cards of these sessions of `event`, in the request's language.

    The caller has already decided the viewer may see each of them. Cards this worker
    does not have yet for the current programme version are rendered together: one
    load of the sessions with their details, one template module.
    """
    generation = _generation(event)
    language = current_language()
    site = request.script_root
    cards = {}
    missing = []
    for session_id in session_ids:
        card = generation.cards.get((language, site, session_id))
        if card is None:
            missing.append(session_id)
        else:
            cards[session_id] = card
    if missing:
        fresh = _render(event, missing, language)
        generation.cards.update(
            {(language, site, session_id): card for session_id, card in fresh.items()}
        )
        cards.update(fresh)
    return cards


def organisation_choices(event: Event) -> list[tuple[int, str]]:
    """(id, name) of the event's organisations, for the filter form: the name pages show
    in the request's language (another one marked "(EN)"), in alphabetical order."""
    generation = _generation(event)
    language = current_language()
    if language not in generation.organisations:
        organisations = db.session.scalars(
            select(Organisation).where(Organisation.event_id == event.id)
        )
        names = [
            (organisation.id, organisation.shown_name(language).marked(language))
            for organisation in organisations
        ]
        generation.organisations[language] = sorted(names, key=lambda row: folded(row[1]))
    return generation.organisations[language]


def kept(event: Event, key: tuple, render):
    """What `render()` gives for `key`, rendered once per programme version in this
    worker. `key` must name everything the result depends on, the language included,
    and nothing in it may depend on who is looking."""
    fragments = _generation(event).fragments
    value = fragments.get(key)
    if value is None:
        value = fragments[key] = render()
    return value


def programme_list(event: Event, rows: list[tuple[Card, "DayRow"]]) -> Markup:
    """The programme's entries: each card with places left, the viewer's place, and the
    switch a diplomat is offered (`switch_offers`).

    `rows`: (card, its DayRow from `queries.day_sessions`).
    """
    fragment = _Fragments(event)
    switches = switch_offers(rows)
    html = []
    for card, row in rows:
        left = None
        if card.signup_required and not card.is_cancelled:
            left = max((card.capacity or 0) - row.confirmed, 0)
        before, after = card.programme
        leaving = switches.get(card.id)
        html += (
            before,
            fragment("viewer_places_left", left),
            fragment("viewer_programme_place", row.place),
            # It holds the request's CSRF token: rendered every time, never kept.
            _macro("viewer_switch")(card, leaving, left == 0) if leaving else "",
            after,
        )
    return _joined(html)


def switch_offers(rows: list[tuple[Card, "DayRow"]]) -> dict[int, Card]:
    """{session id: the card of the session the diplomat would leave} for the sessions
    of the list offered as a switch: open for sign-up, meant for them, and in a parallel
    group where they hold a place or a waitlist position in another session (not a
    cancelled one). Only sessions of the list count: a session the filters leave out
    offers its switch on its own page."""
    held = {
        card.parallel_group: card
        for card, row in rows
        if card.parallel_group and row.place is not None and not card.is_cancelled
    }
    return {
        card.id: held[card.parallel_group]
        for card, row in rows
        if card.parallel_group in held
        and row.place is None
        and row.meant_for
        and card.open_for_signup
    }


def agenda_list(event: Event, items) -> Markup:
    """One day of the agenda: each card with the diplomat's marks, place and changes.

    `items`: objects with `session` (the Card), `signup` (a Place or None), `changes`,
    `is_now`, `is_next`, `is_changed`, `overlaps` (other items) and `documents` (a
    DocumentCount or None), as the agenda view makes them.
    """
    fragment = _Fragments(event)
    html = []
    for item in items:
        card = item.session
        marks = (item.is_now, item.is_next, item.is_changed)
        overlapped = tuple(other.session.title for other in item.overlaps)
        pieces = card.agenda
        html += (
            pieces[0],
            fragment("viewer_agenda_classes", *marks, bool(overlapped)),
            pieces[1],
            fragment("viewer_agenda_markers", *marks, card.is_cancelled),
            pieces[2],
            fragment("my_place", item.signup),
            pieces[3],
            # Changes are rare and each their own: rendered every time, never kept.
            fragment("viewer_agenda_overlaps", overlapped) if overlapped else "",
            _documents(card.id, getattr(item, "documents", None)),
            _macro("viewer_agenda_changes")(item.changes) if item.changes else "",
            pieces[4],
        )
    return _joined(html)


def _documents(session_id: int, documents) -> str:
    """The briefing documents of an agenda item ("2 documents · 1 new", a link to them on
    the session's page): few sessions have any, rendered each time, never kept."""
    if documents is None:
        return ""
    return str(_macro("viewer_agenda_documents")(session_id, documents.count, documents.new))


class _Fragments:
    """The viewer parts of entries (`viewer_*` macros of _macros.html), by their
    arguments: each is rendered once per language and programme version in a worker.

    They are pure functions of their arguments (numbers, flags, a place and position)
    and the language: nothing in them says who is looking.
    """

    def __init__(self, event: Event):
        self.fragments = _generation(event).fragments
        self.language = current_language()

    def __call__(self, name: str, *args) -> str:
        key = (self.language, name, args)
        html = self.fragments.get(key)
        if html is None:
            html = self.fragments[key] = str(_macro(name)(*args))
        return html


def _macro(name: str):
    return get_template_attribute("programme/_macros.html", name)


def _joined(pieces: list[str]) -> Markup:
    # Every piece is the output of an autoescaped template: joining keeps it safe.
    return Markup("".join(pieces))  # noqa: S704


def _render(event: Event, session_ids: list[int], language: str) -> dict[int, Card]:
    sessions = db.session.scalars(
        select(Session)
        .where(Session.event_id == event.id, Session.id.in_(session_ids))
        .options(*SESSION_DETAILS)
    ).all()
    macros = current_app.jinja_env.get_template("programme/_cards.html").make_module(
        {"current_language": language}
    )
    tz = event.tz
    return {
        session.id: Card(
            id=session.id,
            status=session.status,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            day=session.starts_at.astimezone(tz).date(),
            signup_required=session.signup_required,
            capacity=session.capacity,
            parallel_group=session.parallel_group,
            title=session.text_in("title", language),
            programme=_pieces(macros.programme_item(session, _SLOT), 1),
            agenda=_pieces(macros.agenda_item(session, _SLOT, _SLOT, _SLOT, _SLOT), 4),
        )
        for session in sessions
    }


def _pieces(html, slots: int) -> tuple[str, ...]:
    """A macro's output cut at its slots."""
    if not isinstance(html, Markup):
        raise TypeError("cards come from an autoescaped template")
    pieces = tuple(str(html).split(_SLOT))
    if len(pieces) != slots + 1:
        raise ValueError(f"expected {slots} slots, found {len(pieces) - 1}")
    return pieces
