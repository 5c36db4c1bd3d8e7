"""The attendee list for organizers: filters, search, pages, and the counts above the list.

Filters arrive as URL parameters that get bookmarked and edited by hand: an unknown or
malformed value is ignored, never an error. Each function costs a fixed number of
queries, whatever the number of registrations.
"""

from dataclasses import dataclass
from datetime import date
from math import ceil

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, subqueryload

from .. import limits
from ..extensions import db
from ..i18n import folded
from ..models import (
    DiplomatFunction,
    DiplomatProfile,
    Event,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    User,
)

# Who is expected at the venue: counted per day, fed by the catering list.
ATTENDING = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)

# Registrations on one page of the list: a page an organizer scrolls on a phone, and
# whose rows the bulk actions tick.
PAGE_SIZE = 50

# What every list shows, at a fixed cost whatever the number of registrations: the person
# and profile joined into the list's own query, the days in one more. (selectinload would
# ask in batches of 500 ids: three queries for 1,200 diplomats, more for a larger event.)
WITH_PEOPLE_AND_DAYS = (
    joinedload(Registration.user, innerjoin=True).joinedload(User.profile),
    subqueryload(Registration.day_rows),
)


@dataclass(frozen=True)
class AttendeeFilters:
    status: RegistrationStatus | None = None
    function: DiplomatFunction | None = None
    region: Region | None = None
    day: date | None = None
    search: str = ""

    @classmethod
    def from_args(cls, args, event: Event) -> "AttendeeFilters":
        """The filters in `args` (request.args or request.form); bad values are dropped."""
        day = _parse(date.fromisoformat, args.get("day"))
        return cls(
            status=_parse(RegistrationStatus, args.get("status")),
            function=_parse(DiplomatFunction, args.get("function")),
            region=_parse(Region, args.get("region")),
            day=day if day in event.days else None,
            search=(args.get("q") or "").strip()[: limits.SEARCH],
        )

    @property
    def active(self) -> bool:
        return bool(self.query_args())

    def query_args(self) -> dict[str, str]:
        """The filters as URL parameters, to carry them over to other links and forms."""
        args = {
            "status": self.status.value if self.status else None,
            "function": self.function.value if self.function else None,
            "region": self.region.value if self.region else None,
            "day": self.day.isoformat() if self.day else None,
            "q": self.search or None,
        }
        return {name: value for name, value in args.items() if value}


def _parse(parse, value):
    if not value:
        return None
    try:
        return parse(value)
    except (ValueError, TypeError):
        return None


def _found(needle: str, first_name, last_name, email, post_city, post_country) -> bool:
    """Whether the folded `needle` is in the person's name, address or post."""
    haystack = [f"{first_name} {last_name}".strip(), email, post_city, post_country]
    return any(needle in folded(text) for text in haystack if text)


def _matches(registration: Registration, needle: str) -> bool:
    user = registration.user
    profile = user.profile
    post = (profile.post_city, profile.post_country) if profile else (None, None)
    return _found(needle, user.first_name, user.last_name, user.email, *post)


def _sort_key(registration: Registration):
    user = registration.user
    return (folded(user.last_name), folded(user.first_name), registration.id)


def _filtered(statement, event: Event, filters: AttendeeFilters):
    """`statement` (on registrations) joined to the person and profile, narrowed to the
    event and to what the filters other than the search ask for."""
    statement = (
        statement.join(Registration.user)
        .outerjoin(DiplomatProfile, DiplomatProfile.user_id == User.id)
        .where(Registration.event_id == event.id)
    )
    if filters.status is not None:
        statement = statement.where(Registration.status == filters.status)
    if filters.function is not None:
        statement = statement.where(DiplomatProfile.function == filters.function)
    if filters.region is not None:
        statement = statement.where(DiplomatProfile.region == filters.region)
    if filters.day is not None:
        statement = statement.where(Registration.day_rows.any(RegistrationDay.day == filters.day))
    return statement


def attendee_list(event: Event, filters: AttendeeFilters) -> list[Registration]:
    """The event's registrations that pass the filters, by last name, with the person,
    their profile and their days loaded."""
    statement = _filtered(select(Registration), event, filters).options(
        # The person and profile come from the joins the filters use.
        contains_eager(Registration.user).contains_eager(User.profile),
        subqueryload(Registration.day_rows),
    )
    registrations = db.session.scalars(statement).all()
    if filters.search:
        needle = folded(filters.search)
        registrations = [each for each in registrations if _matches(each, needle)]
    return sorted(registrations, key=_sort_key)


