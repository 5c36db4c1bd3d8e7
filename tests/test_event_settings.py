"""Organizers set the registration deadline and the contact address diplomats see."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import AuditLog


@pytest.fixture
def app_overrides():
    """Organizers set the deadline in the weeks before it (the demo clock, Brussels)."""
    return {"DEMO_NOW": "2026-01-12T10:00"}


def test_organizer_sets_the_deadline_in_brussels_time(client, event, organizer, login):
    login(organizer)
    response = client.post(
        "/organizer/settings",
        data={
            "deadline_day": "2026-01-23",
            "deadline_time": "17:00",
            "contact_email": " contactdays@diplobel.example ",
        },
    )
    assert response.status_code == 302
    db.session.refresh(event)
    # 17:00 in Brussels in January is 16:00 UTC.
    assert event.registration_deadline == datetime(2026, 1, 23, 16, 0, tzinfo=UTC)
    assert event.contact_email == "contactdays@diplobel.example"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "event.update"))
    assert entry.actor_id == organizer.id
    page = client.get("/organizer/settings").get_data(as_text=True)
    assert "until Friday 23 January 2026, 17:00" in page
    assert 'value="2026-01-23"' in page


def test_a_day_alone_means_five_in_the_afternoon(client, event, organizer, login):
    login(organizer)
    client.post("/organizer/settings", data={"deadline_day": "2026-01-30"})
    db.session.refresh(event)
    assert event.registration_deadline == datetime(2026, 1, 30, 16, 0, tzinfo=UTC)


def test_emptying_the_day_removes_the_deadline(client, event, organizer, login):
    event.registration_deadline = datetime(2026, 1, 23, 16, 0, tzinfo=UTC)
    db.session.commit()
    login(organizer)
    client.post("/organizer/settings", data={"deadline_day": "", "deadline_time": ""})
    db.session.refresh(event)
    assert event.registration_deadline is None


def test_bad_values_are_refused_with_messages_and_nothing_changes(client, event, organizer, login):
    login(organizer)
    page = client.post(
        "/organizer/settings",
        data={"deadline_day": "2026-02-31", "deadline_time": "25:00", "contact_email": "nope"},
    ).get_data(as_text=True)
    assert "Not a valid date value." in page
    assert "Enter a valid e-mail address." in page
    db.session.refresh(event)
    assert event.registration_deadline is None


def test_a_time_without_a_day_is_refused(client, event, organizer, login):
    login(organizer)
    page = client.post("/organizer/settings", data={"deadline_time": "12:00"}).get_data(
        as_text=True
    )
    assert "Give the day of the deadline too." in page


def test_diplomats_cannot_change_the_settings(client, event, diplomat, login):
    login(diplomat)
    response = client.post("/organizer/settings", data={"deadline_day": "2026-01-01"})
    assert response.status_code == 403
    db.session.refresh(event)
    assert event.registration_deadline is None


def test_after_the_deadline_the_settings_say_it_in_the_past_tense(client, event, organizer, login):
    event.registration_deadline = datetime(2026, 1, 9, 16, 0, tzinfo=UTC)  # 17:00 Brussels
    db.session.commit()
    login(organizer)
    page = client.get("/organizer/settings").get_data(as_text=True)
    assert "The registration deadline was Friday 9 January 2026, 17:00" in page
    assert "can change or cancel their registration until" not in page
