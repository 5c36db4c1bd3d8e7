"""Hostile input: random and malicious values posted to every form of the app.

Every POST route of `app.url_map` is reached through the page that shows its form (so a
new form is covered as soon as its route exists: a route missing from FORM_PAGES fails
`test_every_post_route_has_a_form_page`). The form's fields are read from the page's HTML
and filled by hypothesis with huge strings, control characters, NUL bytes, right-to-left
marks, HTML and script, SQL fragments, repeated fields, impossible dates and numbers that
overflow a database integer. Whatever comes in:

- the answer is never a 5xx;
- text typed as HTML never comes back unescaped, on the answer or on the pages showing
  the stored records;
- a refusal (a 4xx, or the form shown again with errors) leaves every table as it was;
- a request that changed nothing says why: a message on the form or a flash.
"""

import io
import itertools
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    Invitation,
    MailStatus,
    OutboxMail,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    User,
    Visibility,
    WindowStatus,
)

from .support import brussels
from .test_invitations import invite_through_service

pytestmark = pytest.mark.slow

PASSWORD = "correct horse battery"
# Examples per form: 10 keeps CI to a few minutes; EVENTAPP_HOSTILE_EXAMPLES=200 digs deeper.
EXAMPLES = int(os.environ.get("EVENTAPP_HOSTILE_EXAMPLES", "10"))

# What an attacker or a clumsy paste sends.
HOSTILE_VALUES = [
    "<script>alert('hx')</script>",
    '"><script>alert("hx")</script>',
    "<img src=x onerror=alert('hx')>",
    "</textarea><b id=hx>bold</b>",
    "javascript:alert('hx')",
    "'; DROP TABLE users; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(10)",
    "%",
    "_",
    "\\",
    "%(name)s %s {0}",
    "{{ 7*7 }}{% raw %}",
    "\u202egnp.exe\u202c",
    "\u200f\u200e\u061c\u2066\u2069",
    "\ufeff",
    "\x00",
    "a\x00b",
    "\r\n\r\nX-Injected: 1",
    "\x1b[31mred\x1b[0m",
    "\x07\x08\x0b\x0c\x7f\x85",
    "",
    " ",
    "\t\n",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "../../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "-1",
    "0",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "9" * 40,
    "-" + "9" * 40,
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "1_000",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\u00b2",  # superscript two: str.isdigit() says yes, int() says no
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "-0001-01-01",
    "2026-02-02T25:61",
    "2026-02-30T10:00",
    "99999-01-01T00:00",
    "24:00",
    "99:99",
    "-01:00",
    "\U0001f600" * 50,
    "e\u0301" * 100,
]

# Raw forms of the markup above: never in a page, whatever was stored.
RAW_MARKERS = ["<script>alert(", "<img src=x onerror", "<b id=hx>"]

NAMED_PAGES = {
    Role.ORGANIZER: [
        "organizer.sessions",
        "organizer.grid",
        "organizer.rooms",
        "organizer.organisations",
        "organizer.speakers",
        "organizer.documents",
        "organizer.attendees",
        "organizer.invitations",
        "organizer.audit_log",
        "organizer.event_settings",
        "programme.changes",
    ],
    Role.DIPLOMAT: ["invitations.registration", "programme.agenda", "programme.programme"],
    Role.PARTNER: ["partners.index"],
}


# Reading forms out of a page


@dataclass
class Control:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class HtmlForm:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)
    formactions: list[str] = field(default_factory=list)

    @property
    def has_file(self) -> bool:
        return any(control.kind == "file" for control in self.controls)


