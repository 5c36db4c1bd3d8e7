"""Who gets in where: every route of the app, every method, six visitors.

Each (endpoint, method) of `app.url_map` is requested by an anonymous visitor, by
diplomat A, by diplomat B (with A's ids: A's registration, invitation, session, feed),
by an organizer, by door staff and by a partner representative, in a fresh world, and
the answers are compared with the table below. A route that is not in the table fails
`test_every_route_is_in_the_table`: a new route is covered as soon as it exists. POSTs
carry empty forms (CSRF is off here; tests/test_csrf.py proves it separately): the point
is who gets in, not the form.
"""

import io
from dataclasses import dataclass
from datetime import date

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from eventapp.calendar import services as calendar
from eventapp.documents import samples
from eventapp.documents import services as documents
from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    FileLanguage,
    GroupMessage,
    GroupMessageRecipient,
    Invitation,
    Meeting,
    MeetingWindow,
    Organisation,
    OrganisationKind,
    OutboxMail,
    PartnerProfile,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SignUp,
    Speaker,
    Visibility,
    WindowStatus,
)
from eventapp.signups import services as signups

from .conftest import empty_all_tables
from .support import brussels
from .test_invitations import invite_through_service

# Outcomes. An int is the status code; LOGIN a redirect to the login page; MOVED a
# redirect anywhere else (a POST that did what it was asked, a page that sends on).
LOGIN = "login"
MOVED = "moved"

# (anonymous, diplomat A, diplomat B on A's things, organizer, door staff, partner). Door
# staff get the door's pages, partner representatives their own (meetings, directory),
# both their account and what an anonymous visitor gets; any other page a login opens
# answers them 403 (eventapp/access.py). An empty POST to an edit
# form saves the record unchanged (Flask-WTF reads an empty body as "no form sent" and
# the form keeps the record's values), hence MOVED for some organizer POSTs.
EVERYONE = (200, 200, 200, 200, 200, 200)
ORGANIZERS = (LOGIN, 403, 403, 200, 403, 403)
ORGANIZER_ACTION = (LOGIN, 403, 403, MOVED, 403, 403)
DIPLOMATS = (LOGIN, 200, 200, 403, 403, 403)

