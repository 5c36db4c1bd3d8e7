"""Organizers read the audit log: who did what, newest first."""

from datetime import UTC, datetime, timedelta

import pytest

from eventapp.extensions import db
from eventapp.models import AuditLog, Role, SessionStatus


@pytest.fixture
def anne(create_user):
    return create_user(
        email="anne@example.org", role=Role.ORGANIZER, first_name="Anne", last_name="Lambert"
    )


@pytest.fixture
def as_anne(client, anne, login, event):
    login(anne)
    return client


@pytest.fixture
def create_entry(app):
    """An audit entry written at a given time, newest last."""
    start = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)

    def create_entry(action="room.create", minutes=0, actor=None, **values) -> AuditLog:
        entry = AuditLog(
            action=action,
            actor_id=actor.id if actor else None,
            at=start + timedelta(minutes=minutes),
            **values,
        )
        db.session.add(entry)
        db.session.commit()
        return entry

    return create_entry


def audit_page(client, query="") -> str:
    response = client.get(f"/organizer/audit{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_login(client, event):
    response = client.get("/organizer/audit")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_diplomat_is_refused_the_audit_log(client, event, diplomat, login):
    login(diplomat)
    assert client.get("/organizer/audit").status_code == 403


def test_empty_audit_log_says_nothing_is_recorded_yet(as_anne):
    assert "Nothing recorded yet" in audit_page(as_anne)


def test_organizer_actions_are_listed_newest_first_with_who_did_them(as_anne, anne):
    as_anne.post("/organizer/rooms/new", data={"name": "Salon Bleu", "capacity": "40"})
    as_anne.post("/organizer/speakers/new", data={"name": "Maxime Prévot"})
    page = audit_page(as_anne)
    assert page.index("speaker.create") < page.index("room.create")
    assert page.count("Anne Lambert") >= 2


def test_entry_shows_the_brussels_time(as_anne, create_entry):
    create_entry(minutes=0)  # 09:00 UTC is 10:00 in Brussels in January
    assert "Saturday 10 January 2026, 10:00:00" in audit_page(as_anne)


def test_entry_without_an_actor_is_by_the_system(as_anne, create_entry):
    create_entry(action="signup.expire", actor=None)
    page = audit_page(as_anne)
    assert "signup.expire" in page and "system" in page


def test_update_shows_old_and_new_values(as_anne, create_room):
    room = create_room(name="Salon Bleu", capacity=40)
    as_anne.post(
        f"/organizer/rooms/{room.id}/edit", data={"name": "Salon Rubens", "capacity": "60"}
    )
    page = audit_page(as_anne)
    assert "Name: Salon Bleu → Salon Rubens; Capacity: 40 → 60" in page


def test_lists_in_details_are_joined(as_anne, create_entry):
    create_entry(action="session.publish", details={"titles": ["Opening", "Lunch"]})
    assert "Opening, Lunch" in audit_page(as_anne)


def test_session_times_in_details_are_shown_in_brussels_time(as_anne, create_entry):
    create_entry(
        action="session.update",
        details={"changed": {"starts_at": {"old": "2026-02-02T08:30:00+00:00", "new": None}}},
    )
    assert "Start: Mon 2 Feb, 09:30 → —" in audit_page(as_anne)


def test_session_entry_links_to_the_session_while_it_exists(as_anne, create_session, create_entry):
    session = create_session(status=SessionStatus.DRAFT)
    create_entry(action="session.create", target_type="Session", target_id=session.id)
    create_entry(action="session.delete", target_type="Session", target_id=session.id + 1000)
    page = audit_page(as_anne)
    assert f'href="/organizer/sessions/{session.id}"' in page
    assert f"Session #{session.id + 1000}" in page
    assert f'href="/organizer/sessions/{session.id + 1000}"' not in page


def test_audit_log_shows_fifty_entries_a_page(as_anne, create_entry):
    for minute in range(51):
        create_entry(action=f"test.entry-{minute:02d}", minutes=minute)
    first = audit_page(as_anne)
    assert first.count("<code>") == 50
    assert "test.entry-50" in first and "test.entry-00" not in first
    assert "Page 1 of 2" in first
    assert 'href="/organizer/audit?page=2"' in first
    second = audit_page(as_anne, "?page=2")
    assert second.count("<code>") == 1
    assert "test.entry-00" in second


@pytest.mark.parametrize("page_number", ["abc", "0", "-3", ""])
def test_odd_page_numbers_show_the_first_page(as_anne, create_entry, page_number):
    create_entry(action="room.create")
    assert "room.create" in audit_page(as_anne, f"?page={page_number}")


@pytest.mark.parametrize("page_number", ["3", "99999999999999999999999"])
def test_page_past_the_last_offers_the_newest_entries(as_anne, create_entry, page_number):
    create_entry(action="room.create")
    page = audit_page(as_anne, f"?page={page_number}")
    assert "Nothing on this page" in page
    assert "room.create" not in page


def test_audit_log_filters_by_action_prefix(as_anne, create_entry):
    create_entry(action="room.create", minutes=1)
    create_entry(action="session.publish", minutes=2)
    page = audit_page(as_anne, "?action=room.")
    assert "room.create" in page
    assert "session.publish" not in page


def test_filter_without_matches_offers_to_show_all(as_anne, create_entry):
    create_entry(action="room.create")
    assert "No actions of this kind yet" in audit_page(as_anne, "?action=speaker.")


def test_registration_and_invitation_actions_have_their_filters(as_anne, create_entry):
    create_entry(action="registration.confirm", minutes=1, target_type="Registration")
    create_entry(action="invitation.revoke", minutes=2, target_type="Invitation")
    page = audit_page(as_anne)
    assert 'href="/organizer/audit?action=registration."' in page
    assert 'href="/organizer/audit?action=invitation."' in page
    only = audit_page(as_anne, "?action=registration.")
    assert "registration.confirm" in only
    assert "invitation.revoke" not in only