class FormParser(HTMLParser):
    """The <form>s of a page: their inputs, selects (with options), textareas, buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None
        self._option_without_value = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value if value is not None else "" for name, value in attrs}
        name = attributes.get("name")
        if tag == "form":
            self._form = HtmlForm(
                action=attributes.get("action", ""),
                method=attributes.get("method", "get").lower(),
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if "formaction" in attributes:
                self._form.formactions.append(attributes["formaction"])
            if name and kind not in ("submit", "image", "reset"):
                self._form.controls.append(
                    Control(name, kind, attributes.get("value", "on" if kind == "checkbox" else ""))
                )
        elif tag == "button":
            if "formaction" in attributes:
                self._form.formactions.append(attributes["formaction"])
            if name:
                self._form.controls.append(Control(name, "button", attributes.get("value", "")))
        elif tag == "select" and name:
            self._select = Control(name, "select", multiple="multiple" in attributes)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option_without_value = "value" not in attributes
            self._select.options.append(attributes.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea")
            self._form.controls.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option":
            self._option_without_value = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._select is not None and self._option_without_value:
            self._select.options[-1] += data


def forms_posting_to(page_html: str, page_url: str, target_path: str) -> list[HtmlForm]:
    parser = FormParser()
    parser.feed(page_html)
    found = []
    for form in parser.forms:
        if form.method != "post":
            continue
        for action in [form.action, *form.formactions]:
            if urlsplit(urljoin(page_url, action or page_url)).path == target_path:
                found.append(form)
                break
    return found


# Values


def _repeat(text: str, times: int) -> str:
    return text * times


impossible_date = st.builds(
    "{:04d}-{:02d}-{:02d}".format,
    st.integers(0, 99_999),
    st.integers(0, 99),
    st.integers(0, 99),
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=300),  # any code point, controls and NUL included
    st.builds(
        _repeat,
        st.sampled_from(["x", "é", "<b id=hx>", "\U0001f600", "\u202e", "' OR 1=1 --"]),
        st.sampled_from([41, 81, 101, 121, 201, 255, 301, 1001, 2001, 5001, 100_000]),
    ),
    st.integers().map(str),
    st.floats().map(str),
    impossible_date,
)


def plausible(kind: str):
    """Values a person would type in this kind of field: they let forms get through."""
    if kind == "email":
        return st.integers(0, 10**6).map("person{}@example.org".format)
    if kind == "password":
        return st.just(PASSWORD)
    if kind == "tel":
        return st.sampled_from(["+32 478 12 34 56", "+254 20 123 4567", "0478 12 34 56"])
    if kind == "number":
        return st.integers(-10, 2000).map(str)
    if kind == "date":
        return st.dates(date(2026, 1, 1), date(2026, 3, 1)).map(date.isoformat)
    if kind == "time":
        return st.times().map(lambda value: value.strftime("%H:%M"))
    if kind == "datetime-local":
        return st.datetimes(datetime(2026, 1, 25), datetime(2026, 2, 10)).map(
            lambda value: value.strftime("%Y-%m-%dT%H:%M")
        )
    return st.text(min_size=1, max_size=40)


hostile_file = st.tuples(
    st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(
            [
                b"",
                b"\x00" * 100,
                b"\xff\xfe\x00<\x00s\x00",
                "first name,last name,e-mail,function,post city,post country,region,language\n"
                "<script>alert('hx')</script>,'; DROP TABLE users; --,a@b.c,ambassador,"
                "\u202eNairobi,Kenya,africa,en\n".encode(),
                b'{"format": 999, "sessions": [{"title_en": "<script>alert(1)</script>"}]}',
                b'{"sessions": "' + b"x" * 10_000 + b'"}',
                b"[" * 5000,
            ]
        ),
    ),
    st.sampled_from(["x.csv", "x.json", "x.txt", "x.exe", "<b id=hx>.csv", "../../x.json", ""]),
)


def one_of_offered(offered: list[str]):
    """One of the values the page offers. Drawn as an index, so the draw is the same
    whatever the number of options (hypothesis replays examples on a database that
    earlier examples have added to)."""
    return st.integers(0, 255).map(lambda index: offered[index % len(offered)] if offered else "")


def values_for(control_group: list[Control]):
    """A strategy for the values one field name is posted with: a list, maybe empty."""
    first = control_group[0]
    kind = first.kind
    if first.name == "csrf_token":
        return st.just([first.value])
    if kind == "file":
        return st.one_of(st.just([]), hostile_file.map(lambda file: [file]))
    offered = [control.value for control in control_group] if kind != "select" else first.options
    if kind in ("checkbox", "radio", "button") or (kind == "select" and first.multiple):
        choice = one_of_offered(offered)
        return st.lists(st.one_of(choice, choice, hostile_text), max_size=4)
    if kind == "select":
        one = one_of_offered(offered)
    elif kind == "hidden":
        one = st.one_of(st.just(first.value), hostile_text)
    else:
        one = st.one_of(st.just(first.value), plausible(kind), hostile_text)
    return st.one_of(
        one.map(lambda value: [value]),
        one.map(lambda value: [value]),
        st.just([]),  # left out
        st.lists(one, min_size=2, max_size=3),  # sent twice: a list where one is expected
    )


def form_data(form: HtmlForm):
    groups: dict[str, list[Control]] = {}
    for control in form.controls:
        groups.setdefault(control.name, []).append(control)
    return st.fixed_dictionaries(
        {name: values_for(group) for name, group in groups.items()},
        optional={
            "unexpected": st.dictionaries(
                st.text(min_size=1, max_size=20), hostile_text, max_size=2
            )
        },
    )


def to_request_data(chosen: dict) -> MultiDict:
    data = MultiDict()
    for name, values in chosen.items():
        if name == "unexpected":
            for key, value in values.items():
                data.add(key, value)
            continue
        for value in values:
            if isinstance(value, tuple):
                content, filename = value
                data.add(name, (io.BytesIO(content), filename))
            else:
                data.add(name, value)
    return data


def posted_texts(data: MultiDict) -> list[str]:
    return [value for value in data.values() if isinstance(value, str)]


# The world the forms act on


class World:
    """An edition with a room, an organisation, a speaker, an organizer and a registered
    diplomat; `fresh_*` make a new object for each example, so one example's success
    (a deleted draft, a used invitation link) does not leave the next one a 404."""

    def __init__(self, app, event, organizer, diplomat, create_user, create_session):
        self.app = app
        self.event = event
        self.organizer = organizer
        self.diplomat = diplomat
        self.create_user = create_user
        self.create_session = create_session
        self.counter = itertools.count(1)
        self.register(diplomat)

    def register(self, user: User, status=RegistrationStatus.REGISTERED) -> Registration:
        registration = Registration(
            event_id=self.event.id,
            user_id=user.id,
            status=status,
            arrival_at=brussels(1, 18),
            departure_at=brussels(6, 18),
            mobile_phone="+32478123456",
            consent_at=datetime.now(UTC),
            day_rows=[RegistrationDay(day=day) for day in self.event.days],
        )
        db.session.add(registration)
        db.session.commit()
        return registration

    def hour(self) -> datetime:
        # Each fresh session in its own hour of the week, so none clash with another.
        number = next(self.counter)
        return brussels(2 + number % 5, 0) + timedelta(minutes=10 * (number // 5 % 140))

    def fresh_session(self, **values):
        starts_at = self.hour()
        values.setdefault("visibility", Visibility.ATTENDEES)
        return self.create_session(
            title=f"Session {next(self.counter)}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=10),
            **values,
        )

    def fresh_draft(self):
        return self.fresh_session(status=SessionStatus.DRAFT)

    def only_draft(self):
        """A new draft, the only one: the page listing drafts keeps one field each."""
        for session in db.session.scalars(
            select(Session).where(Session.status == SessionStatus.DRAFT)
        ):
            session.status = SessionStatus.PUBLISHED
            session.first_published_at = session.starts_at
        db.session.commit()
        return self.fresh_draft()

    def fresh_signup_session(self, **values):
        return self.fresh_session(signup_required=True, capacity=50, **values)

    def signed_up(self, session):
        db.session.add(SignUp(session_id=session.id, user_id=self.diplomat.id))
        db.session.commit()
        return session

    def checked_in_at_door(self, session):
        from eventapp.models import SessionCheckIn

        db.session.add(SessionCheckIn(session_id=session.id, user_id=self.diplomat.id))
        db.session.commit()
        return session

    def fresh_registration(self) -> Registration:
        return self.register(self.create_user())

    def fresh_invitation_path(self) -> str:
        path = invite_through_service(
            self.app,
            self.event,
            self.organizer,
            email=f"invitee{next(self.counter)}@example.org",
        )
        outbox().clear()
        return path

    def fresh_invitation(self) -> Invitation:
        self.fresh_invitation_path()
        return db.session.scalars(select(Invitation).order_by(Invitation.id.desc())).first()

    def fresh_partner(self) -> User:
        """A registered partner representative (issue 21) of a new organisation."""
        from eventapp.models import PartnerProfile

        organisation = self.fresh_record("organisation")
        partner = self.create_user(role=Role.PARTNER)
        partner.partner_profile = PartnerProfile(
            event_id=self.event.id,
            organisation_id=organisation.id,
            function="Export director",
            mobile_phone="+32478123456",
            registered_at=datetime.now(UTC),
            consent_at=datetime.now(UTC),
        )
        db.session.commit()
        return partner

    def fresh_partner_invitation_path(self) -> str:
        from eventapp.partners import accounts
        from eventapp.partners.csv_import import PartnerInvitee

        tokens = []
        invitee = PartnerInvitee(
            first_name="Sofie",
            last_name="Claes",
            email=f"partner{next(self.counter)}@example.org",
            language="nl",
            organisation_id=self.fresh_record("organisation").id,
        )
        accounts.invite_partner(self.event, invitee, self.organizer, tokens.append)
        outbox().clear()
        return url_for("partners.registration_link", token=tokens[0])

    def fresh_record(self, kind: str):
        from eventapp.models import Organisation, OrganisationKind, Room, Speaker

        number = next(self.counter)
        record = {
            "room": lambda: Room(event_id=self.event.id, name=f"Room {number}", capacity=40),
            "organisation": lambda: Organisation(
                event_id=self.event.id, name=f"Org {number}", kind=OrganisationKind.OTHER
            ),
            "speaker": lambda: Speaker(event_id=self.event.id, name=f"Speaker {number}"),
        }[kind]()
        db.session.add(record)
        db.session.commit()
        return record

    def reset_path(self, client) -> str:
        client.post("/password/forgot", data={"email": self.diplomat.email})
        body = outbox()[-1].body
        outbox().clear()
        return re.search(r"https?://[^/\s]+(/password/reset/\S+)", body).group(1)


@dataclass
class FormPage:
    """Where a POST route's form is shown: the role that sees it, and how to open it."""

    role: Role | None  # None: anonymous
    # (world, client) -> (page url, target path, response of the page)
    open: object


