"""The whole programme at a glance, for organizers: the week grid and the session list.

Both pages take the same filters (kind, organisation, speaker, status) as GET parameters;
the list also searches (`q`) and sorts (`sort`, `dir`). A value that is unknown or
malformed is ignored, never an error: these URLs get bookmarked and edited by hand.
Each page costs a fixed number of queries, whatever the number of sessions.
"""

from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import date

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import Form, SearchField, SelectField
from wtforms.fields.choices import SelectChoice

from .. import limits
from ..extensions import db
from ..i18n import current_language, folded
from ..models import (
    Organisation,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    utcnow,
)
from . import bp
from .grid import build_grid
from .loading import event_or_404


class SessionFilterForm(Form):
    """Filters shared by the grid and the list. A plain WTForms form, not a FlaskForm:
    it is submitted by GET and changes nothing, so a CSRF token would only clutter URLs."""

    kind = SelectField(_l("Kind"))
    organisation = SelectField(_l("Organisation"))
    speaker = SelectField(_l("Speaker"))
    status = SelectField(_l("Status"))


class SessionSearchForm(SessionFilterForm):
    q = SearchField(_l("Search"), render_kw={"maxlength": limits.SEARCH})


@dataclass(frozen=True)
class Catalogue:
    """What the filters offer, and the rooms that make the grid's lanes."""

    rooms: list[Room]
    organisations: list[Organisation]
    speakers: list[Speaker]

    @classmethod
    def of(cls, event) -> "Catalogue":
        def all_of(model, *order):
            return db.session.scalars(
                select(model).where(model.event_id == event.id).order_by(*order)
            ).all()

        return cls(
            rooms=all_of(Room, Room.name),
            organisations=all_of(Organisation, Organisation.name),
            speakers=all_of(Speaker, Speaker.name),
        )


@dataclass(frozen=True)
class SessionFilters:
    kind: SessionKind | None = None
    organisation_id: int | None = None
    speaker_id: int | None = None
    status: SessionStatus | None = None

    @property
    def active(self) -> bool:
        return any(value is not None for value in astuple(self))

    def query_args(self) -> dict[str, str]:
        """The filters as URL parameters, to carry them over to other links."""
        args = {
            "kind": self.kind.value if self.kind else None,
            "organisation": self.organisation_id,
            "speaker": self.speaker_id,
            "status": self.status.value if self.status else None,
        }
        return {name: str(value) for name, value in args.items() if value is not None}

    def apply(self, statement):
        if self.kind is not None:
            statement = statement.where(Session.kind == self.kind)
        if self.status is not None:
            statement = statement.where(Session.status == self.status)
        if self.organisation_id is not None:
            statement = statement.where(
                Session.organisations.any(Organisation.id == self.organisation_id)
            )
        if self.speaker_id is not None:
            statement = statement.where(
                Session.speaker_links.any(SessionSpeaker.speaker_id == self.speaker_id)
            )
        return statement


def read_filters(form: SessionFilterForm, catalogue: Catalogue) -> SessionFilters:
    """Offer the event's choices and keep what the request chose among them, if anything."""
    form.kind.choices = _choices(_("All kinds"), [(kind.value, kind.label) for kind in SessionKind])
    form.organisation.choices = _choices(
        _("All organisations"),
        [
            (str(organisation.id), organisation.display_name)
            for organisation in catalogue.organisations
        ],
    )
    form.speaker.choices = _choices(
        _("All speakers"), [(str(speaker.id), speaker.name) for speaker in catalogue.speakers]
    )
    form.status.choices = _choices(
        _("All statuses"), [(status.value, status.label) for status in SessionStatus]
    )
    for select_field in (form.kind, form.organisation, form.speaker, form.status):
        if select_field.data not in {choice.value for choice in select_field.choices}:
            select_field.data = ""
    return SessionFilters(
        kind=SessionKind(form.kind.data) if form.kind.data else None,
        organisation_id=int(form.organisation.data) if form.organisation.data else None,
        speaker_id=int(form.speaker.data) if form.speaker.data else None,
        status=SessionStatus(form.status.data) if form.status.data else None,
    )


def _choices(everything_label: str, options: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice("", everything_label)] + [
        SelectChoice(value, label) for value, label in options
    ]


def programme_sessions(event, filters: SessionFilters) -> list[Session]:
    """The event's sessions that pass the filters, with what both pages show loaded."""
    statement = (
        select(Session)
        .where(Session.event_id == event.id)
        .options(
            selectinload(Session.room),
            selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker),
            selectinload(Session.organisations),
        )
        .order_by(Session.starts_at, Session.id)
    )
    return db.session.scalars(filters.apply(statement)).all()


# The week grid


@dataclass(frozen=True)
class DayTab:
    day: date
    url: str
    current: bool
    is_default: bool


@bp.get("/grid")
def grid():
    """Days as columns, rooms as lanes; `?day=` shows one day with every room."""
    event = event_or_404()
    catalogue = Catalogue.of(event)
    form = SessionFilterForm(request.args)
    filters = read_filters(form, catalogue)
    day = _day_from(request.args.get("day", ""), event)
    sessions = programme_sessions(event, filters)
    layout = build_grid(
        sessions,
        catalogue.rooms,
        [day] if day else event.days,
        event.tz,
        every_room=day is not None,
        today=utcnow().astimezone(event.tz).date(),
    )
    filter_args = filters.query_args()
    default_day = next((column.day for column in layout.days if column.is_default), None)
    tabs = [
        DayTab(
            day=each,
            url=url_for("organizer.grid", day=each.isoformat(), **filter_args),
            current=each == day,
            is_default=day is None and each == default_day,
        )
        for each in event.days
    ]
    return render_template(
        "organizer/grid.html",
        event=event,
        grid=layout,
        day=day,
        tabs=tabs,
        day_urls={tab.day: tab.url for tab in tabs},
        week_url=url_for("organizer.grid", **filter_args),
        clear_url=url_for("organizer.grid", day=day.isoformat() if day else None),
        form=form,
        filters=filters,
        has_sessions=bool(sessions),
    )


def _day_from(value: str, event) -> date | None:
    """A day of the event from `?day=YYYY-MM-DD`; anything else means the whole week."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if event.first_day <= day <= event.last_day else None


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
    catalogue = Catalogue.of(event)
    form = SessionSearchForm(request.args)
    filters = read_filters(form, catalogue)
    search = (form.q.data or "").strip()[: limits.SEARCH]
    form.q.data = search
    sorting = Sorting.from_args(request.args)

    rows = programme_sessions(event, filters)
    narrowed = filters.active or bool(search)
    if search:
        needle = folded(search)
        rows = [session for session in rows if matches(session, needle)]
    rows = sorting.apply(rows, current_language())

    kept = {**filters.query_args(), **({"q": search} if search else {})}
    sort_urls = {
        key: url_for("organizer.sessions", **kept, **sorting.toggled(key).query_args())
        for key in SORT_KEYS
    }
    return render_template(
        "organizer/sessions.html",
        event=event,
        sessions=rows,
        form=form,
        filters=filters,
        sorting=sorting,
        sort_urls=sort_urls,
        narrowed=narrowed,
        clear_url=url_for("organizer.sessions", **sorting.query_args()),
    )
