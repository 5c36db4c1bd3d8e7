"""The directory partners choose whom to ask from: the heads of post who said partners
may ask them for a bilateral meeting, and who attend (registered or confirmed).

One query for the people (registration, account, profile) and one for their days,
whatever their number; filters by region and country in SQL, by sector and the search
in Python, so the search ignores case and accents the same way on SQLite and on
PostgreSQL (`folded`).
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from ..extensions import db
from ..i18n import folded
from ..invitations.services import ATTENDING
from ..models import DiplomatProfile, Event, Region, Registration, Sector, User


@dataclass(frozen=True)
class DirectoryFilters:
    search: str = ""
    region: str = ""
    country: str = ""
    sector: str = ""

    @property
    def any(self) -> bool:
        return bool(self.search or self.region or self.country or self.sector)


@dataclass
class DirectoryEntry:
    """A head of post partners may ask: their registration, account and profile."""

    registration: Registration

    @property
    def user(self) -> User:
        return self.registration.user

    @property
    def profile(self) -> DiplomatProfile:
        return self.registration.user.profile

    @property
    def sectors(self) -> list[Sector]:
        known = {sector.value: sector for sector in Sector}
        return [known[value] for value in self.registration.meeting_sectors or [] if value in known]


def _opted_in(event: Event):
    return (
        select(Registration)
        .join(Registration.user)
        .join(User.profile)
        .where(
            Registration.event_id == event.id,
            Registration.status.in_(ATTENDING),
            Registration.accepts_meetings.is_(True),
        )
    )


def directory(event: Event, filters: DirectoryFilters) -> list[DirectoryEntry]:
    """The heads of post partners may ask, by name, narrowed by `filters`."""
    query = _opted_in(event).options(
        contains_eager(Registration.user).contains_eager(User.profile),
        selectinload(Registration.day_rows),
    )
    if filters.region:
        query = query.where(DiplomatProfile.region == Region(filters.region))
    if filters.country:
        query = query.where(DiplomatProfile.post_country == filters.country)
    query = query.order_by(func.lower(User.last_name), func.lower(User.first_name), User.id)
    words = [word for word in map(folded, filters.search.split()) if word]
    entries = []
    for registration in db.session.scalars(query).unique():
        entry = DirectoryEntry(registration)
        if filters.sector and filters.sector not in (registration.meeting_sectors or []):
            continue
        if all(_matches(entry, word) for word in words):
            entries.append(entry)
    return entries


def directory_countries(event: Event) -> list[str]:
    """The countries of the posts in the directory, for its filter."""
    query = _opted_in(event).with_only_columns(DiplomatProfile.post_country).distinct()
    return sorted(db.session.scalars(query), key=folded)


def count_directory(event: Event) -> int:
    return db.session.scalar(_opted_in(event).with_only_columns(func.count(Registration.id)))


def _matches(entry: DirectoryEntry, word: str) -> bool:
    profile = entry.profile
    haystack = [
        entry.user.first_name,
        entry.user.last_name,
        profile.post_city,
        profile.post_country,
        entry.registration.meeting_topics,
    ]
    return any(word in folded(text) for text in haystack if text)