def get_page(url_for_target, page=None):
    """The form is on the target's own page (GET), or on `page`."""

    def open_page(world, client):
        target = url_for_target(world)
        page_url = page(world, target) if page else target
        return page_url, urlsplit(target).path, client.get(page_url)

    return open_page


def posted_page(url, data, target):
    """The form is on the page a first POST answers (a review or preview step)."""

    def open_page(world, client):
        response = client.post(url(world) if callable(url) else url, data=data(world))
        return "/", target, response

    return open_page


def _bulk_review_data(world):
    return {"registration_ids": str(world.fresh_registration().id), "action": "confirm"}


def _import_preview_data(world):
    number = next(world.counter)
    content = (
        "first name,last name,e-mail,function,post city,post country,region,language\n"
        f"Ana,Silva,import{number}@example.org,ambassador,Lisbon,Portugal,europe,en\n"
    )
    return {"file": (io.BytesIO(content.encode()), "invitees.csv")}


def _switch_url(world):
    group = f"group-{next(world.counter)}"
    starts_at = world.hour()
    ends_at = starts_at + timedelta(minutes=10)
    current = world.fresh_signup_session(parallel_group=group)
    current.starts_at, current.ends_at = starts_at, ends_at
    wanted = world.fresh_signup_session(parallel_group=group)
    wanted.starts_at, wanted.ends_at = starts_at, ends_at
    db.session.commit()
    world.signed_up(current)
    return url_for("programme.switch", session_id=wanted.id, **{"from": current.id})


