"""Stores `eventapp.demo.data`: get-or-create by natural key, existing rows left as they are.

Invitations and registrations follow `eventapp.demo.story`, sign-ups
`eventapp.demo.signup_plan`. Nothing here commits; `seed_demo` does, once, at the end.
"""

import re
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (
    AudienceKind,
    CheckIn,
    DiplomatFunction,
    DiplomatProfile,
    Event,
    Invitation,
    Organisation,
    OrganisationKind,
    Region,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Room,
    Session,
    SessionCheckIn,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Speaker,
    SpeakerRole,
    User,
    Visibility,
    normalise_email,
)
from . import data, story
from .signup_plan import plan_signups
from .story import brussels


def email_for(first_name: str, last_name: str) -> str:
    """firstname.lastname@example.org, in plain ASCII: "Hélène Lefèvre" -> helene.lefevre."""

    def part(name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z-]", "", ascii_name.lower())

    return f"{part(first_name)}.{part(last_name)}@example.org"


def find(model, **key):
    return db.session.scalar(select(model).filter_by(**key))


class DemoLoader:
    def __init__(self):
        self.created = dict.fromkeys(
            (
                "events",
                "rooms",
                "organisations",
                "speakers",
                "users",
                "invitations",
                "registrations",
                "sessions",
                "sign-ups",
                "check-ins",
                "session check-ins",
            ),
            0,
        )
        self._answers: dict[str, story.Answer] | None = None

    def _add(self, row, plural: str):
        db.session.add(row)
        self.created[plural] += 1
        return row

    def event(self) -> Event:
        event = find(Event, slug=data.EVENT["slug"])
        if event is None:
            event = self._add(
                Event(**data.EVENT, registration_deadline=brussels(*data.REGISTRATION_DEADLINE)),
                "events",
            )
            # Everything below is keyed on event.id.
            db.session.flush()
        return event

    def rooms(self, event: Event) -> dict[str, Room]:
        rooms = {}
        for key, (name, capacity, notes) in data.ROOMS.items():
            rooms[key] = find(Room, event_id=event.id, name=name) or self._add(
                Room(event_id=event.id, name=name, capacity=capacity, notes=notes), "rooms"
            )
        return rooms

    def organisations(self, event: Event) -> dict[str, Organisation]:
        organisations = {}
        for key, (name, short_name, kind) in data.ORGANISATIONS.items():
            (name_fr, short_name_fr), (name_nl, short_name_nl) = (
                data.ORGANISATIONS_FR[key],
                data.ORGANISATIONS_NL[key],
            )
            organisations[key] = find(Organisation, event_id=event.id, name=name) or self._add(
                Organisation(
                    event_id=event.id,
                    name=name,
                    name_fr=name_fr,
                    name_nl=name_nl,
                    short_name=short_name,
                    short_name_fr=short_name_fr or None,
                    short_name_nl=short_name_nl or None,
                    kind=OrganisationKind(kind),
                ),
                "organisations",
            )
        return organisations

    def speakers(self, event: Event, organisations: dict[str, Organisation]) -> dict[str, Speaker]:
        speakers = {}
        for key, (name, function, organisation) in data.SPEAKERS.items():
            function_fr, function_nl = data.FUNCTIONS[key]
            speakers[key] = find(Speaker, event_id=event.id, name=name) or self._add(
                Speaker(
                    event_id=event.id,
                    name=name,
                    function=function,
                    function_fr=function_fr,
                    function_nl=function_nl,
                    organisation=organisations[organisation],
                ),
                "speakers",
            )
        return speakers

    def users(self) -> dict[str, User]:
        """Every demo account by e-mail: the three that log in, then the heads of post."""
        builders = {
            normalise_email(data.ORGANIZER["email"]): self._organizer,
            normalise_email(data.AMBASSADOR["email"]): self._ambassador,
            normalise_email(data.DOOR_STAFF["email"]): self._door_staff,
        }
        for row in data.HEADS_OF_POST:
            builders[email_for(row[0], row[1])] = lambda row=row: self._head_of_post(*row)
        if len(builders) != len(data.HEADS_OF_POST) + 3:
            raise ValueError("two demo users share an e-mail address")

        users = {
            user.email: user
            for user in db.session.scalars(select(User).where(User.email.in_(builders)))
        }
        for email, build in builders.items():
            if email not in users:
                users[email] = self._add(build(), "users")
        return users

    @staticmethod
    def _organizer() -> User:
        account = data.ORGANIZER
        user = User(
            email=normalise_email(account["email"]),
            role=Role.ORGANIZER,
            first_name=account["first_name"],
            last_name=account["last_name"],
            language=account["language"],
        )
        user.set_password(account["password"])
        return user

    @staticmethod
    def _door_staff() -> User:
        account = data.DOOR_STAFF
        user = User(
            email=normalise_email(account["email"]),
            role=Role.DOOR_STAFF,
            first_name=account["first_name"],
            last_name=account["last_name"],
            language=account["language"],
        )
        user.set_password(account["password"])
        return user

    @staticmethod
    def _ambassador() -> User:
        account = data.AMBASSADOR
        user = User(
            email=normalise_email(account["email"]),
            role=Role.DIPLOMAT,
            first_name=account["first_name"],
            last_name=account["last_name"],
            language=account["language"],
            profile=DiplomatProfile(
                function=DiplomatFunction(account["function"]),
                post_city=account["post_city"],
                post_country=account["post_country"],
                region=Region(account["region"]),
            ),
        )
        user.set_password(account["password"])
        return user

    @staticmethod
    def _head_of_post(first_name, last_name, language, function, city, country, region) -> User:
        # No password: a head of post would join through an invitation.
        return User(
            email=email_for(first_name, last_name),
            role=Role.DIPLOMAT,
            first_name=first_name,
            last_name=last_name,
            language=language,
            profile=DiplomatProfile(
                function=DiplomatFunction(function),
                post_city=city,
                post_country=country,
                region=Region(region),
            ),
        )

    @property
    def answers(self) -> dict[str, story.Answer]:
        """What each head of post did with the invitation, by e-mail."""
        if self._answers is None:
            self._answers = story.answers([email_for(*row[:2]) for row in data.HEADS_OF_POST])
        return self._answers

    def ambassador_answer(self) -> story.Answer:
        details = data.AMBASSADOR_REGISTRATION
        registered_at = brussels(*details["consent"])
        return story.Answer(
            RegistrationStatus(details["status"]),
            story.SENT,
            story.SENT + story.VALID,
            registered_at,
            story.confirmed_at(registered_at),
        )

    @staticmethod
    def _taken_by(model, event: Event) -> set[int]:
        """The users who already have a `model` row (invitation, registration) for `event`."""
        return set(db.session.scalars(select(model.user_id).where(model.event_id == event.id)))

    def invitations(self, event: Event, users: dict[str, User]) -> None:
        """Every demo diplomat's invitation, sent by the demo organizer.

        No token hash: the link of a demo invitation opens for nobody (resending one
        gives it a real link).
        """
        organizer = users[normalise_email(data.ORGANIZER["email"])]
        if organizer.id is None:
            db.session.flush()
        taken = self._taken_by(Invitation, event)
        people = {normalise_email(data.AMBASSADOR["email"]): self.ambassador_answer()}
        people.update(self.answers)
        for email, answer in people.items():
            user = users[email]
            if user.id in taken:
                continue
            self._add(
                Invitation(
                    event_id=event.id,
                    user=user,
                    token_hash=None,
                    created_at=story.SENT,
                    sent_at=answer.link_sent_at,
                    expires_at=answer.link_expires_at,
                    accepted_at=answer.registered_at,
                    created_by_id=organizer.id,
                ),
                "invitations",
            )

    def registrations(self, event: Event, users: dict[str, User]) -> None:
        """The demo ambassador's registration (confirmed, all week) and every head of
        post's, in the state `data.ANSWERS` gives it."""
        taken = self._taken_by(Registration, event)
        user = users[normalise_email(data.AMBASSADOR["email"])]
        # A new user has no id yet, and no registration either.
        if user.id not in taken:
            self._ambassador_registration(event, user)
        for email, answer in self.answers.items():
            user = users[email]
            if user.id in taken:
                continue
            registration = Registration(
                event_id=event.id,
                user=user,
                status=answer.status,
                arrival_at=answer.arrival_at,
                departure_at=answer.departure_at,
                dietary=answer.dietary,
                accessibility=answer.accessibility,
                mobile_phone=answer.mobile_phone,
                remarks=answer.remarks,
                consent_at=answer.registered_at,
                created_at=story.SENT,
                updated_at=answer.changed_at,
            )
            registration.day_rows = [RegistrationDay(day=day) for day in answer.days]
            self._add(registration, "registrations")

    def _ambassador_registration(self, event: Event, user: User) -> None:
        details = data.AMBASSADOR_REGISTRATION
        answer = self.ambassador_answer()
        registration = Registration(
            event_id=event.id,
            user=user,
            status=answer.status,
            arrival_at=brussels(*details["arrival"]),
            departure_at=brussels(*details["departure"]),
            consent_at=answer.registered_at,
            dietary=details["dietary"],
            mobile_phone=details["mobile_phone"],
            created_at=story.SENT,
            updated_at=answer.changed_at,
        )
        registration.day_rows = [RegistrationDay(day=day) for day in event.days]
        self._add(registration, "registrations")

    def sessions(
        self,
        event: Event,
        rooms: dict[str, Room],
        organisations: dict[str, Organisation],
        speakers: dict[str, Speaker],
        users: dict[str, User],
    ) -> None:
        first_published_at = datetime.fromisoformat(data.FIRST_PUBLISHED_AT)
        for item in data.SESSIONS:
            day, time, minutes = item["when"]
            starts_at = brussels(day, time)
            title_en, title_fr, title_nl = item["title"]
            if find(Session, event_id=event.id, title_en=title_en, starts_at=starts_at):
                continue
            description_en, description_fr, description_nl = item["description"]
            status = SessionStatus(item.get("status", "published"))
            session = Session(
                event_id=event.id,
                title_en=title_en,
                title_fr=title_fr,
                title_nl=title_nl,
                description_en=description_en,
                description_fr=description_fr,
                description_nl=description_nl,
                kind=SessionKind(item["kind"]),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                room=rooms[item["room"]] if item.get("room") else None,
                status=status,
                visibility=Visibility(item.get("visibility", "public")),
                audience=AudienceKind(item.get("audience", "all")),
                capacity=item.get("capacity"),
                signup_required=item.get("signup", False),
                parallel_group=item.get("group"),
                sequence=0,
                first_published_at=(
                    first_published_at if status == SessionStatus.PUBLISHED else None
                ),
                speaker_links=[
                    SessionSpeaker(speaker=speakers[key], role=SpeakerRole(role), position=position)
                    for position, (key, role) in enumerate(item.get("speakers", []))
                ],
                organisations=[organisations[key] for key in item.get("organisations", [])],
                audience_members=[users[email] for email in item.get("members", [])],
            )
            session.audience_functions.extend(
                DiplomatFunction(function) for function in item.get("functions", [])
            )
            session.audience_regions.extend(Region(region) for region in item.get("regions", []))
            self._add(session, "sessions")

    def signups(self, event: Event, users: dict[str, User]) -> None:
        """Sign-ups for the sessions that need them; see `signup_plan`."""
        # The planner reads sessions, registrations and sign-ups back from the database.
        db.session.flush()
        for signup in plan_signups(event, users):
            self._add(signup, "sign-ups")

    def check_ins(self, event: Event, users: dict[str, User]) -> None:
        """The palace door as it stands at the demo's moment (Tuesday 3 February, 09:30):
        most of Monday's expected came in between 08:15 and 09:30, about 60 % of
        Tuesday's so far, nobody later; a few came in early at the door of the first
        session with sign-up. Only when the edition has no check-in yet."""
        db.session.flush()
        organizer = users[normalise_email(data.ORGANIZER["email"])]
        if not db.session.scalar(select(CheckIn.id).where(CheckIn.event_id == event.id).limit(1)):
            self._palace_door(event, users, organizer)
        self._session_door(event, organizer)

    def _palace_door(self, event: Event, users: dict[str, User], organizer: User) -> None:
        door = users[normalise_email(data.DOOR_STAFF["email"])]
        expected = db.session.execute(
            select(Registration.id, User.email, RegistrationDay.day)
            .join(User, User.id == Registration.user_id)
            .join(RegistrationDay, RegistrationDay.registration_id == Registration.id)
            .where(
                Registration.event_id == event.id,
                Registration.status.in_(
                    [RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED]
                ),
                RegistrationDay.day.in_(event.days[:2]),
            )
            .order_by(Registration.id, RegistrationDay.day)
        ).all()
        for registration_id, email, day in expected:
            number = story.stable_number("check-in", email, day.isoformat())
            monday = day == event.days[0]
            if number % 100 >= (88 if monday else 60):
                continue
            # 08:15 to 09:29 (Brussels), earlier on Tuesday: the demo's clock is at 09:30.
            minutes = 8 * 60 + 15 + number // 100 % (75 if monday else 74)
            self._add(
                CheckIn(
                    event_id=event.id,
                    registration_id=registration_id,
                    day=day,
                    checked_in_at=story.local(day, minutes) + timedelta(seconds=number % 60),
                    by_id=(organizer if number % 7 == 0 else door).id,
                ),
                "check-ins",
            )

    def _session_door(self, event: Event, organizer: User) -> None:
        # The demo week has no session with sign-up on Monday: the first one is Tuesday's
        # 09:45 workshops, whose door opened at 09:15. A few with a place are in already.
        session = db.session.scalar(
            select(Session)
            .where(
                Session.event_id == event.id,
                Session.signup_required,
                Session.status == SessionStatus.PUBLISHED,
                Session.starts_at >= story.local(event.days[0], 0),
            )
            .order_by(Session.starts_at, Session.id)
            .limit(1)
        )
        if session is None or db.session.scalar(
            select(SessionCheckIn.id).where(SessionCheckIn.session_id == session.id).limit(1)
        ):
            return
        places = db.session.scalars(
            select(SignUp.user_id)
            .where(SignUp.session_id == session.id, SignUp.status == SignUpStatus.CONFIRMED)
            .order_by(SignUp.id)
        ).all()
        for number, user_id in enumerate(places[:6]):
            self._add(
                SessionCheckIn(
                    session_id=session.id,
                    user_id=user_id,
                    checked_in_at=session.starts_at - timedelta(minutes=25 - 2 * number),
                    by_id=organizer.id,
                ),
                "session check-ins",
            )
