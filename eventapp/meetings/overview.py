"""What the organizers' meeting pages read (issue 21, point 8): every meeting of the
edition with the people around it, the matrix of heads of post × partners, the counts,
the rows of the exports, and the table plan of a window.

Each reader costs a fixed number of queries whatever the number of meetings: one for the
meetings (their partner, organisation, head of post, post, window and room joined), one
for the heads of post who accept meetings, one for the windows.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (
    Event,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    PartnerProfile,
    Region,
    Registration,
    RegistrationStatus,
    User,
)

# The statuses the matrix and its filter show: a request still open or answered.
MATRIX_STATUSES = (
    MeetingStatus.REQUESTED,
    MeetingStatus.PROPOSED,
    MeetingStatus.ACCEPTED,
    MeetingStatus.DECLINED,
)
ATTENDING = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)


def meetings_of(event: Event) -> list[Meeting]:
    """Every meeting of the edition, oldest request first, with what the pages show."""
    query = (
        select(Meeting)
        .where(Meeting.event_id == event.id)
        .options(
            joinedload(Meeting.partner)
            .joinedload(User.partner_profile)
            .joinedload(PartnerProfile.organisation),
            joinedload(Meeting.diplomat).joinedload(User.profile),
            joinedload(Meeting.window).joinedload(MeetingWindow.room),
        )
        .order_by(Meeting.created_at, Meeting.id)
    )
    return list(db.session.scalars(query).unique())


def heads_of_post_accepting(event: Event) -> list[User]:
    """Heads of post attending the edition who let partners ask them for a meeting."""
    query = (
        select(User)
        .join(Registration, Registration.user_id == User.id)
        .where(
            Registration.event_id == event.id,
            Registration.accepts_meetings.is_(True),
            Registration.status.in_(ATTENDING),
        )
        .options(joinedload(User.profile))
    )
    return list(db.session.scalars(query).unique())


def windows_of(event: Event) -> list[MeetingWindow]:
    query = (
        select(MeetingWindow)
        .where(MeetingWindow.event_id == event.id)
        .options(joinedload(MeetingWindow.room))
        .order_by(MeetingWindow.starts_at)
    )
    return list(db.session.scalars(query))


def partner_organisation(partner: User) -> str:
    profile = partner.partner_profile
    if profile is None or profile.organisation is None:
        return ""
    return profile.organisation.name


def post_of(diplomat: User) -> str:
    return diplomat.profile.post if diplomat.profile is not None else ""


def region_of(diplomat: User) -> Region | None:
    return diplomat.profile.region if diplomat.profile is not None else None


@dataclass(frozen=True)
class MatrixFilters:
    region: str = ""
    organisation_id: int | None = None
    status: str = ""

    @classmethod
    def from_args(cls, args) -> "MatrixFilters":
        """What the filter form sent; anything that names nothing is ignored."""
        region = args.get("region", "")
        status = args.get("status", "")
        organisation = args.get("organisation", "")
        number = organisation.isascii() and organisation.isdigit() and len(organisation) < 10
        return cls(
            region=region if region in {item.value for item in Region} else "",
            organisation_id=int(organisation) if number else None,
            status=status if status in {item.value for item in MATRIX_STATUSES} else "",
        )

    @property
    def any(self) -> bool:
        return bool(self.region or self.organisation_id or self.status)


@dataclass
class Matrix:
    heads_of_post: list[User]
    partners: list[User]
    # (diplomat id, partner id) -> the pair's latest meeting
    cells: dict[tuple[int, int], Meeting]
    # The partners' organisations, for the filter: (id, name)
    organisations: list[tuple[int, str]] = field(default_factory=list)

    def cell(self, diplomat: User, partner: User) -> Meeting | None:
        return self.cells.get((diplomat.id, partner.id))

    @property
    def pairs(self) -> list[Meeting]:
        """The shown cells as a list (the phone's view), by head of post then partner."""
        order = {user.id: index for index, user in enumerate(self.partners)}
        rows = {user.id: index for index, user in enumerate(self.heads_of_post)}
        return sorted(
            self.cells.values(),
            key=lambda meeting: (rows[meeting.diplomat_id], order[meeting.partner_id]),
        )


def _name_key(user: User) -> tuple[str, str]:
    return (user.last_name.casefold(), user.first_name.casefold())


def matrix(meetings: list[Meeting], accepting: list[User], filters: MatrixFilters) -> Matrix:
    """Rows: heads of post who accept meetings or were asked; columns: partners who
    asked; each cell the pair's latest request, filtered."""
    latest: dict[tuple[int, int], Meeting] = {}
    for meeting in meetings:
        if meeting.status in MATRIX_STATUSES:
            latest[(meeting.diplomat_id, meeting.partner_id)] = meeting
    organisations = {}
    for meeting in latest.values():
        profile = meeting.partner.partner_profile
        if profile is not None and profile.organisation is not None:
            organisations[profile.organisation.id] = profile.organisation.name

    def shown_diplomat(user: User) -> bool:
        region = region_of(user)
        return not filters.region or (region is not None and region.value == filters.region)

    def shown_partner(user: User) -> bool:
        profile = user.partner_profile
        return not filters.organisation_id or (
            profile is not None and profile.organisation_id == filters.organisation_id
        )

    cells = {
        pair: meeting
        for pair, meeting in latest.items()
        if shown_diplomat(meeting.diplomat)
        and shown_partner(meeting.partner)
        and (not filters.status or meeting.status.value == filters.status)
    }
    diplomats = {meeting.diplomat.id: meeting.diplomat for meeting in cells.values()}
    if not filters.status and not filters.organisation_id:
        diplomats.update({user.id: user for user in accepting if shown_diplomat(user)})
    partners = {meeting.partner.id: meeting.partner for meeting in cells.values()}
    return Matrix(
        heads_of_post=sorted(diplomats.values(), key=_name_key),
        partners=sorted(partners.values(), key=_name_key),
        cells=cells,
        organisations=sorted(organisations.items(), key=lambda item: item[1].casefold()),
    )


@dataclass(frozen=True)
class Counts:
    requests: int
    accepted: int
    declined: int
    # accepted ÷ (accepted + declined): of the requests answered, the share that became
    # a meeting; None before any answer.
    acceptance_rate: float | None
    meetings_per_diplomat_average: float
    meetings_per_diplomat_max: int
    accepted_without_slot: int


def counts(meetings: list[Meeting], accepting: list[User]) -> Counts:
    """The overview's numbers, over all the edition's meetings (filters aside).

    Meetings per diplomat: accepted meetings, averaged over the heads of post who accept
    meetings or were asked (the matrix's rows without filters)."""
    statuses = Counter(meeting.status for meeting in meetings)
    accepted = statuses[MeetingStatus.ACCEPTED]
    declined = statuses[MeetingStatus.DECLINED]
    answered = accepted + declined
    per_diplomat = Counter(
        meeting.diplomat_id for meeting in meetings if meeting.status == MeetingStatus.ACCEPTED
    )
    diplomats = {user.id for user in accepting} | {meeting.diplomat_id for meeting in meetings}
    return Counts(
        requests=len(meetings),
        accepted=accepted,
        declined=declined,
        acceptance_rate=accepted / answered if answered else None,
        meetings_per_diplomat_average=(
            sum(per_diplomat.values()) / len(diplomats) if diplomats else 0.0
        ),
        meetings_per_diplomat_max=max(per_diplomat.values(), default=0),
        accepted_without_slot=sum(
            1
            for meeting in meetings
            if meeting.status == MeetingStatus.ACCEPTED and meeting.starts_at is None
        ),
    )


def export_rows(meetings: list[Meeting], event: Event) -> list[list]:
    """One row per meeting: partner, organisation, head of post, post, status, day,
    time (Brussels), table, room, subject; by partner, then request order."""
    rows = []
    for meeting in sorted(meetings, key=lambda meeting: _name_key(meeting.partner)):
        starts_at = meeting.starts_at.astimezone(event.tz) if meeting.starts_at else None
        ends_at = meeting.ends_at.astimezone(event.tz) if meeting.ends_at else None
        window = meeting.window
        rows.append(
            [
                meeting.partner.full_name,
                partner_organisation(meeting.partner),
                meeting.diplomat.full_name,
                post_of(meeting.diplomat),
                meeting.status.label,
                starts_at.date().isoformat() if starts_at else "",
                f"{starts_at:%H:%M}–{ends_at:%H:%M}" if starts_at else "",
                meeting.table_number,
                window.room.name if window is not None and window.room is not None else "",
                meeting.subject,
            ]
        )
    return rows


@dataclass(frozen=True)
class PlanSlot:
    starts_at: datetime
    ends_at: datetime
    # One entry per table, in table order: (table number, the meeting or None if free).
    tables: list[tuple[int, Meeting | None]]


def table_plan(window: MeetingWindow) -> list[PlanSlot]:
    """Each slot of the window, each table: the accepted meeting held there, or free.
    One query (the window's accepted meetings with their people)."""
    query = (
        select(Meeting)
        .where(Meeting.window_id == window.id, Meeting.status == MeetingStatus.ACCEPTED)
        .options(
            joinedload(Meeting.partner)
            .joinedload(User.partner_profile)
            .joinedload(PartnerProfile.organisation),
            joinedload(Meeting.diplomat).joinedload(User.profile),
        )
    )
    held = {
        (_utc(meeting.starts_at), meeting.table_number): meeting
        for meeting in db.session.scalars(query).unique()
    }
    return [
        PlanSlot(
            starts_at=start,
            ends_at=end,
            tables=[
                (number, held.get((_utc(start), number))) for number in range(1, window.tables + 1)
            ],
        )
        for start, end in window.slots()
    ]


def _utc(moment: datetime) -> datetime:
    return moment.replace(microsecond=0).astimezone(UTC)