def organizer_page(endpoint, **args):
    return get_page(lambda world: url_for(endpoint, **{k: f(world) for k, f in args.items()}))


def _id(factory):
    return lambda world: factory(world).id


ORG, DIP, PARTNER = Role.ORGANIZER, Role.DIPLOMAT, Role.PARTNER


def _partner_import_preview_data(world):
    number = next(world.counter)
    organisation = world.fresh_record("organisation")
    content = (
        "email,first name,last name,language,organisation\n"
        f"partner-import{number}@example.org,Ana,Silva,en,{organisation.name}\n"
    )
    return {"file": (io.BytesIO(content.encode()), "partners.csv")}


def _failed_mail_id(world):
    mail = OutboxMail(
        recipient="failed@example.org",
        language="en",
        kind="invitation",
        subject="Invitation",
        body="Text\n",
        status=MailStatus.FAILED,
        attempts=3,
        last_error="550 no such mailbox",
    )
    db.session.add(mail)
    db.session.commit()
    return mail.id


def _door_staff_id(active: bool):
    def fresh(world):
        return world.create_user(role=Role.DOOR_STAFF, password=None, active=active).id

    return fresh


def _undo_check_in_data(world):
    from eventapp.models import CheckIn

    registration = world.fresh_registration()
    check_in = CheckIn(
        event_id=world.event.id, registration_id=registration.id, day=world.event.first_day
    )
    db.session.add(check_in)
    db.session.commit()
    return {"check_in_id": str(check_in.id)}


def _fresh_window(status):
    """A meeting window of its own hour (none overlap), with a room of its own."""

    def fresh(world):
        from eventapp.models import MeetingWindow

        room = world.fresh_record("room")
        starts_at = brussels(2 + next(world.counter) % 5, 0) + timedelta(
            hours=next(world.counter) % 23
        )
        window = MeetingWindow(
            event_id=world.event.id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=50),
            room_id=room.id,
            tables=2,
            status=status,
        )
        db.session.add(window)
        db.session.commit()
        return window.id

    return fresh


def _meeting_waiting_for_a_slot(world):
    """An accepted meeting without a slot (the auto-place page shows its form)."""
    from eventapp.models import Meeting, MeetingStatus

    partner = world.create_user(role=Role.PARTNER, password=None)
    meeting = Meeting(
        event_id=world.event.id,
        partner_id=partner.id,
        diplomat_id=world.diplomat.id,
        status=MeetingStatus.ACCEPTED,
        subject="Ports",
    )
    db.session.add(meeting)
    db.session.commit()
    return url_for("organizer.auto_place_meetings")


def _fresh_meeting(status, *, diplomat=None, partner=None):
    """A partner's request (or meeting) in a fresh open window: to the diplomat of the
    example (DIP pages), from the partner of the example (partner pages), else fresh
    people (an accepted meeting needs its people free at its slot)."""

    def fresh(world):
        from eventapp.models import Meeting, MeetingStatus, MeetingWindow

        window = db.session.get(MeetingWindow, _fresh_window(WindowStatus.OPEN)(world))
        people = {
            "diplomat": diplomat(world) if diplomat else world.register(world.create_user()).user,
            "partner": partner(world) if partner else world.fresh_partner(),
        }
        meeting = Meeting(
            event_id=world.event.id,
            partner_id=people["partner"].id,
            diplomat_id=people["diplomat"].id,
            status=status,
            subject="Ports",
            requested_windows=[window],
        )
        if status == MeetingStatus.PROPOSED:
            meeting.proposed_window_id = window.id
        if status == MeetingStatus.ACCEPTED:
            starts_at, ends_at = window.slots()[0]
            meeting.window_id, meeting.starts_at, meeting.ends_at = window.id, starts_at, ends_at
            meeting.table_number = 1
        db.session.add(meeting)
        db.session.commit()
        return meeting.id

    return fresh


def _accepting_diplomat_id(world):
    """A head of post who accepts requests, with an open window on their days."""
    registration = world.register(world.create_user())
    registration.accepts_meetings = True
    db.session.commit()
    _fresh_window(WindowStatus.OPEN)(world)
    return registration.user_id


def _meeting_page(endpoint, status, role):
    """The page of a fresh meeting (its own URL, or `<endpoint>`'s parent page)."""
    from eventapp.models import MeetingStatus

    mine = {"diplomat": lambda w: w.diplomat} if role == "diplomat" else {}
    if role == "partner":
        mine = {"partner": lambda w: w.partner}
    factory = _fresh_meeting(MeetingStatus(status), **mine)
    return get_page(lambda w: url_for(endpoint, meeting_id=factory(w)))


def _parent_page(world, target):
    return target.rsplit("/", 1)[0]


def _fresh_document(withdrawn=False):
    """A briefing document on a fresh session, of a file of its own (issue 22)."""

    def fresh(world):
        from eventapp.documents import samples, services
        from eventapp.models import FileLanguage

        number = next(world.counter)
        document = services.attach(
            world.fresh_session(),
            services.Upload(io.BytesIO(samples.pdf(f"Fact sheet {number}")), "Fact sheet.pdf"),
            services.DocumentDetails("Fact sheet", None, None, FileLanguage.EN, None, False),
            world.organizer,
        )
        if withdrawn:
            services.withdraw(document, world.organizer)
        return document.id

    return fresh