@dataclass(frozen=True)
class AttendeePage:
    """One page of the list: its registrations, its number (from 1), how many pages
    there are, and how many registrations pass the filters on all pages together."""

    registrations: list[Registration]
    number: int
    pages: int
    matching: int

    @property
    def first(self) -> int:
        """The position in the whole list of the page's first registration (from 1)."""
        return (self.number - 1) * PAGE_SIZE + 1 if self.registrations else 0

    @property
    def last(self) -> int:
        return self.first + len(self.registrations) - 1 if self.registrations else 0


def attendee_page(event: Event, filters: AttendeeFilters, number: int) -> AttendeePage:
    """Page `number` of what `attendee_list` gives, PAGE_SIZE registrations a page, in
    the same order and with the same things loaded. A number past the last page gives
    the last page, one below 1 the first.

    Only the names, addresses and posts of everyone who passes the filters are read
    (the search and the order need them); the page's registrations are then loaded in
    full, their days joined in (a page is small). Two queries whatever the number of
    registrations."""
    statement = _filtered(
        select(
            Registration.id,
            User.first_name,
            User.last_name,
            User.email,
            DiplomatProfile.post_city,
            DiplomatProfile.post_country,
        ),
        event,
        filters,
    )
    rows = db.session.execute(statement).all()
    if filters.search:
        needle = folded(filters.search)
        rows = [row for row in rows if _found(needle, *row[1:])]
    rows.sort(key=lambda row: (folded(row.last_name), folded(row.first_name), row.id))
    pages = max(1, ceil(len(rows) / PAGE_SIZE))
    number = min(max(number, 1), pages)
    shown = [row.id for row in rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]]
    statement = (
        select(Registration)
        .where(Registration.id.in_(shown))
        .options(
            joinedload(Registration.user, innerjoin=True).joinedload(User.profile),
            joinedload(Registration.day_rows),
        )
    )
    registrations = sorted(db.session.scalars(statement).unique(), key=_sort_key)
    return AttendeePage(registrations, number, pages, len(rows))


def page_number(args) -> int:
    """The page asked for in `args` (?page=, or a form's field), 1 if none or not a number."""
    return _parse(int, args.get("page")) or 1


def status_counts(event: Event) -> dict[RegistrationStatus, int]:
    """How many registrations of the event have each status (every status, zeros too)."""
    counts = dict.fromkeys(RegistrationStatus, 0)
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.status)
    )
    for status, count in rows:
        counts[status] = count
    return counts


def day_counts(event: Event) -> dict[date, int]:
    """How many registered or confirmed diplomats come on each day of the event."""
    counts = dict.fromkeys(event.days, 0)
    rows = db.session.execute(
        select(RegistrationDay.day, func.count())
        .join(Registration, Registration.id == RegistrationDay.registration_id)
        .where(Registration.event_id == event.id, Registration.status.in_(ATTENDING))
        .group_by(RegistrationDay.day)
    )
    for day, count in rows:
        if day in counts:
            counts[day] = count
    return counts


def registrations_of(event: Event, ids) -> list[Registration]:
    """The event's registrations among `ids` (others are ignored), by last name, with
    the person and their profile loaded."""
    ids = {each for each in ids if isinstance(each, int)}
    if not ids:
        return []
    statement = (
        select(Registration)
        .where(Registration.event_id == event.id, Registration.id.in_(ids))
        .options(*WITH_PEOPLE_AND_DAYS)
    )
    return sorted(db.session.scalars(statement).all(), key=_sort_key)


def attending_on_days(event: Event) -> list[Registration]:
    """Registered and confirmed registrations with at least one day, by last name."""
    statement = (
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status.in_(ATTENDING),
            Registration.day_rows.any(),
        )
        .options(*WITH_PEOPLE_AND_DAYS)
    )
    return sorted(db.session.scalars(statement).all(), key=_sort_key)


def confirmed(event: Event) -> list[Registration]:
    """Confirmed registrations, by last name (the badge list)."""
    statement = (
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .options(joinedload(Registration.user, innerjoin=True).joinedload(User.profile))
    )
    return sorted(db.session.scalars(statement).all(), key=_sort_key)
