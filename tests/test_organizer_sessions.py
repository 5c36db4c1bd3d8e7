"""Organizers build sessions; the programme rules hold, and changes are recorded."""

import threading

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import (
    AuditLog,
    Session,
    SessionChange,
    SessionStatus,
    SpeakerRole,
    Visibility,
)
from eventapp.programme import services
from eventapp.programme.services import RuleViolation, SessionDetails

from .support import brussels


def form_data(**values):
    """What the session form posts, with a valid default session (Monday 09:30, 60 min)."""
    data = {
        "title_en": "Economic diplomacy breakout",
        "kind": "workshop",
        "day": "2026-02-02",
        "start_time": "09:30",
        "duration": "60",
        "visibility": "public",
        "audience": "all",
        "room_id": "",
    }
    speakers = values.pop("speakers", [])
    for index in range(6):
        speaker_id, role = speakers[index] if index < len(speakers) else ("", "speaker")
        data[f"speakers-{index}-speaker_id"] = str(speaker_id)
        data[f"speakers-{index}-role"] = role
    data.update(
        {key: str(value) if not isinstance(value, list) else value for key, value in values.items()}
    )
    return data


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


def post_new(client, **values):
    return client.post("/organizer/sessions/new", data=form_data(**values))


def only_session(title="Economic diplomacy breakout"):
    return db.session.scalar(select(Session).where(Session.title_en == title))


# Who may enter


def test_anonymous_visitor_is_sent_to_login(client, event):
    response = client.get("/organizer/sessions")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_diplomat_is_refused_the_organizer_area(client, event, diplomat, login):
    login(diplomat)
    assert client.get("/organizer/sessions").status_code == 403
    assert post_new(client).status_code == 403
    assert only_session() is None


# Creating


def test_organizer_creates_a_draft_at_the_brussels_time_entered(as_organizer, event):
    response = post_new(as_organizer, start_time="09:30", duration="90")
    assert response.status_code == 302
    session = only_session()
    assert session.status == SessionStatus.DRAFT
    assert session.starts_at == brussels(2, 9, 30)
    assert session.ends_at == brussels(2, 11, 0)
    assert db.session.scalar(select(AuditLog.action)) == "session.create"


def test_session_needs_a_title_in_some_language(as_organizer, event):
    response = post_new(as_organizer, title_en="", title_nl="")
    assert "Give the session a title in at least one language." in response.get_data(as_text=True)
    assert db.session.scalar(select(Session)) is None


def test_a_dutch_title_alone_is_enough(as_organizer, event):
    post_new(as_organizer, title_en="", title_nl="Economische diplomatie")
    session = db.session.scalar(select(Session))
    assert (session.title_en, session.title_nl) == (None, "Economische diplomatie")


@pytest.mark.parametrize("duration", ["0", "-30", "abc", ""])
def test_session_must_last_a_positive_time(as_organizer, event, duration):
    response = post_new(as_organizer, duration=duration)
    assert response.status_code == 200
    assert db.session.scalar(select(Session)) is None


def test_session_must_fall_inside_the_event_days(as_organizer, event):
    response = post_new(as_organizer, day="2026-02-06", start_time="23:30", duration="60")
    assert "must take place during the event" in response.get_data(as_text=True)
    assert db.session.scalar(select(Session)) is None


def test_a_day_outside_the_event_is_not_offered(as_organizer, event):
    response = post_new(as_organizer, day="2026-02-09")
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)


# Rooms


