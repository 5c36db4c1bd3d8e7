"""The demo clock (EVENTAPP_DEMO_NOW): the app's "now" starts at a chosen moment and runs on
from there, and everything that asks the time (the agenda's now and next, deadlines,
link expiry, the purge) follows it."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp import clock
from eventapp.extensions import db
from eventapp.models import (
    Invitation,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    utcnow,
)

from .support import brussels
from .test_invitations import invite_through_service

TUESDAY_MORNING = "2026-02-03T10:30"  # Brussels time: what scripts/demo starts at


@pytest.fixture
def app_overrides(request):
    """The demo clock at the moment a test gives (`indirect` parametrisation)."""
    return {"DEMO_NOW": getattr(request, "param", TUESDAY_MORNING)}


def at(moment: str):
    """Run the test with the demo clock started at `moment`."""
    return pytest.mark.parametrize("app_overrides", [moment], indirect=True, ids=[moment])


def register_for_the_week(event, user) -> Registration:
    registration = Registration(
        event_id=event.id, user_id=user.id, status=RegistrationStatus.CONFIRMED
    )
    registration.day_rows = [RegistrationDay(day=day) for day in event.days]
    db.session.add(registration)
    db.session.commit()
    return registration


def marked(html: str, kind: str) -> list[str]:
    pattern = rf'agenda-item--{kind}.*?class="session-title"><a[^>]*><span>([^<]+)'
    return re.findall(pattern, html, re.S)


# The clock itself


def test_the_demo_clock_starts_at_the_brussels_moment_given(app):
    assert abs(utcnow() - datetime(2026, 2, 3, 9, 30, tzinfo=UTC)) < timedelta(seconds=5)


@at("2026-02-03T09:30:00+00:00")
def test_a_moment_with_an_offset_is_taken_as_it_is(app):
    assert abs(utcnow() - datetime(2026, 2, 3, 9, 30, tzinfo=UTC)) < timedelta(seconds=5)


def test_the_demo_clock_runs_forward_with_the_real_time(app, monkeypatch):
    started = utcnow()
    real = clock.time.monotonic()
    monkeypatch.setattr(clock.time, "monotonic", lambda: real + 600)
    assert timedelta(minutes=10) <= utcnow() - started < timedelta(minutes=10, seconds=5)


def test_outside_an_app_the_clock_is_the_real_time():
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


# What follows it


@at("2026-02-02T09:45")
def test_the_agenda_marks_now_and_next_at_the_demo_moment(
    client, event, create_user, create_session, login
):
    create_session(title="Opening plenary", starts_at=brussels(2, 9), ends_at=brussels(2, 10))
    create_session(title="Coffee break", starts_at=brussels(2, 10), ends_at=brussels(2, 10, 30))
    create_session(title="Panel", starts_at=brussels(2, 11), ends_at=brussels(2, 12))
    user = create_user()
    register_for_the_week(event, user)
    login(user)
    html = client.get("/agenda").get_data(as_text=True)
    assert marked(html, "now") == ["Opening plenary"]
    assert marked(html, "next") == ["Coffee break"]


@at("2026-01-22T10:00")
def test_before_the_deadline_on_the_demo_clock_the_diplomat_may_change(client, event, organizer):
    event.registration_deadline = datetime(2026, 1, 23, 16, 0, tzinfo=UTC)
    db.session.commit()
    link = invite_through_service(client.application, event, organizer)
    page = client.get(link).get_data(as_text=True)
    assert "The registration deadline was" not in page
    assert 'name="password"' in page


@at("2026-01-24T10:00")
def test_after_the_deadline_on_the_demo_clock_changes_are_closed(client, event, organizer):
    event.registration_deadline = datetime(2026, 1, 23, 16, 0, tzinfo=UTC)
    db.session.commit()
    link = invite_through_service(client.application, event, organizer)
    page = client.get(link).get_data(as_text=True)
    assert "The registration deadline was Friday 23 January 2026" in page


def test_an_invitation_link_works_until_its_expiry_on_the_demo_clock(client, event, organizer):
    link = invite_through_service(client.application, event, organizer)
    invitation = db.session.scalar(select(Invitation))
    # What the demo's links look like: sent in January, valid until 11 February.
    invitation.expires_at = datetime(2026, 2, 11, 9, 0, tzinfo=UTC)
    db.session.commit()
    assert client.get(link).status_code == 200


def test_the_purge_counts_the_event_as_running_on_the_demo_clock(runner, event, diplomat):
    result = runner.invoke(args=["purge-personal-data"])
    assert result.exit_code != 0
    assert "ends on 2026-02-06" in result.output


def test_on_the_demo_tuesday_the_demos_resent_links_still_work(runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    client.post("/login", data={"email": "organizer@example.org", "password": "demo-organizer"})
    page = client.get("/organizer/invitations").get_data(as_text=True)
    # Sent again on 12 January for 30 days: three wait for an answer, five expired.
    assert page.count("badge--invitation-sent") == 3
    assert page.count("badge--invitation-expired") == 5
