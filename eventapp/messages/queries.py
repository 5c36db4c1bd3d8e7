"""What the Messages pages read: the outbox filtered and paged, counts per status, the
kinds of mail there are, and who a message to a group reaches.

Searching by recipient is done in Python with `folded()` (accents and case ignored the
same way on SQLite and PostgreSQL): the candidates' ids and names are read in one query,
then only the page shown is loaded.
"""

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import folded
from ..models import (
    DiplomatFunction,
    DiplomatProfile,
    Event,
    GroupMessage,
    GroupMessageRecipient,
    MailStatus,
    OutboxMail,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
)

PER_PAGE = 50
# Far beyond any real outbox; keeps the offset a number every database accepts.
LAST_PAGE = 100_000


@dataclass(frozen=True)
class MailFilters:
    """What the Messages page is narrowed to; empty is everything."""

    status: MailStatus | None = None
    kind: str = ""
    recipient: str = ""


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def mails(filters: MailFilters, page: int) -> Page:
    """A page of the outbox, newest first (three queries whatever its size). Without a
    recipient search the page is cut in SQL; with one, the ids, addresses and names of
    the filtered mails are read and folded here (accents and case, on every database)."""
    query = select(OutboxMail.id, OutboxMail.recipient, User.first_name, User.last_name).join(
        User, User.id == OutboxMail.user_id, isouter=True
    )
    if filters.status is not None:
        query = query.where(OutboxMail.status == filters.status)
    if filters.kind:
        query = query.where(OutboxMail.kind == filters.kind)
    newest_first = query.order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
    if filters.recipient:
        wanted = folded(filters.recipient)
        rows = db.session.execute(newest_first).all()
        rows = [row for row in rows if wanted in folded(" ".join(filter(None, row[1:])))]
        total = len(rows)
        ids = [row.id for row in rows[(page - 1) * PER_PAGE : page * PER_PAGE]]
    else:
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        ids = list(
            db.session.scalars(
                newest_first.with_only_columns(OutboxMail.id)
                .offset((page - 1) * PER_PAGE)
                .limit(PER_PAGE)
            )
        )
    found = {
        mail.id: mail
        for mail in db.session.scalars(select(OutboxMail).where(OutboxMail.id.in_(ids)))
    }
    return Page([found[id_] for id_ in ids if id_ in found], page, total)


def recipient_names(mails_shown: list[OutboxMail]) -> dict[int, str]:
    """The name ("Last, First") of each listed mail's recipient who has an account (one
    query)."""
    ids = {mail.user_id for mail in mails_shown if mail.user_id}
    if not ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(ids)))
    return {user.id: f"{user.last_name}, {user.first_name}" for user in users}


def status_counts() -> dict[MailStatus, int]:
    """How many mails are in each status, every status listed."""
    counts = dict(
        db.session.execute(
            select(OutboxMail.status, func.count()).group_by(OutboxMail.status)
        ).all()
    )
    return {status: counts.get(status, 0) for status in MailStatus}


def mail_kinds() -> list[str]:
    """The kinds of mail the outbox holds, by name."""
    return list(db.session.scalars(select(OutboxMail.kind).distinct().order_by(OutboxMail.kind)))


def group_message_of(mail: OutboxMail) -> GroupMessage | None:
    """The message to a group this mail is a copy of, if any."""
    return db.session.scalar(
        select(GroupMessage)
        .join(GroupMessageRecipient)
        .where(GroupMessageRecipient.outbox_mail_id == mail.id)
    )


def group_messages(event: Event) -> list[GroupMessage]:
    """The edition's messages to groups, newest first, with their senders."""
    return db.session.scalars(
        select(GroupMessage)
        .where(GroupMessage.event_id == event.id)
        .options(selectinload(GroupMessage.sender))
        .order_by(GroupMessage.created_at.desc(), GroupMessage.id.desc())
    ).all()


def message_recipients(message: GroupMessage) -> list[GroupMessageRecipient]:
    """A message's recipients with their mails, by name."""
    return db.session.scalars(
        select(GroupMessageRecipient)
        .where(GroupMessageRecipient.group_message_id == message.id)
        .options(
            selectinload(GroupMessageRecipient.user).selectinload(User.profile),
            selectinload(GroupMessageRecipient.outbox_mail),
        )
        .join(User, User.id == GroupMessageRecipient.user_id, isouter=True)
        .order_by(User.last_name, User.first_name, GroupMessageRecipient.id)
    ).all()


def sessions_of(event: Event) -> list[Session]:
    """The edition's sessions that are not drafts, in time order (a message's choice of
    session: its signed-up people or its waitlist)."""
    return db.session.scalars(
        select(Session)
        .where(Session.event_id == event.id, Session.status != SessionStatus.DRAFT)
        .order_by(Session.starts_at, Session.id)
    ).all()


# Who a message to a group reaches ---------------------------------------------------

ATTENDING = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)


@dataclass(frozen=True)
class Audience:
    """Who a message is for. `kind` is one of KINDS; the other fields serve their kind."""

    kind: str
    day: date | None = None
    functions: tuple[DiplomatFunction, ...] = ()
    regions: tuple[Region, ...] = ()
    session_id: int | None = None
    user_ids: tuple[int, ...] = ()


KINDS = (
    "registered",
    "confirmed",
    "day",
    "function",
    "region",
    "session_confirmed",
    "session_waitlist",
    "named",
)


def recipients(event: Event, audience: Audience) -> list[User]:
    """The active people a message to `audience` reaches, by name, each once."""
    query = select(User).where(User.active.is_(True)).options(selectinload(User.profile))
    registered = select(Registration.user_id).where(Registration.event_id == event.id)
    match audience.kind:
        case "registered":
            query = query.where(User.id.in_(registered.where(Registration.status.in_(ATTENDING))))
        case "confirmed":
            query = query.where(
                User.id.in_(registered.where(Registration.status == RegistrationStatus.CONFIRMED))
            )
        case "day":
            query = query.where(
                User.id.in_(
                    registered.join(RegistrationDay).where(
                        Registration.status.in_(ATTENDING), RegistrationDay.day == audience.day
                    )
                )
            )
        case "function" | "region":
            column, values = (
                (DiplomatProfile.function, audience.functions)
                if audience.kind == "function"
                else (DiplomatProfile.region, audience.regions)
            )
            query = query.where(
                User.id.in_(registered.where(Registration.status.in_(ATTENDING))),
                User.id.in_(select(DiplomatProfile.user_id).where(column.in_(values))),
            )
        case "session_confirmed" | "session_waitlist":
            status = (
                SignUpStatus.CONFIRMED
                if audience.kind == "session_confirmed"
                else SignUpStatus.WAITLISTED
            )
            query = query.where(
                User.id.in_(
                    select(SignUp.user_id)
                    .join(Session)
                    .where(
                        SignUp.session_id == audience.session_id,
                        Session.event_id == event.id,
                        SignUp.status == status,
                    )
                )
            )
        case "named":
            query = query.where(User.id.in_(audience.user_ids), User.role == Role.DIPLOMAT)
        case _:
            return []
    return db.session.scalars(query.order_by(User.last_name, User.first_name, User.id)).all()
