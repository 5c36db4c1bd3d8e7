"""Organizers move sessions on the week grid: by the move form a card links to, by drag
and drop (the same form, posted by the grid's script for JSON), and undo the last move.
The rules are those of the edit form; the browser side is in tests/e2e/test_grid.py."""

import re

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.mail import outbox
from eventapp.models import (
    Registration,
    RegistrationDay,
    RegistrationStatus,
    Session,
    SessionChange,
    SessionStatus,
)
from eventapp.programme import services
from eventapp.programme.services import ProgrammeError, RuleViolation

from .support import brussels


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


@pytest.fixture
def glaces(create_room):
    return create_room(name="Salle des Glaces", capacity=250)


@pytest.fixture
def arenberg(create_room):
    return create_room(name="Salle Arenberg", capacity=80)


@pytest.fixture
def briefing(create_session, glaces):
    """A published session, Tuesday 10:00–11:30 in the Salle des Glaces."""
    return create_session(
        title="Economic diplomacy briefing",
        room=glaces,
        starts_at=brussels(3, 10),
        ends_at=brussels(3, 11, 30),
    )


def reloaded(session) -> Session:
    db.session.expire_all()
    return db.session.get(Session, session.id)


def move_data(day="2026-02-03", start_time="14:00", room=None, **extra):
    data = {"day": day, "start_time": start_time, "room_id": str(room.id) if room else ""}
    return data | extra


JSON = {"Accept": "application/json"}


# The service


def test_a_move_keeps_the_sessions_length(app, briefing, arenberg, organizer):
    services.move_session(briefing, brussels(4, 14, 15), arenberg.id, organizer)
    moved = reloaded(briefing)
    assert (moved.starts_at, moved.ends_at) == (brussels(4, 14, 15), brussels(4, 15, 45))
    assert moved.room_id == arenberg.id


def test_a_move_into_a_taken_room_is_refused_naming_the_session_there(
    app, briefing, arenberg, create_session, organizer
):
    create_session(
        title="Team Belgium workshop",
        room=arenberg,
        starts_at=brussels(3, 10, 30),
        ends_at=brussels(3, 12),
    )
    with pytest.raises(RuleViolation) as refused:
        services.move_session(briefing, brussels(3, 10), arenberg.id, organizer)
    [clash] = refused.value.clashes
    assert clash.message.startswith("Salle Arenberg is already taken at that time by “Team Belgium")
    assert reloaded(briefing).room.name == "Salle des Glaces"


def test_moving_back_to_where_it_was_restores_the_session(
    app, briefing, glaces, arenberg, organizer
):
    services.move_session(briefing, brussels(3, 16), arenberg.id, organizer)
    services.move_session(briefing, brussels(3, 10), glaces.id, organizer)
    moved = reloaded(briefing)
    assert (moved.starts_at, moved.ends_at) == (brussels(3, 10), brussels(3, 11, 30))
    assert moved.room_id == glaces.id


def test_moving_a_published_session_raises_its_sequence_and_mails_its_agenda_holders(
    app, event, briefing, arenberg, create_user, organizer
):
    diplomat = create_user(email="consul@example.org")
    db.session.add(
        Registration(
            event_id=event.id,
            user_id=diplomat.id,
            status=RegistrationStatus.CONFIRMED,
            day_rows=[RegistrationDay(day=day) for day in event.days],
        )
    )
    db.session.commit()
    changed = services.move_session(briefing, brussels(3, 14), arenberg.id, organizer)
    assert set(changed) == {"starts_at", "ends_at", "room"}
    assert reloaded(briefing).sequence == 1
    assert db.session.scalar(select(SessionChange.sequence)) == 1
    [mail] = outbox()
    assert mail.to == "consul@example.org"
    assert "Salle des Glaces → Salle Arenberg" in mail.body


def test_a_cancelled_session_cannot_be_moved(app, create_session, arenberg, organizer):
    session = create_session(status=SessionStatus.CANCELLED)
    with pytest.raises(ProgrammeError, match="A cancelled session cannot be edited."):
        services.move_session(session, brussels(3, 14), arenberg.id, organizer)


# The move form


def test_the_move_form_shows_where_the_session_is_now(as_organizer, briefing, glaces):
    page = as_organizer.get(f"/organizer/sessions/{briefing.id}/move").get_data(as_text=True)
    assert "Move “Economic diplomacy briefing”" in page
    assert '<option selected value="2026-02-03">' in page
    assert 'value="10:00"' in page
    assert f'<option selected value="{glaces.id}">' in page
    assert "It keeps its length: 90 minutes." in page


def test_a_move_returns_to_the_new_day_with_an_undo_for_it(
    as_organizer, briefing, glaces, arenberg
):
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move", data=move_data("2026-02-04", "14:00", arenberg)
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/organizer/grid?day=2026-02-04#session-{briefing.id}"
    )
    grid = as_organizer.get("/organizer/grid?day=2026-02-04").get_data(as_text=True)
    assert (
        "“Economic diplomacy briefing” moved to Wed 4 Feb, 14:00, Salle Arenberg. "
        "Diplomats and calendars will see the change." in grid
    )
    undo = re.search(r'<form class="grid-moves__last".*?</form>', grid, re.S).group(0)
    assert 'name="day" value="2026-02-03"' in undo
    assert 'name="start_time" value="10:00"' in undo
    assert f'name="room_id" value="{glaces.id}"' in undo
    assert "Undo the move" in undo


