"""The catalogue sessions draw on: the rooms, organisations and speakers of an edition.

Like the session services, every function here is one organizer action: it takes the
programme lock, checks against what is committed, changes the data, writes the audit log
and commits once. A name already in use raises `NameTaken`, also when another organizer
saved the same name a moment earlier (the unique constraint catches that); deleting what
sessions or speakers still use raises `InUse`, naming them.
"""

from collections.abc import Callable

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..i18n import current_language, date_short
from ..models import (
    Event,
    Organisation,
    OrganisationKind,
    Room,
    Session,
    SessionSpeaker,
    SessionStatus,
    Speaker,
    User,
    session_organisations,
)
from ..unit_of_work import unit_of_work
from .services import ProgrammeError, calendar_snapshot, lock_programme, record_change

CatalogueRecord = Room | Organisation | Speaker

# How many sessions or speakers a refusal names before it says "and N more".
NAMED_AT_MOST = 10


class NameTaken(ProgrammeError):
    """Another record of the same kind in this event already has the name."""

    field = "name"


class InUse(ProgrammeError):
    """Sessions or speakers still use what was to be deleted; the message names them."""


class InvalidValue(ProgrammeError):
    """A value the rules refuse; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


# Rooms


def create_room(event: Event, *, name: str, capacity: int, notes: str = "", by: User) -> Room:
    """Add a room to the event.

    Raises NameTaken if the event has a room of that name, InvalidValue for an empty or
    too long name or a negative capacity.
    """
    values = {"name": name, "capacity": capacity, "notes": notes or ""}
    return _save(Room(event_id=event.id), values, by, check=_check_room_capacity)


def update_room(room: Room, *, name: str, capacity: int, notes: str = "", by: User) -> Room:
    """Change a room's name, capacity or notes.

    Renaming it changes what calendars show for the published sessions held in it: each
    gets its sequence raised and a change entry. Raises NameTaken, InvalidValue for a bad
    name, a negative capacity or one below what a session held in the room offers.
    """
    values = {"name": name, "capacity": capacity, "notes": notes or ""}
    return _save(room, values, by, check=_check_room_capacity, shown_in=_published_in_room)


def delete_room(room: Room, *, by: User) -> None:
    """Delete a room that no session uses. Raises InUse naming the sessions held in it."""
    _delete(room, by)


# Organisations


def create_organisation(
    event: Event,
    *,
    name: str,
    short_name: str = "",
    kind: OrganisationKind | str,
    by: User,
    **translations: str | None,
) -> Organisation:
    """Add a partner organisation to the event. `name` and `short_name` are the English
    ones; `translations` may give `name_fr`, `name_nl`, `short_name_fr`, `short_name_nl`.

    Raises NameTaken if the event has an organisation of that name, InvalidValue for an
    empty or too long name or an unknown kind.
    """
    values = _organisation_values(name, short_name, kind, translations)
    return _save(Organisation(event_id=event.id), values, by)


def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    short_name: str = "",
    kind: OrganisationKind | str,
    by: User,
    **translations: str | None,
) -> Organisation:
    """Change an organisation (`translations` as for `create_organisation`). Raises
    NameTaken, or InvalidValue for a bad name or kind."""
    values = _organisation_values(name, short_name, kind, translations)
    return _save(organisation, values, by)


def delete_organisation(organisation: Organisation, *, by: User) -> None:
    """Delete an organisation that no session partners and no speaker belongs to.

    Raises InUse naming those sessions and speakers.
    """
    _delete(organisation, by)


# Speakers


def create_speaker(
    event: Event,
    *,
    name: str,
    function: str = "",
    organisation_id: int | None = None,
    by: User,
    **translations: str | None,
) -> Speaker:
    """Add a speaker to the event. `function` is the English one; `translations` may
    give `function_fr` and `function_nl`.

    Raises NameTaken if the event has a speaker of that name, InvalidValue for a bad name
    or an organisation of another event.
    """
    speaker = Speaker(event_id=event.id)
    values = _speaker_values(speaker, name, function, organisation_id, translations)
    return _save(speaker, values, by)


def update_speaker(
    speaker: Speaker,
    *,
    name: str,
    function: str = "",
    organisation_id: int | None = None,
    by: User,
    **translations: str | None,
) -> Speaker:
    """Change a speaker (`translations` as for `create_speaker`).

    Renaming them changes what calendars show for their published sessions: each gets its
    sequence raised and a change entry. Raises NameTaken, or InvalidValue for a bad name
    or an organisation of another event.
    """
    values = _speaker_values(speaker, name, function, organisation_id, translations)
    return _save(speaker, values, by, shown_in=_published_with_speaker)


def delete_speaker(speaker: Speaker, *, by: User) -> None:
    """Delete a speaker who speaks in no session. Raises InUse naming their sessions."""
    _delete(speaker, by)


# Lists with what uses each record, one query a list


def rooms_with_usage(event: Event) -> list[tuple[Room, int]]:
    """The event's rooms by name, each with the number of sessions held in it."""
    return _listed(Room, event, _count(Session, Session.room_id == Room.id))