FORM_PAGES: dict[str, FormPage] = {
    "auth.login": FormPage(None, get_page(lambda w: url_for("auth.login"))),
    "auth.logout": FormPage(DIP, get_page(lambda w: url_for("auth.logout"), lambda w, t: "/")),
    "auth.forgot_password": FormPage(None, get_page(lambda w: url_for("auth.forgot_password"))),
    "auth.password_change": FormPage(DIP, get_page(lambda w: url_for("auth.password_change"))),
    "auth.reset_password_form": FormPage(None, None),  # needs the client: see open_form_page
    "calendar.reset_feed_link": FormPage(
        DIP, get_page(lambda w: url_for("calendar.reset_feed_link"))
    ),
    "invitations.invitation": FormPage(None, get_page(lambda w: w.fresh_invitation_path())),
    "invitations.decline": FormPage(
        None, get_page(lambda w: w.fresh_invitation_path() + "/decline")
    ),
    "invitations.registration": FormPage(
        DIP, get_page(lambda w: url_for("invitations.registration"))
    ),
    "invitations.cancel_registration": FormPage(
        DIP, get_page(lambda w: url_for("invitations.cancel_registration"))
    ),
    "main.set_language": FormPage(
        None, get_page(lambda w: url_for("main.set_language"), lambda w, t: "/")
    ),
    "programme.sign_up": FormPage(
        DIP,
        get_page(
            lambda w: url_for("programme.sign_up", session_id=w.fresh_signup_session().id),
            lambda w, target: target.rsplit("/", 1)[0],
        ),
    ),
    "programme.switch": FormPage(DIP, get_page(_switch_url)),
    "programme.cancel_sign_up": FormPage(
        DIP,
        get_page(
            lambda w: url_for(
                "programme.cancel_sign_up",
                session_id=w.signed_up(w.fresh_signup_session()).id,
            )
        ),
    ),
    "organizer.apply_bulk_attendees": FormPage(
        ORG,
        posted_page(
            "/organizer/attendees/bulk", _bulk_review_data, "/organizer/attendees/bulk/apply"
        ),
    ),
    "organizer.review_bulk_attendees": FormPage(
        ORG,
        get_page(
            lambda w: (w.fresh_registration(), url_for("organizer.review_bulk_attendees"))[1],
            lambda w, t: url_for("organizer.attendees"),
        ),
    ),
    "organizer.confirm_attendee": FormPage(
        ORG,
        get_page(
            lambda w: url_for(
                "organizer.confirm_attendee", registration_id=w.fresh_registration().id
            ),
            lambda w, target: target.rsplit("/", 1)[0],
        ),
    ),
    "organizer.reject_attendee": FormPage(
        ORG,
        organizer_page("organizer.reject_attendee", registration_id=_id(World.fresh_registration)),
    ),
    "organizer.reissue_badge": FormPage(
        ORG,
        organizer_page("organizer.reissue_badge", registration_id=_id(World.fresh_registration)),
    ),
    "organizer.confirm_import": FormPage(
        ORG,
        posted_page(
            "/organizer/invitations/import",
            _import_preview_data,
            "/organizer/invitations/import/confirm",
        ),
    ),
    "organizer.import_invitations": FormPage(ORG, organizer_page("organizer.import_invitations")),
    "organizer.import_programme": FormPage(
        ORG,
        get_page(
            lambda w: url_for("organizer.import_programme"),
            lambda w, t: url_for("organizer.exchange"),
        ),
    ),
    "organizer.new_invitation": FormPage(ORG, organizer_page("organizer.new_invitation")),
    "organizer.resend_invitation": FormPage(
        ORG,
        get_page(
            lambda w: url_for("organizer.resend_invitation", invitation_id=w.fresh_invitation().id),
            lambda w, t: url_for("organizer.invitations"),
        ),
    ),
    "organizer.revoke_invitation": FormPage(
        ORG,
        organizer_page("organizer.revoke_invitation", invitation_id=_id(World.fresh_invitation)),
    ),
    "organizer.new_door_staff": FormPage(ORG, organizer_page("organizer.new_door_staff")),
    "organizer.new_partner": FormPage(
        ORG,
        get_page(lambda w: (w.fresh_record("organisation"), url_for("organizer.new_partner"))[1]),
    ),
    "organizer.import_partners": FormPage(ORG, organizer_page("organizer.import_partners")),
    "organizer.confirm_partner_import": FormPage(
        ORG,
        posted_page(
            "/organizer/partners/import",
            _partner_import_preview_data,
            "/organizer/partners/import/confirm",
        ),
    ),
    "partners.registration_link": FormPage(
        None, get_page(lambda w: w.fresh_partner_invitation_path())
    ),
    "partners.profile": FormPage(PARTNER, get_page(lambda w: url_for("partners.profile"))),
    "organizer.deactivate_door_staff": FormPage(
        ORG, organizer_page("organizer.deactivate_door_staff", door_staff_id=_door_staff_id(True))
    ),
    "organizer.reactivate_door_staff": FormPage(
        ORG, organizer_page("organizer.reactivate_door_staff", door_staff_id=_door_staff_id(False))
    ),
    "organizer.event_settings": FormPage(ORG, organizer_page("organizer.event_settings")),
    "organizer.meeting_limits": FormPage(
        ORG,
        get_page(
            lambda w: url_for("organizer.meeting_limits"),
            lambda w, t: url_for("organizer.meeting_windows"),
        ),
    ),
    "organizer.new_meeting_window": FormPage(ORG, organizer_page("organizer.new_meeting_window")),
    "organizer.edit_meeting_window": FormPage(
        ORG,
        organizer_page(
            "organizer.edit_meeting_window", window_id=_fresh_window(WindowStatus.DRAFT)
        ),
    ),
    "organizer.meeting_window_action": FormPage(
        ORG,
        organizer_page(
            "organizer.meeting_window_action",
            window_id=_fresh_window(WindowStatus.OPEN),
            action=lambda w: "close",
        ),
    ),
    "organizer.auto_place_meetings": FormPage(ORG, get_page(_meeting_waiting_for_a_slot)),
    # Bilateral meetings: a head of post's answers, a partner's requests, organizers'
    # actions on one meeting.
    "meetings.accept": FormPage(
        DIP,
        get_page(
            lambda w: url_for(
                "meetings.accept",
                meeting_id=_fresh_meeting("requested", diplomat=lambda w: w.diplomat)(w),
            ),
            _parent_page,
        ),
    ),
    "meetings.decline": FormPage(DIP, _meeting_page("meetings.decline", "requested", "diplomat")),
    "meetings.propose": FormPage(DIP, _meeting_page("meetings.propose", "requested", "diplomat")),
    "meetings.cancel": FormPage(DIP, _meeting_page("meetings.cancel", "accepted", "diplomat")),
    "partners.request_meeting": FormPage(
        Role.PARTNER,
        get_page(
            lambda w: url_for("partners.request_meeting", diplomat_id=_accepting_diplomat_id(w))
        ),
    ),
    "partners.accept_proposal": FormPage(
        Role.PARTNER, _meeting_page("partners.accept_proposal", "proposed", "partner")
    ),
    "partners.withdraw": FormPage(
        Role.PARTNER, _meeting_page("partners.withdraw", "requested", "partner")
    ),
    "partners.cancel_meeting": FormPage(
        Role.PARTNER, _meeting_page("partners.cancel_meeting", "accepted", "partner")
    ),
    "organizer.place_meeting": FormPage(
        ORG,
        get_page(
            lambda w: url_for("organizer.place_meeting", meeting_id=_fresh_meeting("accepted")(w)),
            _parent_page,
        ),
    ),
    "organizer.cancel_meeting": FormPage(
        ORG, _meeting_page("organizer.cancel_meeting", "accepted", None)
    ),
    "organizer.book_meeting": FormPage(
        ORG,
        get_page(lambda w: (w.fresh_partner(), url_for("organizer.book_meeting"))[1]),
    ),
    "door.check_in": FormPage(
        ORG, get_page(lambda w: url_for("door.check_in"), lambda w, t: url_for("door.index"))
    ),
    "door.undo": FormPage(ORG, posted_page("/door/undo", _undo_check_in_data, "/door/undo")),
    "organizer.new_session": FormPage(ORG, organizer_page("organizer.new_session")),
    # Briefing documents, organizer pages (issue 22).
    "organizer.new_document": FormPage(
        ORG, organizer_page("organizer.new_document", session_id=_id(World.fresh_session))
    ),
    "organizer.edit_document": FormPage(
        ORG, organizer_page("organizer.edit_document", document_id=_fresh_document())
    ),
    "organizer.new_document_version": FormPage(
        ORG, organizer_page("organizer.new_document_version", document_id=_fresh_document())
    ),
    "organizer.withdraw_document": FormPage(
        ORG, organizer_page("organizer.withdraw_document", document_id=_fresh_document())
    ),
    "organizer.restore_document": FormPage(
        ORG,
        get_page(
            lambda w: url_for(
                "organizer.restore_document", document_id=_fresh_document(withdrawn=True)(w)
            ),
            _parent_page,
        ),
    ),
    "organizer.new_message": FormPage(ORG, organizer_page("organizer.new_message")),
    "organizer.resend_mail": FormPage(
        ORG, organizer_page("organizer.resend_mail", mail_id=_failed_mail_id)
    ),
    "organizer.edit_session": FormPage(
        ORG, organizer_page("organizer.edit_session", session_id=_id(World.fresh_session))
    ),
    "organizer.cancel_session": FormPage(
        ORG, organizer_page("organizer.cancel_session", session_id=_id(World.fresh_session))
    ),
    "organizer.move_session": FormPage(
        ORG, organizer_page("organizer.move_session", session_id=_id(World.fresh_session))
    ),
    "organizer.delete_session": FormPage(
        ORG, organizer_page("organizer.delete_session", session_id=_id(World.fresh_draft))
    ),
    "organizer.publish_session": FormPage(
        ORG,
        get_page(
            lambda w: url_for("organizer.publish_session", session_id=w.fresh_draft().id),
            lambda w, target: target.rsplit("/", 1)[0],
        ),
    ),
    "organizer.publish_drafts": FormPage(
        ORG, get_page(lambda w: (w.only_draft(), url_for("organizer.publish_drafts"))[1])
    ),
    "organizer.release_places": FormPage(
        ORG,
        organizer_page(
            "organizer.release_places",
            session_id=lambda w: w.signed_up(w.fresh_signup_session()).id,
        ),
    ),
    "organizer.session_check_in": FormPage(
        ORG,
        get_page(
            lambda w: url_for(
                "organizer.session_check_in",
                session_id=w.signed_up(w.fresh_signup_session()).id,
                user_id=w.diplomat.id,
            ),
            lambda w, target: target.rsplit("/", 2)[0],
        ),
    ),
    "organizer.undo_session_check_in": FormPage(
        ORG,
        get_page(
            lambda w: url_for(
                "organizer.undo_session_check_in",
                session_id=w.checked_in_at_door(w.signed_up(w.fresh_signup_session())).id,
                user_id=w.diplomat.id,
            ),
            lambda w, target: target.rsplit("/", 2)[0],
        ),
    ),
}
for _kind in ("room", "organisation", "speaker"):
    FORM_PAGES[f"organizer.new_{_kind}"] = FormPage(ORG, organizer_page(f"organizer.new_{_kind}"))
    for _action in ("edit", "delete"):
        FORM_PAGES[f"organizer.{_action}_{_kind}"] = FormPage(
            ORG,
            organizer_page(
                f"organizer.{_action}_{_kind}",
                **{f"{_kind}_id": lambda w, kind=_kind: w.fresh_record(kind).id},
            ),
        )

