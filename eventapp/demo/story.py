"""When each demo diplomat was invited, answered and was confirmed, and with what details.

Pure functions of `eventapp.demo.data`, no database and no randomness: where the data
leaves a choice open (which day someone registered, their arrival time, when they signed
up for a session), it is spread by the diplomat's place in a list or by a sha256 of
fixed text, so every load of the demo tells the same story.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..models import RegistrationStatus
from . import data

Status = RegistrationStatus
BRUSSELS = ZoneInfo(data.EVENT["timezone"])
# Who answered and was confirmed: everyone the data does not list otherwise.
ANSWERED = (Status.REGISTERED, Status.CONFIRMED, Status.CANCELLED, Status.REJECTED)
# The keys of data.ANSWERS, as registration states; "invited, expired" is `invited` too.
STATES = {
    "registered": Status.REGISTERED,
    "invited": Status.INVITED,
    "invited, expired": Status.INVITED,
    "declined": Status.DECLINED,
    "cancelled": Status.CANCELLED,
    "rejected": Status.REJECTED,
}


def brussels(day: str, time: str) -> datetime:
    """A Brussels wall-clock time, as the aware UTC datetime the models store."""
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=BRUSSELS).astimezone(UTC)


def local(day: date, minutes: int) -> datetime:
    """`minutes` after midnight on `day`, Brussels time, as an aware UTC datetime."""
    midnight = datetime.combine(day, datetime.min.time(), BRUSSELS)
    return (midnight + timedelta(minutes=minutes)).astimezone(UTC)


def stable_number(*parts: str) -> int:
    """A large number that depends only on `parts`: the same on every run and machine."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def phone_number(n: int) -> str:
    """The n-th fictional mobile number, in E.164: +1 <area> 555 0100, 0101, ..."""
    area = data.PHONE_AREA_CODES[n % len(data.PHONE_AREA_CODES)]
    line = 100 + n // len(data.PHONE_AREA_CODES)
    if line > 199:
        raise ValueError("not enough fictional phone numbers")
    return f"+1{area}555{line:04d}"


SNAPSHOT = brussels(*data.SNAPSHOT)
SENT = brussels(*data.INVITATIONS_SENT)
RESENT = brussels(*data.INVITATIONS_RESENT)
VALID = timedelta(days=data.INVITATION_VALID_DAYS)
ROUNDS = [brussels(*moment) for moment in data.CONFIRMATION_ROUNDS]
EVENT_DAYS = [
    data.EVENT["first_day"] + timedelta(days=offset)
    for offset in range((data.EVENT["last_day"] - data.EVENT["first_day"]).days + 1)
]


# Sign-ups open when the programme is published.
SIGNUPS_OPEN = datetime.fromisoformat(data.FIRST_PUBLISHED_AT)


def signed_up_at(title: str, email: str, registered_at: datetime | None) -> datetime:
    """When a diplomat signed up for the session: within four days of being able to."""
    start = max(SIGNUPS_OPEN, registered_at or SIGNUPS_OPEN)
    return start + timedelta(minutes=30 + stable_number(title, email) % (4 * 24 * 60))


def confirmed_at(registered_at: datetime) -> datetime:
    """The first confirmation round after the registration."""
    for moment in ROUNDS:
        if moment > registered_at:
            return moment
    raise ValueError(f"no confirmation round after {registered_at}")


@dataclass(frozen=True)
class Answer:
    """One diplomat's invitation and registration, as of the snapshot."""

    status: RegistrationStatus
    link_sent_at: datetime
    link_expires_at: datetime
    registered_at: datetime | None  # when they used the link: accepted, consent given
    changed_at: datetime  # the registration's last change of state
    days: tuple[date, ...] = ()
    arrival_at: datetime | None = None
    departure_at: datetime | None = None
    mobile_phone: str = ""
    dietary: str = ""
    accessibility: str = ""
    remarks: str = ""


def answers(emails: list[str]) -> dict[str, Answer]:
    """The heads of post's answers, by e-mail; `emails` in the order of the data, which
    numbers their phones (from 1: the demo ambassador has the first)."""
    states = _states(emails)
    by_state: dict[str, list[str]] = {key: [] for key in [*data.ANSWERS, "confirmed"]}
    for email in emails:
        by_state[states[email]].append(email)
    number = {email: n for n, email in enumerate(emails, start=1)}
    result = {}
    for state, people in by_state.items():
        for k, email in enumerate(people):
            result[email] = _answer(state, k, email, number[email])
    return {email: result[email] for email in emails}


def _states(emails: list[str]) -> dict[str, str]:
    known = set(emails)
    states = dict.fromkeys(emails, "confirmed")
    for state, people in data.ANSWERS.items():
        for email in people:
            if email not in known:
                raise ValueError(f"{email} ({state}) is not a demo head of post")
            if states[email] != "confirmed":
                raise ValueError(f"{email} is listed twice in data.ANSWERS")
            states[email] = state
    answered = {email for email, state in states.items() if _status(state) in ANSWERED}
    for name, table in (("ATTENDANCE", data.ATTENDANCE), ("NEEDS", data.NEEDS)):
        strays = set(table) - answered
        if strays:
            raise ValueError(f"data.{name} lists people who did not register: {sorted(strays)}")
    return states


def _status(state: str) -> RegistrationStatus:
    return STATES.get(state, Status.CONFIRMED)


def _answer(state: str, k: int, email: str, n: int) -> Answer:
    """The story of the k-th diplomat in `state`, the n-th demo diplomat."""
    status = _status(state)
    if state == "invited":
        return Answer(status, RESENT, RESENT + VALID, None, SENT)
    if state == "invited, expired":
        return Answer(status, SENT, SENT + VALID, None, SENT)
    if state == "declined":
        # Between 17 December and 9 January, during the working day.
        declined_at = local(SENT.date() + timedelta(days=2 + k * 5 % 24), 9 * 60 + k * 53 % 480)
        return Answer(status, SENT, SENT + VALID, None, declined_at)

    if state == "registered":
        # After the last confirmation round, before the registration deadline (17:00).
        sent_at = RESENT
        registered_at = local(ROUNDS[-1].date() + timedelta(days=k % 8), 13 * 60 + k * 37 % 240)
        changed_at = registered_at
    else:
        # In the four weeks the first link worked, between 08:00 and 18:00.
        sent_at = SENT
        registered_at = local(SENT.date() + timedelta(days=1 + k * 11 % 27), 8 * 60 + k * 97 % 600)
        changed_at = confirmed_at(registered_at)
        if state == "cancelled":
            changed_at = local(date(2026, 1, 20) + timedelta(days=k), 10 * 60 + 30)
    days = tuple(date.fromisoformat(day) for day in data.ATTENDANCE.get(email, ())) or tuple(
        EVENT_DAYS
    )
    before, arrival = data.ARRIVALS[n % len(data.ARRIVALS)]
    after, departure = data.DEPARTURES[n % len(data.DEPARTURES)]
    needs = data.NEEDS.get(email, {})
    return Answer(
        status,
        sent_at,
        sent_at + VALID,
        registered_at,
        changed_at,
        days=days,
        arrival_at=brussels(str(days[0] - timedelta(days=before)), arrival),
        departure_at=brussels(str(days[-1] + timedelta(days=after)), departure),
        mobile_phone=phone_number(n),
        dietary=needs.get("dietary", ""),
        accessibility=needs.get("accessibility", ""),
        remarks=needs.get("remarks", ""),
    )