def organisations_with_usage(event: Event) -> list[tuple[Organisation, int, int]]:
    """The event's organisations by name, each with the sessions it partners and its speakers."""
    return _listed(
        Organisation,
        event,
        _count(session_organisations, session_organisations.c.organisation_id == Organisation.id),
        _count(Speaker, Speaker.organisation_id == Organisation.id),
    )


def speakers_with_usage(event: Event) -> list[tuple[Speaker, int]]:
    """The event's speakers by name, each with the number of sessions they speak in."""
    return _listed(
        Speaker,
        event,
        _count(SessionSpeaker, SessionSpeaker.speaker_id == Speaker.id),
        options=[selectinload(Speaker.organisation)],
    )


def where_used(record: CatalogueRecord) -> str | None:
    """Why the record cannot be deleted (the sessions and speakers using it), or None."""
    uses = _USES[type(record)](record)
    if not uses:
        return None
    if len(uses) == 2:
        uses = [_("%(first)s and %(second)s", first=uses[0], second=uses[1])]
    return _(
        "%(name)s is used by %(uses)s. Take it out of them first, then delete it.",
        name=record.name,
        uses=uses[0],
    )


# The steps every action shares


def _save(
    record: CatalogueRecord,
    values: dict,
    by: User,
    *,
    check: Callable[[CatalogueRecord, dict], None] | None = None,
    shown_in: Callable[[CatalogueRecord], list[Session]] | None = None,
) -> CatalogueRecord:
    """Create (no id yet) or update the record with `values`, in one transaction.

    `check` refuses values against what is committed; `shown_in` gives the published
    sessions whose calendars show the record's name, updated when it is renamed.
    """
    creating = record.id is None
    name = (values["name"] or "").strip()
    try:
        with unit_of_work():
            lock_programme(record.event_id)
            if not creating:
                record = _current(record)
            values = values | {"name": name}
            _check_name(record, name)
            if check is not None:
                check(record, values)
            renamed = not creating and name != record.name
            sessions = shown_in(record) if renamed and shown_in is not None else []
            before = [(session, calendar_snapshot(session)) for session in sessions]
            changed = _assign(record, values)
            db.session.add(record)
            db.session.flush()
            for session, snapshot in before:
                record_change(session, snapshot, by)
            kind = _kind(record)
            if creating:
                entered = {
                    field: change["new"]
                    for field, change in changed.items()
                    if change["new"] not in (None, "")
                }
                audit.record(f"{kind}.create", by, record, **entered)
            else:
                updated = {"calendars_updated": len(sessions)} if sessions else {}
                audit.record(
                    f"{kind}.update", by, record, name=record.name, changed=changed, **updated
                )
    except IntegrityError as error:
        # The check above saw no such name, but another organizer's commit can land
        # between it and ours: the unique constraint then refuses the second one.
        if _is_unique_violation(error):
            raise NameTaken(_name_taken(type(record), name)) from error
        raise
    return record


