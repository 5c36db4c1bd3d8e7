"""Arrivals for organizers (issue 20): on a day of the edition, who is expected, who came
in at the palace door and when, the counts by function and region, and the same as a
spreadsheet.

"Expected on a day" is a registration that still counts (registered or confirmed,
`ATTENDING`) whose days include that day. A page costs the same statements whatever the
number of people: the kept counts of a purge (one query), then, unless the edition was
purged, the expected people (one query) and the day's check-ins (one query), each read
as plain columns rather than loaded records.

Once `purge-personal-data` has run, the names and check-ins are gone and `ArrivalCount`
holds what is left: expected and arrived per day, function and region.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from .. import audit
from ..extensions import db
from ..i18n import folded
from ..models import (
    ArrivalCount,
    CheckIn,
    DiplomatFunction,
    DiplomatProfile,
    Event,
    Region,
    Registration,
    RegistrationDay,
    User,
)
from ..programme.agenda import ATTENDING
from ..spreadsheets import csv_bytes, xlsx_bytes
from ..unit_of_work import unit_of_work
from .checkin import searchable

SORTS = ("name", "function", "region")


def default_day(event: Event, today: date) -> date:
    """Today while the edition runs, else its first day."""
    return today if event.first_day <= today <= event.last_day else event.first_day


@dataclass(frozen=True)
class Person:
    """Someone expected on the day, or who came in that day."""

    registration_id: int
    first_name: str
    last_name: str
    function: DiplomatFunction | None
    region: Region | None
    post: str
    arrived_at: datetime | None = None
    by: str = ""
    offline: bool = False

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def sort_name(self) -> tuple[str, str]:
        return folded(self.last_name), folded(self.first_name)

    def matches(self, words: list[str]) -> bool:
        """Whether every word of a search is in the name or the post, accents ignored."""
        text = searchable(f"{self.first_name} {self.last_name} {self.post}")
        return all(word in text for word in words)


@dataclass(frozen=True)
class Tally:
    label: str
    expected: int
    arrived: int

    @property
    def percent(self) -> int:
        return round(100 * self.arrived / self.expected) if self.expected else 0


@dataclass
class DayArrivals:
    """What the arrivals page shows for one day."""

    day: date
    total: Tally
    by_function: list[Tally]
    by_region: list[Tally]
    # Everyone expected (with their arrival time if they came in), by name.
    expected: list[Person] = field(default_factory=list)
    # Who came in that day, by time; expected or not (a registration cancelled after
    # its check-in still came in).
    arrived: list[Person] = field(default_factory=list)
    # The edition was purged: the counts are the kept ones, the names are gone.
    purged: bool = False

    @property
    def waiting(self) -> list[Person]:
        return [person for person in self.expected if person.arrived_at is None]


def day_arrivals(event: Event, day: date) -> DayArrivals:
    """Expected and arrived on `day` of `event`: totals, by function and by region, and
    the people (none after a purge). Three statements at most, whatever the numbers."""
    kept = db.session.scalars(select(ArrivalCount).where(ArrivalCount.event_id == event.id)).all()
    if kept:
        return _kept_arrivals(day, [count for count in kept if count.day == day])

    expected = [
        Person(
            registration_id=row.id,
            first_name=row.first_name,
            last_name=row.last_name,
            function=row.function,
            region=row.region,
            post=f"{row.post_city}, {row.post_country}" if row.post_city else "",
        )
        for row in db.session.execute(
            select(
                Registration.id,
                User.first_name,
                User.last_name,
                DiplomatProfile.function,
                DiplomatProfile.region,
                DiplomatProfile.post_city,
                DiplomatProfile.post_country,
            )
            .join(RegistrationDay, RegistrationDay.registration_id == Registration.id)
            .join(User, User.id == Registration.user_id)
            .outerjoin(DiplomatProfile, DiplomatProfile.user_id == User.id)
            .where(
                Registration.event_id == event.id,
                Registration.status.in_(ATTENDING),
                RegistrationDay.day == day,
            )
        )
    ]
    arrived = _checked_in(event, day)
    times = {person.registration_id: person for person in arrived}
    expected = sorted(
        (
            _with_arrival(person, times[person.registration_id])
            if person.registration_id in times
            else person
            for person in expected
        ),
        key=lambda person: (*person.sort_name, person.registration_id),
    )
    came = [person for person in expected if person.arrived_at is not None]
    return DayArrivals(
        day=day,
        total=Tally(_("Total"), len(expected), len(came)),
        by_function=_tallies(DiplomatFunction, expected, "function"),
        by_region=_tallies(Region, expected, "region"),
        expected=expected,
        arrived=arrived,
    )


def _checked_in(event: Event, day: date) -> list[Person]:
    by = aliased(User)
    rows = db.session.execute(
        select(
            CheckIn.registration_id,
            CheckIn.checked_in_at,
            CheckIn.offline,
            User.first_name,
            User.last_name,
            DiplomatProfile.function,
            DiplomatProfile.region,
            DiplomatProfile.post_city,
            DiplomatProfile.post_country,
            by.first_name.label("by_first_name"),
            by.last_name.label("by_last_name"),
            by.email.label("by_email"),
        )
        .join(Registration, Registration.id == CheckIn.registration_id)
        .join(User, User.id == Registration.user_id)
        .outerjoin(DiplomatProfile, DiplomatProfile.user_id == User.id)
        .outerjoin(by, by.id == CheckIn.by_id)
        .where(CheckIn.event_id == event.id, CheckIn.day == day)
        .order_by(CheckIn.checked_in_at, CheckIn.id)
    )
    return [
        Person(
            registration_id=row.registration_id,
            first_name=row.first_name,
            last_name=row.last_name,
            function=row.function,
            region=row.region,
            post=f"{row.post_city}, {row.post_country}" if row.post_city else "",
            arrived_at=row.checked_in_at,
            by=_who(row.by_first_name, row.by_last_name, row.by_email),
            offline=row.offline,
        )
        for row in rows
    ]


def _who(first_name: str | None, last_name: str | None, email: str | None) -> str:
    name = f"{first_name or ''} {last_name or ''}".strip()
    return name or email or ""


def _with_arrival(person: Person, arrival: Person) -> Person:
    return Person(
        registration_id=person.registration_id,
        first_name=person.first_name,
        last_name=person.last_name,
        function=person.function,
        region=person.region,
        post=person.post,
        arrived_at=arrival.arrived_at,
        by=arrival.by,
        offline=arrival.offline,
    )


def _tallies(kind, people: list[Person], attribute: str) -> list[Tally]:
    """One line per value of `kind` someone expected has, in the enumeration's order."""
    expected = Counter(getattr(person, attribute) for person in people)
    arrived = Counter(
        getattr(person, attribute) for person in people if person.arrived_at is not None
    )
    return [
        Tally(str(value.label), expected[value], arrived[value])
        for value in kind
        if expected[value]
    ]