def test_undo_puts_the_session_back_and_is_then_no_longer_offered(
    as_organizer, briefing, glaces, arenberg
):
    url = f"/organizer/sessions/{briefing.id}/move"
    as_organizer.post(url, data=move_data("2026-02-04", "14:00", arenberg))
    response = as_organizer.post(
        url, data=move_data("2026-02-03", "10:00", glaces, undo="1"), follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert (
        "Move undone: “Economic diplomacy briefing” is back at Tue 3 Feb, 10:00, "
        "Salle des Glaces." in page
    )
    assert "Undo the move" not in page
    moved = reloaded(briefing)
    assert (moved.starts_at, moved.room_id) == (brussels(3, 10), glaces.id)


def test_undo_is_no_longer_offered_once_the_session_was_changed_otherwise(
    as_organizer, briefing, arenberg, organizer
):
    url = f"/organizer/sessions/{briefing.id}/move"
    as_organizer.post(url, data=move_data("2026-02-04", "14:00", arenberg))
    services.move_session(reloaded(briefing), brussels(4, 16), arenberg.id, organizer)
    assert "Undo the move" not in as_organizer.get("/organizer/grid").get_data(as_text=True)


def test_a_refused_move_names_the_clash_on_the_form_and_changes_nothing(
    as_organizer, briefing, arenberg, create_session
):
    other = create_session(
        title="Team Belgium workshop",
        room=arenberg,
        starts_at=brussels(3, 14),
        ends_at=brussels(3, 15),
    )
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move", data=move_data("2026-02-03", "14:30", arenberg)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This session cannot be moved there:" in page
    assert "Salle Arenberg is already taken at that time by “Team Belgium workshop”" in page
    assert f'href="/organizer/sessions/{other.id}"' in page
    assert reloaded(briefing).starts_at == brussels(3, 10)


def test_a_day_outside_the_week_is_an_error_on_the_form(as_organizer, briefing):
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move", data=move_data("2026-02-09", "14:00")
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert reloaded(briefing).starts_at == brussels(3, 10)


def test_moving_to_where_it_already_is_says_so(as_organizer, briefing, glaces):
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move",
        data=move_data("2026-02-03", "10:00", glaces),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "“Economic diplomacy briefing” is already there: nothing was moved." in page
    assert "Undo the move" not in page


def test_a_cancelled_session_offers_no_move_and_refuses_one(as_organizer, create_session):
    session = create_session(
        status=SessionStatus.CANCELLED, starts_at=brussels(3, 9), ends_at=brussels(3, 10)
    )
    grid = as_organizer.get("/organizer/grid?day=2026-02-03").get_data(as_text=True)
    assert f"/organizer/sessions/{session.id}/move" not in grid
    response = as_organizer.post(f"/organizer/sessions/{session.id}/move", data=move_data())
    assert "A cancelled session cannot be edited." in response.get_data(as_text=True)


def test_diplomats_cannot_move_sessions(client, diplomat, login, briefing, arenberg):
    login(diplomat)
    url = f"/organizer/sessions/{briefing.id}/move"
    assert client.get(url).status_code == 403
    assert client.post(url, data=move_data(room=arenberg)).status_code == 403
    assert reloaded(briefing).room.name == "Salle des Glaces"


# The answers the grid's drag and drop reads


def test_a_dropped_card_is_answered_in_json(as_organizer, briefing, arenberg):
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move",
        data=move_data("2026-02-03", "15:00", arenberg),
        headers=JSON,
    )
    assert response.status_code == 200
    assert response.json == {
        "ok": True,
        "message": "“Economic diplomacy briefing” moved to Tue 3 Feb, 15:00, Salle Arenberg. "
        "Diplomats and calendars will see the change.",
    }


def test_a_refused_drop_is_answered_with_each_clash_and_its_session(
    as_organizer, briefing, arenberg, create_session
):
    other = create_session(
        title="Team Belgium workshop",
        room=arenberg,
        starts_at=brussels(3, 14),
        ends_at=brussels(3, 15),
    )
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move",
        data=move_data("2026-02-03", "14:00", arenberg),
        headers=JSON,
    )
    assert response.status_code == 200
    answer = response.json
    assert answer["ok"] is False
    assert answer["message"] == "This session cannot be moved there:"
    [problem] = answer["problems"]
    assert "already taken at that time by “Team Belgium workshop”" in problem["message"]
    assert problem["url"] == f"/organizer/sessions/{other.id}"


def test_a_malformed_drop_is_answered_with_what_is_wrong(as_organizer, briefing):
    response = as_organizer.post(
        f"/organizer/sessions/{briefing.id}/move",
        data=move_data("2026-02-03", "25:99", room=None),
        headers=JSON,
    )
    assert response.json["ok"] is False
    [problem] = response.json["problems"]
    assert problem["message"].startswith("Starts at (Brussels time): ")