# Pages that are a step, not a refusal, when nothing was written: no message expected.
STEPS_THAT_WRITE_NOTHING = {
    "main.set_language",
    "auth.logout",
    "organizer.review_bulk_attendees",
    "organizer.import_invitations",
    "organizer.import_partners",
    "organizer.new_message",  # the preview
    "door.undo",  # the confirmation asked again
}


def post_routes(app) -> list[str]:
    return sorted(
        {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and rule.endpoint != "static"
        }
    )


def _post_endpoints() -> list[str]:
    app = make_app_for_collection()
    return post_routes(app)


def make_app_for_collection():
    from eventapp import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


POST_ENDPOINTS = _post_endpoints()


@pytest.fixture
def app_overrides():
    # The limits have their own tests; here they would only stop the examples early.
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def world(app, event, organizer, diplomat, create_user, create_session):
    return World(app, event, organizer, diplomat, create_user, create_session)


def snapshot() -> dict[str, list]:
    tables = {}
    for table in db.metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        tables[table.name] = [tuple(row) for row in db.session.execute(query)]
    db.session.rollback()
    return tables


def stored_texts(before: dict, after: dict) -> list[str]:
    """Strings in rows that the request added or changed."""
    texts = []
    for name, rows in after.items():
        old = set(map(repr, before.get(name, [])))
        for row in rows:
            if repr(row) not in old:
                texts.extend(value for value in row if isinstance(value, str))
    return texts