def _delete(record: CatalogueRecord, by: User) -> None:
    name = record.name
    try:
        with unit_of_work():
            lock_programme(record.event_id)
            record = _current(record)
            name = record.name
            reason = where_used(record)
            if reason:
                raise InUse(reason)
            audit.record(f"{_kind(record)}.delete", by, record, name=name)
            db.session.delete(record)
    except IntegrityError as error:
        # A foreign key refused it: something started using it after our check.
        raise InUse(
            _("%(name)s is still in use; reload the page to see where.", name=name)
        ) from error


def _current(record: CatalogueRecord) -> CatalogueRecord:
    """The record as committed now (under the lock), in case another organizer changed it."""
    fresh = db.session.get(type(record), record.id, populate_existing=True)
    if fresh is None:
        raise ProgrammeError(_("Someone else deleted it in the meantime."))
    return fresh


def _assign(record: CatalogueRecord, values: dict) -> dict:
    """Set the values; returns those that changed as {field: {"old": ..., "new": ...}}."""
    changed = {}
    for field, new in values.items():
        old = getattr(record, field)
        if old != new:
            changed[field] = {"old": _plain(old), "new": _plain(new)}
            setattr(record, field, new)
    return changed


def _plain(value):
    return value.name if isinstance(value, Organisation) else value


def _kind(record: CatalogueRecord) -> str:
    return type(record).__name__.lower()


def _check_name(record: CatalogueRecord, name: str) -> None:
    model = type(record)
    longest = model.__table__.c.name.type.length
    if not name:
        raise InvalidValue(_("Give it a name."), "name")
    if len(name) > longest:
        raise InvalidValue(_("At most %(count)d characters.", count=longest), "name")
    same_name = select(model.id).where(
        model.event_id == record.event_id, func.lower(model.name) == func.lower(name)
    )
    if record.id is not None:
        same_name = same_name.where(model.id != record.id)
    if db.session.scalar(same_name.limit(1)) is not None:
        raise NameTaken(_name_taken(model, name))


def _name_taken(model: type, name: str) -> str:
    if model is Room:
        return _("There is already a room called “%(name)s”.", name=name)
    if model is Organisation:
        return _("There is already an organisation called “%(name)s”.", name=name)
    return _("There is already a speaker called “%(name)s”.", name=name)


def _is_unique_violation(error: IntegrityError) -> bool:
    # SQLite: "UNIQUE constraint failed"; PostgreSQL: "violates unique constraint".
    return "unique" in str(error.orig).lower()


def _check_room_capacity(room: Room, values: dict) -> None:
    capacity = values["capacity"]
    if capacity is None or capacity < 0:
        raise InvalidValue(_("Capacity cannot be negative."), "capacity")
    if room.id is None:
        return
    larger = db.session.scalars(
        select(Session)
        .where(
            Session.room_id == room.id,
            Session.status != SessionStatus.CANCELLED,
            Session.capacity > capacity,
        )
        .order_by(Session.starts_at, Session.id)
    ).all()
    if larger:
        sessions = _listing(
            [
                ngettext(
                    "%(session)s with %(num)d place",
                    "%(session)s with %(num)d places",
                    session.capacity,
                    session=_session_name(session),
                )
                for session in larger
            ]
        )
        raise InvalidValue(
            _(
                "%(room)s cannot hold fewer places than the sessions held in it: %(sessions)s. "
                "Lower their capacity or move them first.",
                room=room.name,
                sessions=sessions,
            ),
            "capacity",
        )


# What may be entered in French and Dutch besides the English field, by model.
TRANSLATIONS = {
    Organisation: ("name_fr", "name_nl", "short_name_fr", "short_name_nl"),
    Speaker: ("function_fr", "function_nl"),
}


def _translations(model: type, given: dict) -> dict:
    """The French and Dutch values given for `model`, blank ones as None (not entered:
    pages fall back to another language). Raises InvalidValue for one too long."""
    unknown = set(given) - set(TRANSLATIONS[model])
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    values = {}
    for field in TRANSLATIONS[model]:
        value = (given.get(field) or "").strip() or None
        longest = model.__table__.c[field].type.length
        if value is not None and len(value) > longest:
            raise InvalidValue(_("At most %(count)d characters.", count=longest), field)
        values[field] = value
    return values