EXPECTED = {
    # Public pages and the machinery around them.
    ("main.home", "GET"): EVERYONE,
    ("main.favicon", "GET"): (301, 301, 301, 301, 301, 301),
    ("main.healthz", "GET"): EVERYONE,
    ("main.set_language", "POST"): (400, 400, 400, 400, 400, 400),
    ("static", "GET"): EVERYONE,
    # Accounts.
    ("auth.login", "GET"): (200, MOVED, MOVED, MOVED, MOVED, MOVED),
    ("auth.login", "POST"): (200, MOVED, MOVED, MOVED, MOVED, MOVED),
    ("auth.logout", "POST"): (LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED),
    ("auth.password_change", "GET"): (LOGIN, 200, 200, 200, 200, 200),
    ("auth.password_change", "POST"): (LOGIN, 200, 200, 200, 200, 200),
    ("auth.forgot_password", "GET"): EVERYONE,
    ("auth.forgot_password", "POST"): EVERYONE,
    ("auth.reset_password_form", "GET"): (404, 404, 404, 404, 404, 404),
    ("auth.reset_password_form", "POST"): (404, 404, 404, 404, 404, 404),
    # Calendars: the personal feed's link is its key (A's link works for whoever has it).
    ("calendar.programme_feed", "GET"): EVERYONE,
    ("calendar.personal_feed", "GET"): EVERYONE,
    ("calendar.session_download", "GET"): (404, 200, 404, 200, 404, 404),
    # Briefing documents (eventapp/documents): A's session's, for its participants only.
    ("documents.download", "GET"): (404, 200, 404, 200, 404, 404),
    # The briefing pack (helper C): diplomats' own; B has nothing to read (back to the
    # agenda); organizers read documents on the sessions' pages; door staff and partners
    # are kept to their areas (eventapp/access.py).
    ("documents.briefing_pack", "GET"): (LOGIN, 200, MOVED, 403, 403, 403),
    # Diplomats and partner representatives reset their own link (each has a feed).
    ("calendar.reset_feed_link", "GET"): (LOGIN, 200, 200, 404, 403, 200),
    ("calendar.reset_feed_link", "POST"): (LOGIN, MOVED, MOVED, 404, 403, MOVED),
    # Invitations and the diplomat's own registration (no id: each sees their own).
    ("invitations.invitation", "GET"): (404, 404, 404, 404, 403, 403),
    ("invitations.invitation", "POST"): (404, 404, 404, 404, 403, 403),
    ("invitations.decline", "GET"): (404, 404, 404, 404, 403, 403),
    ("invitations.decline", "POST"): (404, 404, 404, 404, 403, 403),
    ("invitations.registration", "GET"): DIPLOMATS,
    ("invitations.registration", "POST"): (LOGIN, 200, 200, 403, 403, 403),
    ("invitations.cancel_registration", "GET"): DIPLOMATS,
    ("invitations.cancel_registration", "POST"): (LOGIN, MOVED, MOVED, 403, 403, 403),
    # The programme. A's session is invited-only for A: B and anonymous get 404.
    ("programme.programme", "GET"): EVERYONE,
    ("programme.changes", "GET"): EVERYONE,  # each sees changes to what they may see
    ("programme.agenda", "GET"): (LOGIN, 200, 200, 200, 403, 403),  # organizers: a pointer
    ("programme.session", "GET"): (404, 200, 404, 200, 404, 404),
    ("programme.sign_up", "POST"): (LOGIN, MOVED, 404, MOVED, 403, 403),
    ("programme.cancel_sign_up", "GET"): (LOGIN, 200, 404, MOVED, 403, 403),
    ("programme.cancel_sign_up", "POST"): (LOGIN, MOVED, 404, MOVED, 403, 403),
    ("programme.switch", "GET"): (LOGIN, MOVED, 404, MOVED, 403, 403),
    ("programme.switch", "POST"): (LOGIN, MOVED, 404, MOVED, 403, 403),
    # The palace door: door staff and organizers.
    ("door.index", "GET"): (LOGIN, 403, 403, 200, 200, 403),
    ("door.search", "GET"): (LOGIN, 403, 403, 200, 200, 403),
    ("door.check_in", "POST"): (LOGIN, 403, 403, 400, 400, 403),  # no code, nobody picked
    ("door.undo", "POST"): (LOGIN, 403, 403, 404, 404, 403),  # no check-in named
    # Partner representatives' pages: partners only.
    ("partners.index", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.agenda", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.directory", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.profile", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.profile", "POST"): (LOGIN, 403, 403, 403, 403, 200),  # the form again
    # The partner's invitation link: open to a logged-out person (this token is nobody's).
    ("partners.registration_link", "GET"): (404, 404, 404, 404, 403, 404),
    ("partners.registration_link", "POST"): (404, 404, 404, 404, 403, 404),
    # A partner's requests (the world's partner asked A; a POST with no fields: the form
    # again, or a step the services refuse or take, then back to their page).
    ("partners.request_meeting", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.request_meeting", "POST"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.accept_proposal", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.accept_proposal", "POST"): (LOGIN, 403, 403, 403, 403, MOVED),
    ("partners.withdraw", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.withdraw", "POST"): (LOGIN, 403, 403, 403, 403, MOVED),
    ("partners.cancel_meeting", "GET"): (LOGIN, 403, 403, 403, 403, 200),
    ("partners.cancel_meeting", "POST"): (LOGIN, 403, 403, 403, 403, 200),  # no reason
    # A head of post's answers: their own requests only (B gets 404).
    ("meetings.show", "GET"): (LOGIN, 200, 404, 403, 403, 403),
    ("meetings.accept", "POST"): (LOGIN, 400, 404, 403, 403, 403),  # no time chosen
    ("meetings.decline", "GET"): (LOGIN, 200, 404, 403, 403, 403),
    ("meetings.decline", "POST"): (LOGIN, MOVED, 404, 403, 403, 403),
    ("meetings.propose", "GET"): (LOGIN, 200, 404, 403, 403, 403),
    ("meetings.propose", "POST"): (LOGIN, 200, 404, 403, 403, 403),  # no window chosen
    ("meetings.cancel", "GET"): (LOGIN, 200, 404, 403, 403, 403),
    ("meetings.cancel", "POST"): (LOGIN, 200, 404, 403, 403, 403),  # no reason
    # The organizer area: organizers only, whatever the page.
    ("organizer.index", "GET"): (LOGIN, 403, 403, MOVED, 403, 403),
    ("organizer.grid", "GET"): ORGANIZERS,
    ("organizer.sessions", "GET"): ORGANIZERS,
    ("organizer.session_detail", "GET"): ORGANIZERS,
    ("organizer.new_session", "GET"): ORGANIZERS,
    ("organizer.new_session", "POST"): ORGANIZERS,
    ("organizer.edit_session", "GET"): ORGANIZERS,
    ("organizer.edit_session", "POST"): ORGANIZERS,
    ("organizer.move_session", "GET"): ORGANIZERS,
    ("organizer.move_session", "POST"): ORGANIZERS,  # the form again, with its errors
    ("organizer.duplicate_session", "GET"): ORGANIZERS,
    ("organizer.cancel_session", "GET"): ORGANIZERS,
    ("organizer.cancel_session", "POST"): ORGANIZER_ACTION,
    ("organizer.delete_session", "GET"): ORGANIZERS,
    ("organizer.delete_session", "POST"): ORGANIZER_ACTION,
    ("organizer.publish_session", "POST"): ORGANIZER_ACTION,
    ("organizer.publish_drafts", "GET"): ORGANIZERS,
    ("organizer.publish_drafts", "POST"): ORGANIZER_ACTION,
    ("organizer.session_signups", "GET"): ORGANIZERS,
    ("organizer.session_signups_csv", "GET"): ORGANIZERS,
    ("organizer.release_places", "GET"): ORGANIZERS,
    ("organizer.release_places", "POST"): ORGANIZER_ACTION,
    ("organizer.session_check_in", "POST"): ORGANIZER_ACTION,
    ("organizer.undo_session_check_in", "POST"): ORGANIZER_ACTION,
    ("organizer.arrivals", "GET"): ORGANIZERS,
    ("organizer.arrivals_live", "GET"): ORGANIZERS,
    ("organizer.export_arrivals", "GET"): ORGANIZERS,
    ("organizer.rooms", "GET"): ORGANIZERS,
    ("organizer.new_room", "GET"): ORGANIZERS,
    ("organizer.new_room", "POST"): ORGANIZERS,
    ("organizer.edit_room", "GET"): ORGANIZERS,
    ("organizer.edit_room", "POST"): ORGANIZERS,
    ("organizer.delete_room", "GET"): ORGANIZERS,
    ("organizer.delete_room", "POST"): ORGANIZER_ACTION,
    ("organizer.organisations", "GET"): ORGANIZERS,
    ("organizer.new_organisation", "GET"): ORGANIZERS,
    ("organizer.new_organisation", "POST"): ORGANIZERS,
    ("organizer.edit_organisation", "GET"): ORGANIZERS,
    ("organizer.edit_organisation", "POST"): ORGANIZER_ACTION,
    ("organizer.delete_organisation", "GET"): ORGANIZERS,
    ("organizer.delete_organisation", "POST"): ORGANIZER_ACTION,
    ("organizer.speakers", "GET"): ORGANIZERS,
    ("organizer.new_speaker", "GET"): ORGANIZERS,
    ("organizer.new_speaker", "POST"): ORGANIZERS,
    ("organizer.edit_speaker", "GET"): ORGANIZERS,
    ("organizer.edit_speaker", "POST"): ORGANIZER_ACTION,
    ("organizer.delete_speaker", "GET"): ORGANIZERS,
    ("organizer.delete_speaker", "POST"): ORGANIZER_ACTION,
    ("organizer.exchange", "GET"): ORGANIZERS,
    ("organizer.export_json", "GET"): ORGANIZERS,
    ("organizer.export_csv", "GET"): ORGANIZERS,
    ("organizer.import_programme", "POST"): (LOGIN, 403, 403, 400, 403, 403),  # no file
    ("organizer.invitations", "GET"): ORGANIZERS,
    ("organizer.new_invitation", "GET"): ORGANIZERS,
    ("organizer.new_invitation", "POST"): ORGANIZERS,
    ("organizer.import_invitations", "GET"): ORGANIZERS,
    ("organizer.import_invitations", "POST"): (LOGIN, 403, 403, 400, 403, 403),  # no file
    ("organizer.confirm_import", "POST"): ORGANIZER_ACTION,
    ("organizer.resend_invitation", "POST"): ORGANIZER_ACTION,
    ("organizer.revoke_invitation", "GET"): ORGANIZERS,
    ("organizer.revoke_invitation", "POST"): ORGANIZER_ACTION,
    ("organizer.attendees", "GET"): ORGANIZERS,
    ("organizer.attendee", "GET"): ORGANIZERS,
    ("organizer.export_attendees", "GET"): ORGANIZERS,
    ("organizer.confirm_attendee", "POST"): ORGANIZER_ACTION,
    ("organizer.reject_attendee", "GET"): ORGANIZERS,
    ("organizer.reject_attendee", "POST"): ORGANIZER_ACTION,
    ("organizer.review_bulk_attendees", "POST"): ORGANIZER_ACTION,
    ("organizer.apply_bulk_attendees", "POST"): ORGANIZER_ACTION,
    ("organizer.attendee_badge", "GET"): ORGANIZERS,  # A's badge, a PDF
    ("organizer.attendee_badges", "GET"): ORGANIZERS,
    ("organizer.reissue_badge", "GET"): ORGANIZERS,
    ("organizer.reissue_badge", "POST"): ORGANIZER_ACTION,
    ("organizer.audit_log", "GET"): ORGANIZERS,
    ("organizer.messages_page", "GET"): ORGANIZERS,
    ("organizer.mail_detail", "GET"): ORGANIZERS,
    ("organizer.resend_mail", "GET"): ORGANIZERS,
    ("organizer.resend_mail", "POST"): ORGANIZER_ACTION,
    ("organizer.group_messages", "GET"): ORGANIZERS,
    ("organizer.group_message", "GET"): ORGANIZERS,
    ("organizer.new_message", "GET"): ORGANIZERS,
    ("organizer.new_message", "POST"): ORGANIZERS,  # an empty form: the form again
    ("organizer.partners", "GET"): ORGANIZERS,
    ("organizer.new_partner", "GET"): ORGANIZERS,
    ("organizer.new_partner", "POST"): ORGANIZERS,  # an empty form: the form again
    ("organizer.import_partners", "GET"): ORGANIZERS,
    ("organizer.import_partners", "POST"): (LOGIN, 403, 403, 400, 403, 403),  # no file
    ("organizer.confirm_partner_import", "POST"): ORGANIZER_ACTION,
    ("organizer.door_staff", "GET"): ORGANIZERS,
    ("organizer.new_door_staff", "GET"): ORGANIZERS,
    ("organizer.new_door_staff", "POST"): ORGANIZERS,  # an empty form: the form again
    ("organizer.deactivate_door_staff", "GET"): ORGANIZERS,
    ("organizer.deactivate_door_staff", "POST"): ORGANIZER_ACTION,
    # The world's door staff is active: the page sends back to the list, saying so.
    ("organizer.reactivate_door_staff", "GET"): ORGANIZER_ACTION,
    ("organizer.reactivate_door_staff", "POST"): ORGANIZER_ACTION,
    ("organizer.event_settings", "GET"): ORGANIZERS,
    ("organizer.event_settings", "POST"): ORGANIZER_ACTION,
    # Bilateral meetings, organizers' side: windows, limits, overview, exports, table plans.
    ("organizer.meetings", "GET"): ORGANIZERS,
    ("organizer.export_meetings", "GET"): ORGANIZERS,
    ("organizer.auto_place_meetings", "GET"): ORGANIZERS,
    ("organizer.auto_place_meetings", "POST"): ORGANIZERS,  # the report, a page
    ("organizer.meeting_windows", "GET"): ORGANIZERS,
    ("organizer.meeting_limits", "POST"): (LOGIN, 403, 403, 400, 403, 403),  # empty form
    ("organizer.new_meeting_window", "GET"): ORGANIZERS,
    ("organizer.new_meeting_window", "POST"): ORGANIZERS,  # an empty form: the form again
    ("organizer.edit_meeting_window", "GET"): ORGANIZERS,
    ("organizer.edit_meeting_window", "POST"): ORGANIZERS,  # an empty form: the form again
    ("organizer.meeting_window_action", "GET"): ORGANIZERS,  # closing the open window
    ("organizer.meeting_window_action", "POST"): ORGANIZER_ACTION,
    ("organizer.meeting_window_plan", "GET"): ORGANIZERS,
    ("organizer.table_plans", "GET"): ORGANIZERS,
    # One meeting, on someone's behalf.
    ("organizer.meeting", "GET"): ORGANIZERS,
    ("organizer.place_meeting", "POST"): (LOGIN, 403, 403, 400, 403, 403),  # no time
    ("organizer.cancel_meeting", "GET"): ORGANIZERS,
    ("organizer.cancel_meeting", "POST"): ORGANIZERS,  # no reason: the form again
    ("organizer.book_meeting", "GET"): ORGANIZERS,
    ("organizer.book_meeting", "POST"): ORGANIZERS,  # an empty form: the form again
    # Briefing documents, organizer pages
    ("organizer.documents", "GET"): ORGANIZERS,
    ("organizer.session_documents", "GET"): ORGANIZERS,
    ("organizer.new_document", "GET"): ORGANIZERS,
    ("organizer.new_document", "POST"): ORGANIZERS,  # no file: the form again
    ("organizer.document", "GET"): ORGANIZERS,
    ("organizer.edit_document", "GET"): ORGANIZERS,
    ("organizer.edit_document", "POST"): ORGANIZERS,  # no title: the form again
    ("organizer.new_document_version", "GET"): ORGANIZERS,
    ("organizer.new_document_version", "POST"): ORGANIZERS,  # no file: the form again
    ("organizer.withdraw_document", "GET"): ORGANIZERS,
    ("organizer.withdraw_document", "POST"): ORGANIZER_ACTION,
    ("organizer.restore_document", "POST"): ORGANIZER_ACTION,  # not withdrawn: says so
    ("organizer.download_document_version", "GET"): ORGANIZERS,  # any version, any time
}

ROLES = ("anonymous", "diplomat A", "diplomat B", "organizer", "door staff", "partner")
# The same order as ROLES, except that A, whose things these are, asks after B, and
# the organizer (whose POSTs change most) asks last.
ASKING_ORDER = ("anonymous", "door staff", "partner", "diplomat B", "diplomat A", "organizer")
ANSWERED_BY_WERKZEUG = {"HEAD", "OPTIONS"}


def routes(app):
    """(endpoint, method) for every rule of the URL map, HEAD and OPTIONS left out
    (Werkzeug answers them from GET and from the rule)."""
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - ANSWERED_BY_WERKZEUG):
            yield rule.endpoint, method


@dataclass
class World:
    organizer: object
    a: object
    b: object
    ids: dict
    feed_token: str
    door_staff: object
    partner: object


@pytest.fixture
def app_overrides():
    # The limits are proven in tests/test_rate_limits.py; here they would only count.
    return {"RATELIMIT_ENABLED": False}


def registered_diplomat(app, event, organizer, email):
    """A diplomat invited and registered for the first two days."""
    invite_through_service(app, event, organizer, email=email, language="en")
    registration = db.session.scalar(
        db.select(Registration)
        .where(Registration.event_id == event.id)
        .where(Registration.user.has(email=email))
    )
    registration.status = RegistrationStatus.REGISTERED
    registration.day_rows = [
        RegistrationDay(day=date(2026, 2, 2)),
        RegistrationDay(day=date(2026, 2, 3)),
    ]
    invitation = db.session.scalar(
        db.select(Invitation).where(Invitation.user_id == registration.user_id)
    )
    db.session.commit()
    return registration, invitation


@pytest.fixture
def build_world(app, create_event, create_user):
    """Makes a fresh world in an empty database: an event, an organizer, diplomats A and
    B (registered for two days), and an invited-only session for A alone, which A
    signed up for; A has a calendar feed link."""

    def build_world() -> World:
        empty_all_tables()
        return _build(app, create_event(), create_user)

    return build_world


@pytest.fixture
def world(build_world):
    return build_world()


def _build(app, event, create_user) -> World:
    organizer = create_user(email="organizer@example.org", role=Role.ORGANIZER, password=None)
    registration, invitation = registered_diplomat(app, event, organizer, "a@example.org")
    b_registration, _ = registered_diplomat(app, event, organizer, "b@example.org")
    a, b = registration.user, b_registration.user
    room = Room(event_id=event.id, name="Salle des Glaces", capacity=40)
    organisation = Organisation(
        event_id=event.id, name="Enabel", kind=OrganisationKind.DEVELOPMENT_AGENCY
    )
    speaker = Speaker(event_id=event.id, name="The Prime Minister", function="Prime Minister")
    session = Session(
        event_id=event.id,
        title_en="Briefing for A alone",
        kind=SessionKind.WORKSHOP,
        status=SessionStatus.PUBLISHED,
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.NAMED,
        audience_members=[a],
        starts_at=brussels(2, 14),
        ends_at=brussels(2, 15),
        first_published_at=brussels(2, 14),
        room=room,
        capacity=10,
        signup_required=True,
        organisations=[organisation],
        speaker_links=[SessionSpeaker(speaker=speaker, position=0)],
    )
    db.session.add_all([room, organisation, speaker, session])
    db.session.commit()
    with app.test_request_context():
        signups.sign_up(session, a)
    signup = db.session.scalar(db.select(SignUp).where(SignUp.user_id == a.id))
    mail = db.session.scalar(db.select(OutboxMail).where(OutboxMail.user_id == a.id).limit(1))
    message = GroupMessage(
        event_id=event.id, sender_id=organizer.id, subject_en="Bus", body_en="At 18:30."
    )
    message.recipients = [GroupMessageRecipient(user_id=a.id, outbox_mail_id=mail.id)]
    db.session.add(message)
    db.session.commit()
    ids = {
        "registration_id": registration.id,
        "invitation_id": invitation.id,
        "session_id": session.id,
        "signup_id": signup.id,
        "user_id": a.id,
        "room_id": room.id,
        "organisation_id": organisation.id,
        "speaker_id": speaker.id,
        "mail_id": mail.id,
        "message_id": message.id,
    }
    with app.test_request_context():
        feed_token = calendar.ensure_feed_token(a)
    door_staff = create_user(email="door@example.org", role=Role.DOOR_STAFF, password=None)
    ids["door_staff_id"] = door_staff.id
    window = MeetingWindow(
        event_id=event.id,
        starts_at=brussels(4, 14),
        ends_at=brussels(4, 15),
        room_id=room.id,
        tables=3,
        status=WindowStatus.OPEN,
    )
    db.session.add(window)
    db.session.flush()
    ids["window_id"] = window.id
    partner = create_user(email="partner@example.org", role=Role.PARTNER, password=None)
    partner.partner_profile = PartnerProfile(
        event_id=event.id, organisation_id=organisation.id, function="Export director"
    )
    db.session.flush()
    # The partner's request to A (eventapp/meetings): waiting for A's answer.
    meeting = Meeting(
        event_id=event.id,
        partner_id=partner.id,
        diplomat_id=a.id,
        subject="Port of Antwerp",
        requested_windows=[window],
    )
    db.session.add(meeting)
    db.session.commit()
    ids["meeting_id"] = meeting.id
    ids["diplomat_id"] = a.id
    # Speaking points on A's session, for its participants only (A holds a place).
    document = documents.attach(
        session,
        documents.Upload(io.BytesIO(samples.pdf("Speaking points")), "Speaking points.pdf"),
        documents.DocumentDetails(
            title_en="Speaking points",
            title_fr=None,
            title_nl=None,
            language=FileLanguage.EN,
            note=None,
            participants_only=True,
        ),
        organizer,
    )
    ids["document_id"] = document.id
    ids["version_id"] = document.current.id
    return World(
        organizer=organizer,
        a=a,
        b=b,
        ids=ids,
        feed_token=feed_token,
        door_staff=door_staff,
        partner=partner,
    )


def url_for_rule(rule, world):
    """A concrete URL for `rule`, with A's things wherever it takes an id or a token."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            assert name in world.ids, (
                f"{rule.rule} takes <{name}>: give the world such a record (owned by A "
                "when it can be) in _build and its id in `ids`"
            )
            values[name] = world.ids[name]
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, PathConverter):
            values[name] = "css/app.css"
        elif rule.endpoint == "calendar.personal_feed":
            values[name] = world.feed_token
        else:
            values[name] = "a-token-nobody-has"
    return rule.build(values, append_unknown=False)[1]


def client_as(app, user, base_url="http://localhost"):
    """A client logged in as `user` (None: anonymous), without the cost of a password."""
    client = app.test_client()
    if user is not None:
        with client.session_transaction(base_url=base_url) as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
    return client


def outcome(response):
    if response.status_code in (302, 303):
        location = response.headers["Location"]
        return LOGIN if location.startswith("/login") else MOVED
    return response.status_code


def ask(app, world, endpoint, method):
    """What each visitor gets, in ROLES order."""
    [rule] = [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]
    url = url_for_rule(rule, world)
    users = {
        "anonymous": None,
        "diplomat A": world.a,
        "diplomat B": world.b,
        "organizer": world.organizer,
        "door staff": world.door_staff,
        "partner": world.partner,
    }
    answers = {}
    for role in ASKING_ORDER:
        response = client_as(app, users[role]).open(url, method=method, data={})
        answers[role] = outcome(response)
    return url, tuple(answers[role] for role in ROLES)


def test_every_route_is_in_the_table(app):
    missing = sorted(set(routes(app)) - set(EXPECTED))
    assert not missing, (
        "These routes have no expected outcomes in tests/test_authorization.py; add each "
        "to EXPECTED with what an anonymous visitor, diplomat A, diplomat B (on A's "
        f"things) and an organizer should get: {missing}"
    )
    stale = sorted(set(EXPECTED) - set(routes(app)))
    assert not stale, f"EXPECTED names routes the app no longer has: {stale}"


def test_who_gets_in(app, build_world):
    # GETs change nothing and share one world; each POST gets a fresh one, so what one
    # request changed (a cancelled registration, a rejected attendee) never decides
    # what the next one gets.
    differences = []
    world = build_world()
    for endpoint, method in sorted(routes(app), key=lambda route: (route[1] != "GET", route)):
        if method != "GET":
            world = build_world()
        url, answers = ask(app, world, endpoint, method)
        expected = EXPECTED.get((endpoint, method))
        if expected is None:
            continue  # test_every_route_is_in_the_table names it
        differences += [
            f"{method} {url} ({endpoint}) as {role}: expected {want}, got {got}"
            for role, want, got in zip(ROLES, expected, answers, strict=True)
            if want != got
        ]
    assert not differences, "\n".join(["", *differences])


def test_the_matrix_notices_an_organizer_page_opened_to_diplomats(app, world, monkeypatch):
    # Take the organizer area's guard away: diplomats get in, and the matrix says so.
    monkeypatch.setitem(app.before_request_funcs, "organizer", [])
    _url, answers = ask(app, world, "organizer.attendees", "GET")
    assert answers != EXPECTED[("organizer.attendees", "GET")]
    assert answers[1] == 200  # diplomat A reads the attendee list