def shows_a_message(body: str) -> bool:
    return any(
        mark in body for mark in ('class="field__errors"', 'class="form-summary"', 'class="flash')
    )


def assert_no_raw_markup(body: str, posted: list[str], baseline: str, where: str):
    for marker in RAW_MARKERS:
        assert marker not in body, f"unescaped {marker!r} in {where}"
    for value in posted:
        if re.search(r"<[A-Za-z!/]", value) and len(value) > 3 and value not in baseline:
            assert value not in body, f"posted markup {value[:80]!r} shown unescaped in {where}"


def login_client(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, "login failed"


def follow(client, response, limit=4):
    pages = []
    while response.status_code in (301, 302, 303) and limit:
        location = urlsplit(response.headers["Location"])
        if location.netloc and location.netloc not in ("localhost", "test.eventapp.local"):
            break
        response = client.get(location.path + (f"?{location.query}" if location.query else ""))
        pages.append(response)
        limit -= 1
    return pages


def test_every_post_route_has_a_form_page(app):
    missing = [endpoint for endpoint in post_routes(app) if endpoint not in FORM_PAGES]
    assert not missing, f"add these POST routes to FORM_PAGES in {__name__}: {missing}"


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_hostile_values_posted_to_the_form(endpoint, app, world):
    if endpoint not in FORM_PAGES:
        pytest.fail(f"add {endpoint} to FORM_PAGES")
    page = FORM_PAGES[endpoint]
    logged_in = app.test_client()
    if page.role == Role.ORGANIZER:
        login_client(logged_in, world.organizer)

    def open_form(client):
        with app.test_request_context():
            if endpoint == "auth.reset_password_form":
                target = world.reset_path(client)
                return target, target, client.get(target)
            return page.open(world, client)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=st.data())
    def post_hostile_values(data):
        if page.role == Role.DIPLOMAT:
            # A diplomat of their own per example: one example's cancelled registration
            # or changed password does not change what the next one sees.
            world.diplomat = world.create_user()
            world.register(world.diplomat)
            client = app.test_client()
            login_client(client, world.diplomat)
        elif page.role == Role.PARTNER:
            # A partner of their own per example, as for diplomats (`world.partner`: the
            # meeting pages give them a meeting).
            world.partner = world.fresh_partner()
            client = app.test_client()
            login_client(client, world.partner)
        else:
            client = logged_in if page.role == Role.ORGANIZER else app.test_client()
        page_url, target, shown = open_form(client)
        assert shown.status_code == 200, f"{page_url} answered {shown.status_code}"
        baseline = shown.get_data(as_text=True)
        forms = forms_posting_to(baseline, page_url, target)
        assert forms, f"no form posting to {target} on {page_url}"
        form = forms[data.draw(st.integers(0, 7), label="form") % len(forms)]
        request_data = to_request_data(data.draw(form_data(form), label="values"))
        posted = posted_texts(request_data)

        before = snapshot()
        response = client.post(target, data=request_data)
        body = response.get_data(as_text=True)
        assert response.status_code < 500, f"{response.status_code} for {posted!r}"[:2000]
        after = snapshot()
        assert_no_raw_markup(body, posted, baseline, target)

        refused = response.status_code >= 400 or (
            response.status_code == 200 and 'class="field__errors"' in body
        )
        if refused:
            assert after == before, f"refused ({response.status_code}) but wrote to the database"

        followed = follow(client, response)
        for next_page in followed:
            assert next_page.status_code < 500
            assert_no_raw_markup(next_page.get_data(as_text=True), posted, baseline, "next page")
        last = followed[-1] if followed else response
        if after == before and endpoint not in STEPS_THAT_WRITE_NOTHING:
            assert last.status_code >= 400 or shows_a_message(last.get_data(as_text=True)), (
                f"nothing written and no message for {posted!r}"[:2000]
            )

        if any("<" in text for text in stored_texts(before, after)) and page.role is not None:
            with app.test_request_context():
                urls = [url_for(name) for name in NAMED_PAGES[page.role]]
            for url in urls:
                shown = client.get(url)
                assert shown.status_code < 500
                assert_no_raw_markup(shown.get_data(as_text=True), posted, "", url)

    post_hostile_values()