def _kept_arrivals(day: date, counts: list[ArrivalCount]) -> DayArrivals:
    def tallies(kind, attribute: str) -> list[Tally]:
        lines = []
        for value in kind:
            rows = [count for count in counts if getattr(count, attribute) == value]
            expected = sum(count.expected for count in rows)
            if expected or any(count.arrived for count in rows):
                lines.append(
                    Tally(str(value.label), expected, sum(count.arrived for count in rows))
                )
        return lines

    return DayArrivals(
        day=day,
        total=Tally(
            _("Total"),
            sum(count.expected for count in counts),
            sum(count.arrived for count in counts),
        ),
        by_function=tallies(DiplomatFunction, "function"),
        by_region=tallies(Region, "region"),
        purged=True,
    )


def shown(arrivals: DayArrivals, query: str, sort: str, descending: bool) -> list[Person]:
    """Who is expected and not yet in, as the page lists them: matching the search
    (every word, accents and case ignored), sorted by name, function or region."""
    words = searchable(query).split()
    people = [person for person in arrivals.waiting if person.matches(words)]

    def key(person: Person):
        if sort == "function":
            return (str(person.function.label) if person.function else "", *person.sort_name)
        if sort == "region":
            return (str(person.region.label) if person.region else "", *person.sort_name)
        return person.sort_name

    return sorted(people, key=key, reverse=descending)


# Exports


def day_table(event: Event, arrivals: DayArrivals) -> tuple[list[str], list[list]]:
    """Everyone expected on the day, with the time each came in (Brussels time, empty if
    not yet), their function, region and post; then anyone who came in unexpected."""
    header = [
        _("Day"),
        _("Last name"),
        _("First name"),
        _("Function"),
        _("Region"),
        _("Post"),
        _("Arrived at (Brussels time)"),
        _("Checked in by"),
    ]
    expected_ids = {person.registration_id for person in arrivals.expected}
    people = arrivals.expected + [
        person for person in arrivals.arrived if person.registration_id not in expected_ids
    ]
    rows = [
        [
            arrivals.day.isoformat(),
            person.last_name,
            person.first_name,
            str(person.function.label) if person.function else "",
            str(person.region.label) if person.region else "",
            person.post,
            person.arrived_at.astimezone(event.tz).strftime("%Y-%m-%d %H:%M")
            if person.arrived_at
            else "",
            person.by,
        ]
        for person in people
    ]
    return header, rows


def export_day(event: Event, arrivals: DayArrivals, fmt: str, by: User) -> bytes:
    """The day's arrivals as CSV or XLSX (every cell through `safe_cell`), written to
    the audit log: it names diplomats."""
    header, rows = day_table(event, arrivals)
    with unit_of_work():
        audit.record("arrivals.export", by, event, day=arrivals.day, format=fmt, rows=len(rows))
    if fmt == "xlsx":
        return xlsx_bytes({_("Arrivals"): (header, rows)})
    return csv_bytes(header, rows)