def test_room_taken_at_that_time_blocks_the_save_and_links_the_other_session(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salle des Glaces")
    other = create_session(
        title="Opening plenary", room=room, starts_at=brussels(2, 9), ends_at=brussels(2, 10)
    )
    response = post_new(as_organizer, room_id=room.id, start_time="09:30")
    page = response.get_data(as_text=True)
    assert "Salle des Glaces is already taken at that time by “Opening plenary”" in page
    assert f'href="/organizer/sessions/{other.id}"' in page
    assert only_session() is None


def test_back_to_back_sessions_share_a_room(as_organizer, create_room, create_session):
    room = create_room()
    create_session(room=room, starts_at=brussels(2, 9), ends_at=brussels(2, 9, 30))
    assert post_new(as_organizer, room_id=room.id, start_time="09:30").status_code == 302


def test_cancelled_session_frees_its_room(as_organizer, create_room, create_session):
    room = create_room()
    create_session(room=room, status=SessionStatus.CANCELLED)
    assert post_new(as_organizer, room_id=room.id, start_time="09:30").status_code == 302


# Speakers


def test_speaker_cannot_be_in_two_overlapping_sessions(
    as_organizer, create_speaker, create_session
):
    minister = create_speaker(name="Maxime Prévot", function="Minister of Foreign Affairs")
    create_session(title="Strategic orientations", speakers=[minister])
    response = post_new(as_organizer, speakers=[(minister.id, "speaker")], start_time="10:00")
    assert "Maxime Prévot is already speaking in “Strategic orientations”" in response.get_data(
        as_text=True
    )
    assert only_session() is None


def test_speaker_can_speak_later_the_same_day(as_organizer, create_speaker, create_session):
    minister = create_speaker()
    create_session(speakers=[minister], starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    response = post_new(as_organizer, speakers=[(minister.id, "chair")], start_time="14:00")
    assert response.status_code == 302
    assert only_session().speaker_links[0].role == SpeakerRole.CHAIR


# Capacity


def test_capacity_cannot_exceed_the_room(as_organizer, create_room):
    room = create_room(name="Salon Bleu", capacity=40)
    response = post_new(as_organizer, room_id=room.id, capacity="41")
    assert "Capacity 41 is more than Salon Bleu holds (40)" in response.get_data(as_text=True)
    assert post_new(as_organizer, room_id=room.id, capacity="40").status_code == 302


def test_negative_capacity_is_refused_on_the_form(as_organizer, event):
    response = post_new(as_organizer, capacity="-1")
    assert "Between 0 and 100,000 places." in response.get_data(as_text=True)


def test_sign_up_sessions_need_a_capacity(as_organizer, event):
    response = post_new(as_organizer, signup_required="y")
    assert "A session that needs sign-up needs a capacity." in response.get_data(as_text=True)


# Parallel groups


def test_sessions_of_a_parallel_group_must_overlap(as_organizer, create_session):
    create_session(
        title="Breakout Africa",
        parallel_group="tue-am",
        starts_at=brussels(3, 9),
        ends_at=brussels(3, 10, 30),
    )
    response = post_new(as_organizer, parallel_group="tue-am", day="2026-02-03", start_time="14:00")
    assert "must overlap in time" in response.get_data(as_text=True)
    accepted = post_new(as_organizer, parallel_group="tue-am", day="2026-02-03", start_time="09:00")
    assert accepted.status_code == 302


# Audience


def test_audience_of_selected_regions_needs_a_region(as_organizer, event):
    response = post_new(as_organizer, audience="regions", visibility="invited_only")
    assert "Choose at least one region for this audience." in response.get_data(as_text=True)
    post_new(
        as_organizer, audience="regions", audience_regions=["africa"], visibility="invited_only"
    )
    assert [region.value for region in only_session().audience_regions] == ["africa"]


def test_named_audience_takes_diplomats(as_organizer, event, diplomat):
    post_new(
        as_organizer,
        audience="named",
        audience_member_ids=[str(diplomat.id)],
        visibility="invited_only",
    )
    assert only_session().audience_members == [diplomat]


# Publishing, changes, cancelling, deleting


def test_moving_a_published_session_raises_its_sequence_and_is_listed(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salon Bleu")
    session = create_session(title="Meeting with the Prime Minister", room=room)
    response = as_organizer.post(
        f"/organizer/sessions/{session.id}/edit",
        data=form_data(
            title_en="Meeting with the Prime Minister", start_time="11:00", room_id=room.id
        ),
    )
    assert response.status_code == 302
    db.session.refresh(session)
    assert session.sequence == 1
    change = db.session.scalar(select(SessionChange))
    assert change.fields["starts_at"]["new"] == brussels(2, 11).isoformat()
    page = as_organizer.get("/changes").get_data(as_text=True)
    assert "Meeting with the Prime Minister" in page
    assert "Mon 2 Feb, 09:30" in page and "Mon 2 Feb, 11:00" in page


def test_editing_a_draft_records_no_change(as_organizer, create_session):
    session = create_session(status=SessionStatus.DRAFT)
    as_organizer.post(f"/organizer/sessions/{session.id}/edit", data=form_data(start_time="11:00"))
    db.session.refresh(session)
    assert session.sequence == 0
    assert db.session.scalar(select(SessionChange)) is None


def test_saving_a_published_session_unchanged_keeps_its_sequence(as_organizer, create_session):
    session = create_session(
        title="Economic diplomacy breakout",
        kind="workshop",
        starts_at=brussels(2, 9, 30),
        ends_at=brussels(2, 10, 30),
    )
    as_organizer.post(f"/organizer/sessions/{session.id}/edit", data=form_data())
    db.session.refresh(session)
    assert session.sequence == 0


def test_cancelling_asks_first_then_keeps_the_session_marked_cancelled(
    as_organizer, create_session
):
    session = create_session(title="Lunch with business leaders")
    confirmation = as_organizer.get(f"/organizer/sessions/{session.id}/cancel")
    assert "Yes, cancel the session" in confirmation.get_data(as_text=True)
    db.session.refresh(session)
    assert session.status == SessionStatus.PUBLISHED
    as_organizer.post(f"/organizer/sessions/{session.id}/cancel")
    db.session.refresh(session)
    assert session.status == SessionStatus.CANCELLED
    assert session.sequence == 1
    assert "Cancelled" in as_organizer.get("/changes").get_data(as_text=True)


def test_published_session_cannot_be_deleted(as_organizer, create_session):
    session = create_session()
    response = as_organizer.post(f"/organizer/sessions/{session.id}/delete", follow_redirects=True)
    assert "Only drafts that were never published can be deleted." in response.get_data(
        as_text=True
    )
    assert db.session.get(Session, session.id) is not None


def test_draft_is_deleted_after_confirmation(as_organizer, create_session):
    session = create_session(status=SessionStatus.DRAFT)
    assert "Yes, delete the draft" in as_organizer.get(
        f"/organizer/sessions/{session.id}/delete"
    ).get_data(as_text=True)
    as_organizer.post(f"/organizer/sessions/{session.id}/delete")
    assert db.session.query(Session).count() == 0


def test_publish_all_lists_the_drafts_and_publishes_only_those_confirmed(
    as_organizer, create_session
):
    first = create_session(title="Draft one", status=SessionStatus.DRAFT)
    page = as_organizer.get("/organizer/publish").get_data(as_text=True)
    assert "Draft one" in page
    # A draft added after the confirmation page was shown is not published with it.
    later = create_session(
        title="Draft two",
        status=SessionStatus.DRAFT,
        starts_at=brussels(3, 9),
        ends_at=brussels(3, 10),
    )
    as_organizer.post("/organizer/publish", data={"session_ids-0": str(first.id)})
    db.session.refresh(first)
    db.session.refresh(later)
    assert first.status == SessionStatus.PUBLISHED and first.first_published_at is not None
    assert later.status == SessionStatus.DRAFT


def test_duplicate_opens_a_prefilled_form_without_saving(as_organizer, create_session):
    session = create_session(title="Networking lunch")
    page = as_organizer.get(f"/organizer/sessions/{session.id}/duplicate").get_data(as_text=True)
    assert 'value="Networking lunch"' in page
    assert 'action="/organizer/sessions/new"' in page
    assert db.session.query(Session).count() == 1


def test_diplomats_see_changes_only_of_sessions_they_may_see(
    client, organizer, diplomat, login, create_session, create_user
):
    public = create_session(title="Public plenary")
    someone_else = create_user()
    secret = create_session(
        title="Closed briefing",
        visibility=Visibility.INVITED_ONLY,
        audience="named",
        audience_members=[someone_else],
        starts_at=brussels(3, 9),
        ends_at=brussels(3, 10),
    )
    for session in (public, secret):
        details = SessionDetails.of(session)
        details.ends_at = details.ends_at.replace(minute=30)
        services.update_session(session, details, organizer)
    login(diplomat)
    page = client.get("/changes").get_data(as_text=True)
    assert "Public plenary" in page
    assert "Closed briefing" not in page


# Two organizers at once


def test_two_organizers_saving_clashing_sessions_at_once_cannot_both_succeed(
    app, event, organizer, create_room
):
    room = create_room()
    event_id, room_id, organizer_id = event.id, room.id, organizer.id
    barrier = threading.Barrier(2)
    outcomes = []

    def save(title):
        with app.app_context():
            from eventapp.models import Event, User

            event = db.session.get(Event, event_id)
            by = db.session.get(User, organizer_id)
            details = SessionDetails(
                kind="meeting",
                starts_at=brussels(2, 14),
                ends_at=brussels(2, 15),
                titles={"en": title},
                room_id=room_id,
            )
            barrier.wait()
            try:
                services.create_session(event, details, by)
                outcomes.append("saved")
            except RuleViolation:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(f"Meeting {n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "saved"]
    assert db.session.query(Session).filter(Session.room_id == room_id).count() == 1