# Markup typed into forms is stored as typed and shown as text.

MARKUP = "<script>alert('hx')</script><b id=hx>bold</b>"


def test_markup_in_a_room_name_is_shown_escaped(client, login, organizer, event):
    login(organizer)
    response = client.post(
        "/organizer/rooms/new", data={"name": MARKUP, "capacity": "10", "notes": MARKUP}
    )
    assert response.status_code == 302
    page = client.get("/organizer/rooms").get_data(as_text=True)
    assert str(escape(MARKUP)) in page
    assert "<b id=hx>" not in page and "<script>alert" not in page


def test_markup_in_a_session_title_is_shown_escaped(client, login, organizer, create_session):
    session = create_session(title=MARKUP, description_en=MARKUP)
    login(organizer)
    for url in ("/organizer/sessions", f"/organizer/sessions/{session.id}", "/programme"):
        page = client.get(url).get_data(as_text=True)
        assert str(escape(MARKUP)) in page, url
        assert "<b id=hx>" not in page and "<script>alert" not in page, url


def test_markup_in_a_diplomats_remarks_is_shown_escaped_to_organizers(
    client, login, organizer, world
):
    registration = world.fresh_registration()
    registration.remarks = MARKUP
    registration.user.first_name = MARKUP
    db.session.commit()
    login(organizer)
    for url in ("/organizer/attendees", f"/organizer/attendees/{registration.id}"):
        page = client.get(url).get_data(as_text=True)
        assert str(escape(MARKUP)) in page, url
        assert "<b id=hx>" not in page and "<script>alert" not in page, url


@pytest.mark.parametrize(
    "field, value",
    [
        ("capacity", "9" * 30),
        ("capacity", "-5"),
        ("capacity", "2147483648"),
        ("name", "x" * 121),
        ("name", "\x00"),
    ],
)
def test_out_of_range_room_values_are_refused_on_the_form(
    client, login, organizer, event, field, value
):
    login(organizer)
    data = {"name": "Salle", "capacity": "10", "notes": ""}
    data[field] = value
    before = snapshot()
    response = client.post("/organizer/rooms/new", data=data)
    assert response.status_code == 200
    assert 'class="field__errors"' in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_diplomats_switch_to_an_impossible_session_id_is_refused(client, login, world):
    current = world.signed_up(world.fresh_signup_session(parallel_group="g"))
    wanted = world.fresh_signup_session(parallel_group="g")
    login(world.diplomat)
    response = client.post(f"/sessions/{wanted.id}/switch", data={"current_session_id": "9" * 30})
    assert response.status_code == 302
    assert (
        db.session.scalar(select(SignUp.status).where(SignUp.session_id == current.id))
        == SignUpStatus.CONFIRMED
    )


def test_bulk_review_with_non_ascii_digits_selects_nobody(client, login, organizer, world):
    registration = world.fresh_registration()
    login(organizer)
    for value in ("\u00b2", "\u0661", "9" * 30):
        response = client.post(
            "/organizer/attendees/bulk",
            data={"registration_ids": [value], "action": "confirm"},
            follow_redirects=True,
        )
        assert response.status_code == 200, value
        assert "Tick at least one attendee." in response.get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.REGISTERED


def test_an_id_too_large_for_the_database_is_not_found(client, login, organizer, event):
    login(organizer)
    huge = "9" * 30
    for url in (f"/sessions/{huge}", f"/sessions/{huge}.ics", f"/organizer/sessions/{huge}/edit"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/sessions/{2**31}").status_code == 404


def test_publish_all_with_tampered_ids_publishes_nothing(client, login, organizer, world):
    draft = world.fresh_draft()
    login(organizer)
    for value in ("\u00b2", "\u0661", "9" * 30, "-1"):
        response = client.post("/organizer/publish", data={"session_ids-0": value})
        assert response.status_code < 500, value
    db.session.refresh(draft)
    assert draft.status == SessionStatus.DRAFT
