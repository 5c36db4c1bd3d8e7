"""Stores `eventapp.demo.data`: get-or-create by natural key, existing rows left as they are.

Invitations and registrations follow `eventapp.demo.story`, sign-ups
`eventapp.demo.signup_plan`. Nothing here commits; `seed_demo` does, once, at the end.
"""

import io
import re
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select

from ..documents import samples
from ..documents import services as document_services
from ..extensions import db
from ..models import (
    AudienceKind,
    CheckIn,
    DiplomatFunction,
    DiplomatProfile,
    Document,
    DocumentVisit,
    Event,
    FileLanguage,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    Organisation,
    OrganisationKind,
    PartnerProfile,
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
    WindowStatus,
    normalise_email,
)
from ..programme.agenda import ATTENDING, agenda_rows, attended_days
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
                "partners",
                "meeting windows",
                "meetings",
                "documents",
                "document visits",
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
                **self._opt_in(email, answer.status),
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
            **self._opt_in(user.email, answer.status),
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

    # Bilateral meetings (issue 21)

    @property
    def meeting_hosts(self) -> dict[str, tuple[str, list[str]]]:
        """The heads of post who accept meeting requests, by e-mail: (topics, sectors)."""
        ambassador = (data.AMBASSADOR["first_name"], data.AMBASSADOR["last_name"])
        return {
            (
                normalise_email(data.AMBASSADOR["email"])
                if name == ambassador
                else email_for(*name)
            ): details
            for name, details in data.MEETING_HOSTS.items()
        }

    def _opt_in(self, email: str, status: RegistrationStatus) -> dict:
        """A host's answer to "may partners ask you for a meeting?" (only if attending)."""
        if email not in self.meeting_hosts or status not in ATTENDING:
            return {}
        topics, sectors = self.meeting_hosts[email]
        return {"accepts_meetings": True, "meeting_topics": topics, "meeting_sectors": sectors}

    def partners(self, event: Event, organisations: dict[str, Organisation]) -> dict[str, User]:
        """The partner representatives by last name, registered and consented; the first
        is the demo partner, who logs in (`data.PARTNER`)."""
        db.session.flush()  # organisations' ids
        partners = {}
        registered = brussels(*data.PARTNERS_REGISTERED)
        for number, row in enumerate(data.PARTNERS):
            first_name, last_name, language, organisation, function, sectors, countries = row
            demo = number == 0
            email = normalise_email(data.PARTNER["email"]) if demo else email_for(*row[:2])
            user = find(User, email=email)
            if user is None:
                user = self._add(
                    User(
                        email=email,
                        role=Role.PARTNER,
                        first_name=first_name,
                        last_name=last_name,
                        language=language,
                    ),
                    "partners",
                )
                if demo:
                    user.set_password(data.PARTNER["password"])
            elif not user.is_partner:
                raise ValueError(f"{email} is a demo account already, not a partner's")
            if user.partner_profile is None:
                registered_at = registered + timedelta(days=number // 2, minutes=37 * number)
                user.partner_profile = PartnerProfile(
                    event_id=event.id,
                    organisation_id=organisations[organisation].id,
                    function=function,
                    mobile_phone=f"+32470{120 + number:06d}",
                    sectors=list(sectors),
                    countries=list(countries),
                    registered_at=registered_at,
                    consent_at=registered_at,
                )
            partners[last_name] = user
        return partners

    def meeting_windows(self, event: Event, rooms: dict[str, Room]) -> dict[str, MeetingWindow]:
        """The two meeting windows, open for requests, by key."""
        windows = {}
        opened = brussels(*data.PARTNERS_REGISTERED) - timedelta(days=2)
        for key, row in data.MEETING_WINDOWS.items():
            day, start, end, room, tables, minutes, changeover = row
            starts_at = brussels(day, start)
            windows[key] = find(MeetingWindow, event_id=event.id, starts_at=starts_at) or self._add(
                MeetingWindow(
                    event_id=event.id,
                    starts_at=starts_at,
                    ends_at=brussels(day, end),
                    room=rooms[room],
                    tables=tables,
                    meeting_minutes=minutes,
                    changeover_minutes=changeover,
                    status=WindowStatus.OPEN,
                    created_at=opened,
                ),
                "meeting windows",
            )
        return windows

    def meetings(
        self,
        event: Event,
        users: dict[str, User],
        partners: dict[str, User],
        windows: dict[str, MeetingWindow],
    ) -> None:
        """The requests and meetings of `data.MEETINGS`, only when the edition has none.

        Accepted meetings get the first slot (from a different one for each, to spread
        them over the window) where the head of post attends that day and has nothing on
        their agenda (sessions meant for them or signed up for), neither person has
        another meeting, and a table is free: what the services would offer.
        """
        db.session.flush()
        if db.session.scalar(select(Meeting.id).where(Meeting.event_id == event.id).limit(1)):
            return
        hosts = {email: users[email] for email in self.meeting_hosts}
        self._hosts_opt_in(event, hosts)
        by_name = {user.last_name: user for user in hosts.values()}
        organizer = users[normalise_email(data.ORGANIZER["email"])]
        busy = {user.id: self._busy(event, user) for user in hosts.values()}
        taken: set[tuple] = set()
        requested = brussels(*data.MEETINGS_REQUESTED)
        for number, row in enumerate(data.MEETINGS):
            partner_name, host_name, status, subject, note, asked, extra = row
            partner, diplomat = partners[partner_name], by_name[host_name]
            status = MeetingStatus(status)
            created_at = requested + timedelta(hours=5 * number, minutes=7 * number % 50)
            meeting = Meeting(
                event_id=event.id,
                partner=partner,
                diplomat=diplomat,
                status=status,
                subject=subject,
                note=note,
                answer_message=extra.get("message", ""),
                requested_windows=[windows[key] for key in asked],
                created_at=created_at,
                updated_at=(
                    created_at
                    if status == MeetingStatus.REQUESTED
                    else created_at + timedelta(hours=20)
                ),
                sequence=extra.get("sequence", 1 if status == MeetingStatus.CANCELLED else 0),
            )
            if "proposed" in extra:
                meeting.proposed_window = windows[extra["proposed"]]
            if status in (MeetingStatus.ACCEPTED, MeetingStatus.CANCELLED) and extra.get(
                "slot", True
            ):
                window, starts_at, ends_at, table = self._free_slot(
                    [windows[key] for key in asked], number, partner, diplomat, busy, taken
                )
                meeting.window, meeting.starts_at, meeting.ends_at = window, starts_at, ends_at
                meeting.table_number = table
                if status == MeetingStatus.ACCEPTED:  # a cancelled one frees its place
                    taken |= {
                        (window.id, starts_at, table),
                        (partner.id, starts_at),
                        (diplomat.id, starts_at),
                    }
            if status == MeetingStatus.CANCELLED:
                meeting.cancelled_by_id = {
                    "diplomat": diplomat,
                    "partner": partner,
                    "organizer": organizer,
                }[extra["by"]].id
            self._add(meeting, "meetings")

    def _hosts_opt_in(self, event: Event, hosts: dict[str, User]) -> None:
        """Hosts whose registration was loaded before the meetings existed say yes now."""
        for registration in db.session.scalars(
            select(Registration).where(
                Registration.event_id == event.id,
                Registration.user_id.in_([user.id for user in hosts.values()]),
                Registration.accepts_meetings.is_(False),
            )
        ):
            for name, value in self._opt_in(registration.user.email, registration.status).items():
                setattr(registration, name, value)

    @staticmethod
    def _busy(event: Event, user: User) -> tuple[set, list[tuple[datetime, datetime]]]:
        """The days the head of post attends, and the times of the sessions on their
        agenda."""
        days = attended_days(user, event)
        ids = [row.session_id for row in agenda_rows(user, days, event, with_changes=False)]
        times = db.session.execute(
            select(Session.starts_at, Session.ends_at).where(Session.id.in_(ids))
        ).all()
        return set(days), [tuple(row) for row in times]

    @staticmethod
    def _free_slot(windows, number, partner, diplomat, busy, taken):
        days, sessions = busy[diplomat.id]
        for window in windows:
            slots = window.slots()
            turn = number % len(slots)
            for starts_at, ends_at in slots[turn:] + slots[:turn]:
                if (
                    starts_at.astimezone(story.BRUSSELS).date() not in days
                    or any(start < ends_at and starts_at < end for start, end in sessions)
                    or (partner.id, starts_at) in taken
                    or (diplomat.id, starts_at) in taken
                ):
                    continue
                for table in range(1, window.tables + 1):
                    if (window.id, starts_at, table) not in taken:
                        return window, starts_at, ends_at, table
        raise ValueError(
            f"no free slot for the demo meeting of {partner.email} and {diplomat.email}"
        )

    def documents(self, event: Event, users: dict[str, User]) -> None:
        """The briefing documents of `data.DOCUMENTS`, attached (and replaced, withdrawn)
        by the demo organizer through the documents' services, with the story's times; and
        the demo ambassador's earlier visits (`data.DOCUMENT_VISITS`). A document is looked
        up by session and English title; one that exists is left as it is."""
        db.session.flush()
        organizer = users[normalise_email(data.ORGANIZER["email"])]
        for item in data.DOCUMENTS:
            session = self._session_titled(event, item["session"])
            if find(Document, session_id=session.id, title_en=item["title"][0]):
                continue
            title_en, title_fr, title_nl = item["title"]
            details = document_services.DocumentDetails(
                title_en=title_en,
                title_fr=title_fr,
                title_nl=title_nl,
                language=FileLanguage(item["language"]),
                note=item["note"],
                participants_only=item.get("participants_only", False),
            )
            document = document_services.attach(
                session, self._upload(*item["file"]), details, organizer
            )
            uploaded = brussels(*item["uploaded"])
            document.created_at = document.changed_at = document.current.uploaded_at = uploaded
            if "later" in item:
                *file, when = item["later"]
                version = document_services.replace(document, self._upload(*file), organizer)
                document.changed_at = version.uploaded_at = brussels(*when)
            if "withdrawn" in item:
                document_services.withdraw(document, organizer)
                document.withdrawn_at = brussels(*item["withdrawn"])
            self.created["documents"] += 1
        ambassador = users[normalise_email(data.AMBASSADOR["email"])]
        for title, when in data.DOCUMENT_VISITS.items():
            session = self._session_titled(event, title)
            if db.session.get(DocumentVisit, (ambassador.id, session.id)) is None:
                self._add(
                    DocumentVisit(
                        user_id=ambassador.id, session_id=session.id, seen_at=brussels(*when)
                    ),
                    "document visits",
                )

    @staticmethod
    def _session_titled(event: Event, title_en: str) -> Session:
        return db.session.scalars(
            select(Session).where(Session.event_id == event.id, Session.title_en == title_en)
        ).one()

    @staticmethod
    def _upload(kind: str, filename: str, content) -> document_services.Upload:
        """A file of `samples`: a PDF (titled by its name) of lines, a Word document of
        paragraphs, a workbook of rows."""
        if kind == "pdf":
            made = samples.pdf(filename.rpartition(".")[0], content)
        else:
            made = getattr(samples, kind)(content)
        return document_services.Upload(io.BytesIO(made), filename)
