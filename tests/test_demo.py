"""`eventapp seed-demo`: the 2026 demo week, loaded once, and a programme that holds together."""

import hashlib
from collections import Counter, defaultdict
from datetime import date, datetime
from itertools import combinations
from pathlib import Path

import phonenumbers
from sqlalchemy import func, select

from eventapp.demo.story import SNAPSHOT
from eventapp.documents.access import readable_document
from eventapp.extensions import db
from eventapp.invitations.links import InvitationState, invitation_state
from eventapp.models import (
    Document,
    DocumentVisit,
    Event,
    Invitation,
    Meeting,
    MeetingStatus,
    MeetingWindow,
    Organisation,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Role,
    Room,
    Session,
    SessionStatus,
    SignUp,
    SignUpStatus,
    Speaker,
    User,
    Visibility,
)
from eventapp.programme.agenda import agenda_rows
from eventapp.visibility import audience_includes, visible_to

Status = RegistrationStatus
ACTIVE = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)


def seed(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def dump_every_table() -> dict[str, list]:
    dump = {}
    for table in db.metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        dump[table.name] = db.session.execute(query).all()
    # End the read so the next run of the command starts from what is committed.
    db.session.rollback()
    return dump


def overlap(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def clashes(sessions_by_key: dict[str, list[Session]]) -> list[tuple[str, str, str]]:
    """(key, session, session) for every two sessions under one key that overlap in time."""
    return [
        (key, a.title_en, b.title_en)
        for key, sessions in sessions_by_key.items()
        for a, b in combinations(sessions, 2)
        if overlap(a, b)
    ]


def test_seed_demo_loads_the_2026_week(runner):
    seed(runner)

    event = db.session.scalar(select(Event).where(Event.slug == "dcd-2026"))
    assert (event.first_day, event.last_day) == (date(2026, 2, 2), date(2026, 2, 6))
    assert event.venue == "Egmont Palace"
    assert 40 <= db.session.scalar(select(func.count(Session.id))) <= 60
    assert 5 <= db.session.scalar(select(func.count(Room.id))) <= 8
    diplomats = select(func.count(User.id)).where(User.role == Role.DIPLOMAT)
    assert db.session.scalar(diplomats) >= 110

    organizer = db.session.scalar(select(User).where(User.email == "organizer@example.org"))
    ambassador = db.session.scalar(select(User).where(User.email == "ambassador@example.org"))
    assert organizer.is_organizer and organizer.check_password("demo-organizer")
    assert ambassador.is_diplomat and ambassador.check_password("demo-diplomat")


def test_seed_demo_twice_changes_nothing(runner):
    first = seed(runner)
    before = dump_every_table()

    second = seed(runner)

    assert dump_every_table() == before
    assert "invitations: 121, registrations: 121" in first.output
    assert "sign-ups: " in first.output
    assert "nothing changed" in second.output


def the_story() -> dict[str, list]:
    """The demo's invitations, registrations and sign-ups without their ids: what they say."""
    invitations = db.session.execute(
        select(
            User.email,
            Invitation.token_hash,
            Invitation.created_at,
            Invitation.sent_at,
            Invitation.expires_at,
            Invitation.accepted_at,
            Invitation.revoked_at,
        ).join(Invitation.user)
    ).all()
    registrations = [
        (
            r.user.email,
            r.status,
            r.arrival_at,
            r.departure_at,
            r.dietary,
            r.accessibility,
            r.mobile_phone,
            r.remarks,
            r.consent_at,
            r.created_at,
            r.updated_at,
            tuple(r.days),
        )
        for r in db.session.scalars(select(Registration))
    ]
    signups = [
        (s.user.email, s.session.title_en, s.session.starts_at, s.status, s.position, s.created_at)
        for s in db.session.scalars(select(SignUp))
    ]
    story = {"invitations": invitations, "registrations": registrations, "signups": signups}
    db.session.rollback()
    return {name: sorted(rows, key=repr) for name, rows in story.items()}


def test_seed_demo_tells_the_same_story_every_time(runner):
    seed(runner)
    story = the_story()
    # A database from before: the same people and sessions, none of this.
    for model in (SignUp, RegistrationDay, Registration, Invitation):
        db.session.execute(model.__table__.delete())
    db.session.commit()

    result = seed(runner)

    assert the_story() == story
    assert "invitations: 121, registrations: 121, sign-ups: " in result.output
    assert "users" not in result.output and "sessions" not in result.output


def test_seed_demo_leaves_changed_rows_alone(runner):
    seed(runner)
    waiting = db.session.scalars(
        select(Registration).where(Registration.status == Status.REGISTERED)
    ).first()
    waiting.status = Status.CONFIRMED  # an organizer confirms
    signup = db.session.scalars(
        select(SignUp)
        .join(SignUp.user)
        .where(User.email == "ambassador@example.org", SignUp.status == SignUpStatus.CONFIRMED)
    ).one()
    signup.status = SignUpStatus.CANCELLED  # the ambassador gives up her place
    db.session.commit()
    before = dump_every_table()

    result = seed(runner)

    assert "nothing changed" in result.output
    assert dump_every_table() == before


def as_loaded(dump: dict[str, list]) -> dict[str, list]:
    """The dump without what differs between any two loads: the moment of loading (rows'
    created_at and the like, after everything the demo tells) and password salts."""

    def same(value):
        if isinstance(value, datetime) and value > SNAPSHOT:
            return "the moment of loading"
        if isinstance(value, str) and value.startswith(("scrypt:", "pbkdf2:")):
            return "a password hash"
        return value

    return {name: [tuple(map(same, row)) for row in rows] for name, rows in dump.items()}


def a_demo_goes_by():
    """An organizer confirms a registration, invites someone new and revokes a link."""
    waiting = db.session.scalars(
        select(Registration).where(Registration.status == Status.REGISTERED)
    ).first()
    waiting.status = Status.CONFIRMED
    db.session.add(User(email="new.head@example.org", role=Role.DIPLOMAT, first_name="New"))
    db.session.delete(db.session.scalars(select(Invitation)).first())
    db.session.commit()


def test_seed_demo_reset_puts_the_demo_back_as_it_was(runner):
    seed(runner)
    before = as_loaded(dump_every_table())
    a_demo_goes_by()

    result = runner.invoke(args=["seed-demo", "--reset", "--yes"])

    assert result.exit_code == 0, result.output
    assert as_loaded(dump_every_table()) == before
    assert "Database emptied" in result.output and "demo week loaded" in result.output


def test_seed_demo_reset_asks_first_and_changes_nothing_if_refused(runner):
    seed(runner)
    a_demo_goes_by()
    before = dump_every_table()

    result = runner.invoke(args=["seed-demo", "--reset"], input="n\n")

    assert result.exit_code != 0
    assert "This deletes every row of every table" in result.output
    assert dump_every_table() == before


def test_seed_demo_reset_is_refused_in_production_without_force(app, runner):
    seed(runner)
    a_demo_goes_by()
    before = dump_every_table()
    app.config["ENV"] = "production"

    refused = runner.invoke(args=["seed-demo", "--reset", "--yes"])

    assert refused.exit_code != 0 and "--force" in refused.output
    assert dump_every_table() == before


def test_seed_demo_reset_in_production_runs_with_force(app, runner):
    seed(runner)
    app.config["ENV"] = "production"

    result = runner.invoke(args=["seed-demo", "--reset", "--yes", "--force"])

    assert result.exit_code == 0, result.output
    assert "Database emptied" in result.output


def test_demo_registrations_are_the_designed_mix(runner):
    seed(runner)
    event = db.session.scalar(select(Event))
    registrations = db.session.scalars(select(Registration)).all()
    invitations = {i.user_id: i for i in db.session.scalars(select(Invitation))}
    diplomats = db.session.scalar(select(func.count(User.id)).where(User.role == Role.DIPLOMAT))

    # Every diplomat was invited once and has one registration.
    assert len(registrations) == len(invitations) == diplomats == 121
    assert Counter(r.status for r in registrations) == {
        Status.CONFIRMED: 85,  # with the demo ambassador
        Status.REGISTERED: 18,
        Status.INVITED: 8,
        Status.DECLINED: 7,
        Status.CANCELLED: 2,
        Status.REJECTED: 1,
    }
    states = Counter(
        invitation_state(invitations[r.user_id], r, now=SNAPSHOT) for r in registrations
    )
    assert states == {
        InvitationState.ACCEPTED: 106,
        InvitationState.DECLINED: 7,
        InvitationState.EXPIRED: 5,
        InvitationState.SENT: 3,
    }
    # No demo link opens anything: nobody knows a token of theirs.
    assert all(i.token_hash is None for i in invitations.values())

    answered = [r for r in registrations if r.consent_at is not None]
    assert {r.status for r in answered} == {
        Status.CONFIRMED,
        Status.REGISTERED,
        Status.CANCELLED,
        Status.REJECTED,
    }
    for r in answered:
        invitation = invitations[r.user_id]
        assert invitation.sent_at <= r.consent_at == invitation.accepted_at
        assert invitation.accepted_at < invitation.expires_at
        assert r.days and set(r.days) <= set(event.days), r.user.email
        # Arrives for the first day attended, leaves after the last.
        assert r.arrival_at.astimezone(event.tz).date() <= min(r.days)
        assert r.departure_at.astimezone(event.tz).date() >= max(r.days)
        assert r.arrival_at < r.departure_at
        number = phonenumbers.parse(r.mobile_phone)
        assert phonenumbers.is_valid_number(number), r.mobile_phone
        assert r.mobile_phone == phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164
        )
    for r in registrations:
        if r.consent_at is None:
            assert (r.days, r.mobile_phone, r.arrival_at) == ([], "", None)
            assert invitations[r.user_id].accepted_at is None
        # Everything happened before the moment the demo shows.
        assert r.updated_at < SNAPSHOT and invitations[r.user_id].sent_at < SNAPSHOT
    assert len({r.mobile_phone for r in answered}) == len(answered)

    attending = [r for r in registrations if r.status in (Status.REGISTERED, Status.CONFIRMED)]
    lengths = Counter(len(r.days) for r in attending)
    assert lengths[5] >= 0.8 * len(attending)
    assert lengths[2] + lengths[3] >= 10
    needs = " ".join(r.dietary + " " + r.accessibility for r in attending).lower()
    for need in ("vegetarian", "halal", "gluten", "wheelchair"):
        assert need in needs


def test_demo_signups_follow_the_signup_rules(runner):
    seed(runner)
    event = db.session.scalar(select(Event))
    signups = db.session.scalars(select(SignUp)).all()
    registrations = {r.user_id: r for r in db.session.scalars(select(Registration))}
    assert len(signups) >= 300
    assert all(s.status in ACTIVE and s.created_at < SNAPSHOT for s in signups)

    by_session = defaultdict(list)
    for s in signups:
        by_session[s.session].append(s)
    full, partly = [], []
    for session, rows in by_session.items():
        assert session.status == SessionStatus.PUBLISHED and session.signup_required
        confirmed = [s for s in rows if s.status == SignUpStatus.CONFIRMED]
        positions = sorted(s.position for s in rows if s.status == SignUpStatus.WAITLISTED)
        assert len(confirmed) <= session.capacity, session.title_en
        assert positions == list(range(1, len(positions) + 1)), session.title_en
        if positions:
            # A waitlist only behind a full session, in the order of signing up.
            assert len(confirmed) == session.capacity, session.title_en
            waiting = sorted((s for s in rows if s.position), key=lambda s: s.position)
            assert max(s.created_at for s in confirmed) <= waiting[0].created_at
            assert [s.created_at for s in waiting] == sorted(s.created_at for s in waiting)
            full.append(session)
        elif len(confirmed) < session.capacity:
            partly.append(session)
    assert len(full) >= 3 and len(partly) >= 3

    by_user = defaultdict(list)
    for s in signups:
        by_user[s.user].append(s.session)
    for user, sessions in by_user.items():
        assert [pair for pair in combinations(sessions, 2) if overlap(*pair)] == [], user.email
        groups = [s.parallel_group for s in sessions if s.parallel_group]
        assert len(groups) == len(set(groups)), user.email
        registration = registrations[user.id]
        assert registration.status in (Status.REGISTERED, Status.CONFIRMED), user.email
        for session in sessions:
            assert session.starts_at.astimezone(event.tz).date() in registration.days
        meant_for_them = db.session.scalars(
            select(Session.id).where(visible_to(user), audience_includes(user))
        ).all()
        assert {s.id for s in sessions} <= set(meant_for_them), user.email

    # Diplomats chose among the alternatives of a parallel group.
    chosen = Counter(s.parallel_group for s in by_session if s.parallel_group)
    assert max(chosen.values()) >= 3

    ambassador = db.session.scalar(select(User).where(User.email == "ambassador@example.org"))
    hers = [s for s in signups if s.user == ambassador]
    assert sorted(s.status for s in hers) == [SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED]
    assert [s.position for s in hers if s.status == SignUpStatus.WAITLISTED] != [None]


def test_demo_programme_obeys_the_programme_rules(runner):
    seed(runner)
    event = db.session.scalar(select(Event).where(Event.slug == "dcd-2026"))
    sessions = db.session.scalars(
        select(Session).where(Session.status != SessionStatus.CANCELLED)
    ).all()

    outside_the_week = [
        s.title_en
        for s in sessions
        if not (
            s.starts_at < s.ends_at
            and event.first_day <= s.starts_at.astimezone(event.tz).date()
            and s.ends_at.astimezone(event.tz).date() <= event.last_day
        )
    ]
    assert outside_the_week == []

    by_room, by_speaker, by_group = defaultdict(list), defaultdict(list), defaultdict(list)
    for s in sessions:
        if s.room is not None:
            by_room[s.room.name].append(s)
        for link in s.speaker_links:
            by_speaker[link.speaker.name].append(s)
        if s.parallel_group:
            by_group[s.parallel_group].append(s)

    assert clashes(by_room) == []
    assert clashes(by_speaker) == []

    over_capacity = [
        s.title_en for s in sessions if s.room and s.capacity and s.capacity > s.room.capacity
    ]
    assert over_capacity == []

    assert len(by_group) >= 3
    for group, parallel in by_group.items():
        assert 2 <= len(parallel) <= 4, group
        assert all(overlap(a, b) for a, b in combinations(parallel, 2)), group

    untranslated = [
        s.title_en or s.title_fr or s.title_nl
        for s in sessions
        if s.status == SessionStatus.PUBLISHED and not (s.title_en and s.title_fr and s.title_nl)
    ]
    assert untranslated == []


def test_demo_organisations_and_functions_are_in_french_and_dutch(runner):
    seed(runner)

    organisations = db.session.scalars(select(Organisation)).all()
    speakers = db.session.scalars(select(Speaker)).all()
    assert organisations and speakers
    assert [o.name for o in organisations if not (o.name_fr and o.name_nl)] == []
    assert [s.name for s in speakers if not (s.function_fr and s.function_nl)] == []


def test_demo_speakers_given_by_function_are_written_once_in_every_language(runner):
    seed(runner)

    written_twice = []
    for speaker in db.session.scalars(select(Speaker)):
        for language in ("en", "fr", "nl"):
            name, function, _organisation = speaker.described(language)
            if name and function and speaker.name.startswith("The "):
                written_twice.append((speaker.name, language))
            if not name:
                # Only the function, in the reader's language: no English left.
                assert function.language == language, (speaker.name, language)
    assert written_twice == []


def test_demo_partner_logs_in_and_the_partners_are_registered(runner, client):
    seed(runner)

    partners = db.session.scalars(select(User).where(User.role == Role.PARTNER)).all()
    assert len(partners) == 15
    assert {p.language for p in partners} == {"fr", "nl", "en"}
    for partner in partners:
        profile = partner.partner_profile
        assert profile.organisation is not None, partner.email
        assert profile.function and profile.sectors and profile.countries, partner.email
        assert profile.registered_at and profile.consent_at, partner.email
    kinds = {p.partner_profile.organisation.kind.value for p in partners}
    assert {"regional_government", "business", "financial_institution"} <= kinds
    demo_partner = next(p for p in partners if p.email == "partner@example.org")
    assert demo_partner.check_password("demo-partner")
    db.session.rollback()

    response = client.post(
        "/login", data={"email": "partner@example.org", "password": "demo-partner"}
    )
    assert response.status_code == 302


def test_demo_meetings_are_a_mix_that_follows_the_meeting_rules(runner):
    seed(runner)
    event = db.session.scalar(select(Event))
    meetings = db.session.scalars(select(Meeting)).all()
    windows = db.session.scalars(select(MeetingWindow)).all()
    hosts = {
        r.user_id: r
        for r in db.session.scalars(select(Registration).where(Registration.accepts_meetings))
    }

    assert len(windows) == 2 and all(w.is_open for w in windows)
    assert 24 <= len(hosts) <= 30
    assert all(r.status in (Status.REGISTERED, Status.CONFIRMED) for r in hosts.values())
    assert all(r.meeting_topics and r.meeting_sectors for r in hosts.values())
    statuses = Counter(m.status for m in meetings)
    assert set(statuses) == set(MeetingStatus) and 35 <= len(meetings) <= 45
    placed = [m for m in meetings if m.status == MeetingStatus.ACCEPTED and m.starts_at]
    assert len(placed) >= 10
    assert any(m.status == MeetingStatus.ACCEPTED and m.starts_at is None for m in meetings)
    for m in meetings:
        assert m.diplomat_id in hosts and m.partner.is_partner, m.subject
        assert m.created_at < SNAPSHOT and m.requested_windows, m.subject
        if m.status in (MeetingStatus.DECLINED, MeetingStatus.CANCELLED):
            assert m.answer_message, m.subject
        if m.status == MeetingStatus.PROPOSED:
            assert m.proposed_window not in m.requested_windows, m.subject
        if m.starts_at:
            assert (m.starts_at, m.ends_at) in m.window.slots()
            assert 1 <= m.table_number <= m.window.tables
    # No table slot holds two meetings; nobody is in two places at once.
    for key in (
        lambda m: (m.window_id, m.starts_at, m.table_number),
        lambda m: (m.partner_id, m.starts_at),
        lambda m: (m.diplomat_id, m.starts_at),
    ):
        assert max(Counter(map(key, placed)).values()) == 1
    # Nothing on a head of post's agenda overlaps their meetings, on a day they attend.
    for m in placed:
        registration = hosts[m.diplomat_id]
        assert m.starts_at.astimezone(event.tz).date() in registration.days
        ids = [row.session_id for row in agenda_rows(m.diplomat, registration.days, event)]
        overlapping = db.session.scalars(
            select(Session.title_en).where(
                Session.id.in_(ids), Session.starts_at < m.ends_at, m.starts_at < Session.ends_at
            )
        ).all()
        assert overlapping == [], m.subject

    # The demo accounts have meetings in several states.
    for email in ("partner@example.org", "ambassador@example.org"):
        user = db.session.scalar(select(User).where(User.email == email))
        theirs = {m.status for m in meetings if user.id in (m.partner_id, m.diplomat_id)}
        assert {MeetingStatus.ACCEPTED, MeetingStatus.DECLINED} <= theirs, email
        assert len(theirs) >= 4, email


def test_demo_has_briefing_documents_and_the_ambassador_downloads_hers(app, runner, client):
    seed(runner)
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    ambassador = db.session.scalar(select(User).where(User.email == "ambassador@example.org"))
    europe = db.session.scalar(select(User).where(User.email == "stefan.vandamme@example.org"))

    assert 4 <= len(documents) <= 8
    assert {d.current.content_type.rpartition(".")[2] for d in documents} >= {
        "application/pdf",
        "document",  # Word
        "sheet",  # Excel
    }
    assert all(d.title_en and d.title_fr and d.title_nl for d in documents)
    folder = Path(app.config["DOCUMENTS_FOLDER"])
    for document in documents:
        for version in document.versions:
            content = (folder / version.sha256).read_bytes()
            assert hashlib.sha256(content).hexdigest() == version.sha256
    # The invited-only regional meeting's briefing: for its audience, which she is in.
    (closed,) = [d for d in documents if d.session.visibility == Visibility.INVITED_ONLY]
    assert closed.participants_only
    assert readable_document(closed.id, ambassador) is closed
    assert readable_document(closed.id, europe) is None
    # Replaced since she last looked: her next visit marks it.
    (replaced,) = [d for d in documents if len(d.versions) == 2]
    assert replaced.participants_only and readable_document(replaced.id, ambassador)
    visit = db.session.get(DocumentVisit, (ambassador.id, replaced.session_id))
    assert replaced.versions[1].uploaded_at < visit.seen_at < replaced.changed_at
    # One withdrawn: organizers still see it.
    (withdrawn,) = [d for d in documents if d.is_withdrawn]
    assert readable_document(withdrawn.id, ambassador) is None
    closed_id, closed_sha = closed.id, closed.current.sha256
    db.session.rollback()

    client.post("/login", data={"email": ambassador.email, "password": "demo-diplomat"})
    response = client.get(f"/documents/{closed_id}/download")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert hashlib.sha256(response.data).hexdigest() == closed_sha
