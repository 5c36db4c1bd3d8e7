"""Who signed up for which demo session, by the rules diplomats sign up by.

`eventapp.signups.services` commits and locks rows, so the demo cannot call it; this
follows its rules instead, reading what is already in the database:

- only published sessions that need sign-up, and only those nobody has signed up for yet
  (a session with sign-ups, even cancelled ones, is left exactly as it is);
- only diplomats the session is meant for (`visible_to` and `audience_includes`), whose
  registration is registered or confirmed and who attend that day;
- one session per parallel group and never two that overlap, counting the sign-ups the
  diplomat already has;
- places in the order diplomats signed up, then the waitlist, positions 1..n.

A diplomat for whom a session at the same time is meant in particular (its audience is
some regions, functions or names, like Enabel's closed session for Sub-Saharan Africa or
Thursday's closed briefing) goes there rather than sign up. Nothing here writes:
`plan_signups` returns new rows for the loader to add.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    AudienceKind,
    Event,
    Registration,
    RegistrationStatus,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
    normalise_email,
)
from ..signups.services import ACTIVE
from ..visibility import audience_includes, visible_to
from . import data, story

ATTENDING = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)


@dataclass(eq=False)
class Diplomat:
    user: User
    registration: Registration
    allowed: set[int]  # the sessions needing sign-up that are meant for them
    targeted: list[Session]  # sessions meant for some diplomats only, them included
    busy: list[Session] = field(default_factory=list)  # their active sign-ups

    @property
    def email(self) -> str:
        return self.user.email

    def may_take(self, session: Session, day: date) -> bool:
        if session.id not in self.allowed or day not in self.registration.days:
            return False
        for other in self.busy:
            if overlap(other, session) or (
                session.parallel_group and other.parallel_group == session.parallel_group
            ):
                return False
        return not any(overlap(other, session) for other in self.targeted if other is not session)

    def favoured_by(self, spec: dict) -> bool:
        profile = self.user.profile
        return profile is not None and (
            profile.region.value in spec.get("regions", ())
            or profile.function.value in spec.get("functions", ())
        )


def overlap(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def check_data() -> None:
    """Every session named in SIGNUPS and AMBASSADOR_SIGNUPS is a demo session that
    needs sign-up; raises ValueError otherwise."""
    titles = {item["title"][0] for item in data.SESSIONS if item.get("signup")}
    for name, table in (("SIGNUPS", data.SIGNUPS), ("AMBASSADOR_SIGNUPS", data.AMBASSADOR_SIGNUPS)):
        strays = set(table) - titles
        if strays:
            raise ValueError(f"data.{name} names no session that needs sign-up: {sorted(strays)}")


def plan_signups(event: Event, users: dict[str, User]) -> list[SignUp]:
    """New sign-ups (not added to the session) for the demo sessions nobody signed up for."""
    check_data()
    sessions = db.session.scalars(
        select(Session).where(Session.event_id == event.id).order_by(Session.id)
    ).all()
    with_signups = set(
        db.session.scalars(
            select(SignUp.session_id)
            .join(Session, Session.id == SignUp.session_id)
            .where(Session.event_id == event.id)
        )
    )
    by_title = {
        session.title_en: session
        for session in sessions
        if session.signup_required
        and session.status == SessionStatus.PUBLISHED
        and session.id not in with_signups
    }
    todo = [
        (title, spec, by_title[title]) for title, spec in data.SIGNUPS.items() if title in by_title
    ]
    if not todo:
        return []

    diplomats = _diplomats(event, users, sessions)
    ambassador = diplomats.pop(normalise_email(data.AMBASSADOR["email"]), None)
    signups = []
    for title, spec, session in todo:
        day = session.starts_at.astimezone(event.tz).date()
        candidates = [each for each in diplomats.values() if each.may_take(session, day)]
        candidates.sort(
            key=lambda each: (not each.favoured_by(spec), story.stable_number(title, each.email))
        )
        chosen = {
            each: story.signed_up_at(title, each.email, each.registration.consent_at)
            for each in candidates[: spec["wanted"]]
        }
        moment = data.AMBASSADOR_SIGNUPS.get(title)
        if ambassador is not None and moment and ambassador.may_take(session, day):
            chosen[ambassador] = story.brussels(*moment)
        signups += _take_places(session, chosen)
    return signups


def _take_places(session: Session, chosen: dict[Diplomat, datetime]) -> list[SignUp]:
    """Places in the order of signing up, then the waitlist (1..n)."""
    signups = []
    in_order = sorted(chosen, key=lambda each: (chosen[each], each.email))
    for rank, diplomat in enumerate(in_order):
        if session.capacity is None or rank < session.capacity:
            status, position = SignUpStatus.CONFIRMED, None
        else:
            status, position = SignUpStatus.WAITLISTED, rank - session.capacity + 1
        signups.append(
            SignUp(
                session_id=session.id,
                user_id=diplomat.user.id,
                status=status,
                position=position,
                created_at=chosen[diplomat],
                updated_at=chosen[diplomat],
            )
        )
        diplomat.busy.append(session)
    return signups


def _diplomats(event: Event, users: dict[str, User], sessions) -> dict[str, Diplomat]:
    """The demo diplomats who may sign up (registered or confirmed), by e-mail."""
    by_id = {user.id: user for user in users.values() if user.is_diplomat}
    registrations = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.user_id.in_(list(by_id)),
            Registration.status.in_(ATTENDING),
        )
        .options(selectinload(Registration.day_rows))
        .order_by(Registration.user_id)
    ).all()
    session_by_id = {session.id: session for session in sessions}
    busy: dict[int, list[Session]] = {}
    for user_id, session_id in db.session.execute(
        select(SignUp.user_id, SignUp.session_id)
        .join(Session, Session.id == SignUp.session_id)
        .where(
            Session.event_id == event.id,
            Session.status != SessionStatus.CANCELLED,
            SignUp.status.in_(ACTIVE),
        )
    ):
        busy.setdefault(user_id, []).append(session_by_id[session_id])

    diplomats = {}
    for registration in registrations:
        user = by_id[registration.user_id]
        allowed, targeted = set(), []
        for session_id, signup_required, audience in db.session.execute(
            select(Session.id, Session.signup_required, Session.audience).where(
                Session.event_id == event.id,
                Session.status == SessionStatus.PUBLISHED,
                visible_to(user),
                audience_includes(user),
                or_(Session.signup_required, Session.audience != AudienceKind.ALL),
            )
        ):
            if signup_required:
                allowed.add(session_id)
            if audience != AudienceKind.ALL:
                targeted.append(session_by_id[session_id])
        diplomats[user.email] = Diplomat(
            user, registration, allowed, targeted, list(busy.get(user.id, []))
        )
    return diplomats