def _organisation_values(
    name: str, short_name: str, kind: OrganisationKind | str, translations: dict
) -> dict:
    try:
        kind = OrganisationKind(kind)
    except ValueError:
        raise InvalidValue(_("Choose a kind of organisation."), "kind") from None
    return {
        "name": name,
        "short_name": (short_name or "").strip(),
        "kind": kind,
        **_translations(Organisation, translations),
    }


def _speaker_values(
    speaker: Speaker, name: str, function: str, organisation_id: int | None, translations: dict
) -> dict:
    organisation = None
    if organisation_id is not None:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None or organisation.event_id != speaker.event_id:
            raise InvalidValue(_("Choose an organisation of this event."), "organisation_id")
    return {
        "name": name,
        "function": (function or "").strip(),
        **_translations(Speaker, translations),
        "organisation": organisation,
    }


def _published_in_room(room: Room) -> list[Session]:
    return _published(Session.room_id == room.id)


def _published_with_speaker(speaker: Speaker) -> list[Session]:
    return _published(
        Session.id.in_(
            select(SessionSpeaker.session_id).where(SessionSpeaker.speaker_id == speaker.id)
        )
    )


def _published(condition) -> list[Session]:
    return list(
        db.session.scalars(
            select(Session)
            .where(condition, Session.status == SessionStatus.PUBLISHED)
            .options(
                selectinload(Session.room),
                selectinload(Session.speaker_links).selectinload(SessionSpeaker.speaker),
            )
        )
    )


def _room_uses(room: Room) -> list[str]:
    return _sessions_using(Session.room_id == room.id)


def _organisation_uses(organisation: Organisation) -> list[str]:
    partnered = Session.id.in_(
        select(session_organisations.c.session_id).where(
            session_organisations.c.organisation_id == organisation.id
        )
    )
    speakers = db.session.scalars(
        select(Speaker.name)
        .where(Speaker.organisation_id == organisation.id)
        .order_by(Speaker.name)
    ).all()
    uses = _sessions_using(partnered)
    if speakers:
        uses.append(
            ngettext(
                "%(num)d speaker: %(names)s",
                "%(num)d speakers: %(names)s",
                len(speakers),
                names=_listing(speakers),
            )
        )
    return uses


def _speaker_uses(speaker: Speaker) -> list[str]:
    return _sessions_using(
        Session.id.in_(
            select(SessionSpeaker.session_id).where(SessionSpeaker.speaker_id == speaker.id)
        )
    )


_USES = {Room: _room_uses, Organisation: _organisation_uses, Speaker: _speaker_uses}


def _sessions_using(condition) -> list[str]:
    """["3 sessions: “Opening plenary” (Mon 2 Feb, 09:30), …"], or [] when none does."""
    sessions = db.session.scalars(
        select(Session).where(condition).order_by(Session.starts_at, Session.id)
    ).all()
    if not sessions:
        return []
    names = _listing([_session_name(session) for session in sessions])
    return [
        ngettext(
            "%(num)d session: %(names)s", "%(num)d sessions: %(names)s", len(sessions), names=names
        )
    ]


def _session_name(session: Session) -> str:
    return _(
        "“%(title)s” (%(when)s)",
        title=session.text_in("title", current_language()),
        when=date_short(session.starts_at, time=True),
    )


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:NAMED_AT_MOST])
    if len(names) > NAMED_AT_MOST:
        hidden = len(names) - NAMED_AT_MOST
        return ngettext(
            "%(names)s and %(num)d more", "%(names)s and %(num)d more", hidden, names=shown
        )
    return shown


def _count(table, condition):
    """How many rows of `table` meet `condition`, as a column of the list's one query."""
    return select(func.count()).select_from(table).where(condition).scalar_subquery()


def _listed(model, event: Event, *counts, options=()) -> list[tuple]:
    statement = (
        select(model, *counts)
        .where(model.event_id == event.id)
        .order_by(model.name)
        .options(*options)
    )
    return [tuple(row) for row in db.session.execute(statement)]
