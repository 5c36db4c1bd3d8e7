"""Heads of post register with their invitation link, or decline it; then they see,
change or cancel their own registration until the deadline, and read it after."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.invitations import services
from eventapp.invitations.services import StatusChangeNotAllowed
from eventapp.mail import outbox
from eventapp.models import (
    AuditLog,
    DiplomatFunction,
    Invitation,
    Registration,
    RegistrationDay,
    RegistrationStatus,
    SignUp,
    SignUpStatus,
    User,
    utcnow,
)
from eventapp.signups import services as signups

from .support import brussels
from .test_invitations import invite_through_service

PASSWORD = "a long enough passphrase"


def registration_form(**values):
    """What the invitation's form posts: a valid registration, changed by `values`."""
    data = {
        "first_name": "Hélène",
        "last_name": "Lefèvre-Dubois",
        "function": "consul_general",
        "post_city": "New York",
        "post_country": "United States",
        "days": ["2026-02-02", "2026-02-03"],
        "arrival_at": "2026-02-01T18:30",
        "departure_at": "2026-02-06T17:00",
        "dietary": "Vegetarian",
        "accessibility": "",
        "language": "fr",
        "mobile_phone": "+32 478 12 34 56",
        "remarks": "",
        "password": PASSWORD,
        "confirm_password": PASSWORD,
        "consent": "y",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def change_form(**values):
    """What /registration posts: the same details, without password and consent."""
    data = registration_form(**values)
    for key in ("password", "confirm_password", "consent"):
        data.pop(key, None)
    return data


def registration_of(email="consul@example.org") -> Registration:
    return db.session.scalar(
        select(Registration).join(Registration.user).where(User.email == email)
    )


def user_of(email="consul@example.org") -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def invited(app, event, organizer):
    """Invite someone (see test_invitations); returns their link's path. The invitation
    mail is left out of the outbox: tests here look at the mails after it."""

    def invited(**values) -> str:
        link = invite_through_service(app, event, organizer, **values)
        outbox().clear()
        return link

    return invited


@pytest.fixture
def registered(client, invited):
    """A diplomat registered through their link, logged in; the mails so far cleared."""
    response = client.post(invited(), data=registration_form(language="en"))
    assert response.status_code == 302, "registration failed"
    outbox().clear()
    return registration_of()


# The form


def test_invitation_link_shows_the_form_with_the_invitees_details_and_the_days(client, invited):
    page = client.get(invited()).get_data(as_text=True)
    assert 'value="Hélène"' in page and 'value="New York"' in page
    for day in ("Monday 2 February", "Wednesday 4 February", "Friday 6 February"):
        assert day in page
    assert 'type="datetime-local"' in page
    assert "How we handle your personal data" in page
    assert "I cannot attend" in page


def test_registration_sets_password_details_and_consent_and_logs_in(client, invited):
    response = client.post(invited(), data=registration_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    registration = registration_of()
    user = registration.user
    assert registration.status == RegistrationStatus.REGISTERED
    assert user.check_password(PASSWORD)
    assert user.last_name == "Lefèvre-Dubois" and user.language == "fr"
    assert registration.days == [date(2026, 2, 2), date(2026, 2, 3)]
    assert registration.dietary == "Vegetarian"
    assert registration.consent_at is not None
    invitation = db.session.scalar(select(Invitation).where(Invitation.user_id == user.id))
    assert invitation.accepted_at is not None
    assert client.get("/registration").status_code == 200  # logged in


def test_registration_mails_the_diplomat_in_their_language(client, invited):
    client.post(invited(language="en"), data=registration_form(language="nl"))
    [mail] = outbox()
    assert mail.to == "consul@example.org"
    assert "Diplomatieke Contactdagen 2026" in mail.subject
    assert "maandag 2 februari" in mail.body


def test_arrival_and_departure_are_brussels_times_stored_in_utc(client, invited):
    client.post(invited(), data=registration_form())
    registration = registration_of()
    assert registration.arrival_at == datetime(2026, 2, 1, 17, 30, tzinfo=UTC)
    assert registration.departure_at == datetime(2026, 2, 6, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["+32 478 12 34 56", "+32478123456", "0032478123456"])
def test_mobile_phone_is_stored_in_international_format(client, invited, typed):
    client.post(invited(), data=registration_form(mobile_phone=typed))
    assert registration_of().mobile_phone == "+32478123456"


def refused(client, link, message, **values):
    """Post the form with `values`; assert it is shown again with `message`, nothing saved."""
    response = client.post(link, data=registration_form(**values))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    registration = registration_of()
    assert registration.status == RegistrationStatus.INVITED
    assert registration.user.password_hash is None
    assert outbox() == []
    return page


def test_registration_refuses_a_short_password(client, invited):
    refused(
        client,
        invited(),
        "Use between 10 and 200 characters.",
        password="short",
        confirm_password="short",
    )


def test_registration_refuses_passwords_that_differ(client, invited):
    refused(client, invited(), "The two passwords differ.", confirm_password="something else")


def test_registration_refuses_no_day(client, invited):
    refused(client, invited(), "Choose at least one day.", days=[])


def test_registration_refuses_a_day_outside_the_event(client, invited):
    refused(client, invited(), "is not a valid choice", days=["2026-02-09"])


def test_registration_refuses_a_bad_phone_number(client, invited):
    refused(client, invited(), "Enter a valid phone number", mobile_phone="12345")


def test_registration_refuses_departure_before_arrival(client, invited):
    refused(
        client,
        invited(),
        "Departure must be after arrival.",
        arrival_at="2026-02-03T10:00",
        departure_at="2026-02-02T10:00",
    )


def test_registration_refuses_an_arrival_far_from_the_event(client, invited):
    refused(client, invited(), "Give a time between", arrival_at="2025-12-24T10:00")


def test_registration_refuses_a_date_that_is_not_one(client, invited):
    refused(client, invited(), "Not a valid datetime value", arrival_at="tomorrow")


def test_registration_refuses_no_consent(client, invited):
    refused(client, invited(), "Without your agreement we cannot register you.", consent=None)


def test_invitation_link_works_only_once(client, invited):
    link = invited()
    client.post(link, data=registration_form())
    client.post("/logout")
    again = client.post(link, data=registration_form(password="another passphrase"))
    assert again.status_code == 404
    assert "This invitation has already been used" in again.get_data(as_text=True)
    assert user_of().check_password(PASSWORD)


# Declining


def test_decline_asks_for_confirmation_first(client, invited):
    link = invited()
    page = client.get(f"{link}/decline").get_data(as_text=True)
    assert "Yes, I decline the invitation" in page
    assert registration_of().status == RegistrationStatus.INVITED


def test_decline_records_it_uses_up_the_link_and_mails_the_diplomat(client, invited):
    link = invited()
    response = client.post(f"{link}/decline")
    assert response.status_code == 302
    assert registration_of().status == RegistrationStatus.DECLINED
    [mail] = outbox()
    assert mail.to == "consul@example.org"
    assert "« Invité » à « Décliné »" in mail.body or "“Invité” to “Décliné”" in mail.body
    again = client.get(link)
    assert again.status_code == 404
    assert "You have declined this invitation" in again.get_data(as_text=True)
    assert user_of().password_hash is None


# Seeing, changing and cancelling one's registration


def test_registration_page_needs_a_login(client, event):
    response = client.get("/registration")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_registration_page_is_refused_to_organizers(client, event, organizer, login):
    login(organizer)
    assert client.get("/registration").status_code == 403


def test_registration_page_shows_the_diplomats_own_details(client, registered):
    page = client.get("/registration").get_data(as_text=True)
    assert 'value="Lefèvre-Dubois"' in page
    assert 'value="2026-02-01T18:30"' in page
    assert 'value="+32478123456"' in page
    assert re.search(r'checked[^>]*value="2026-02-02"|value="2026-02-02"[^>]*checked', page)


def test_a_diplomat_sees_only_their_own_registration(client, registered, invited, login):
    other_link = invited(email="other@example.org", first_name="Piet", last_name="Janssens")
    client.post("/logout")
    client.post(
        other_link,
        data=registration_form(
            first_name="Piet", last_name="Janssens", mobile_phone="+32 470 00 00 01"
        ),
    )
    page = client.get("/registration").get_data(as_text=True)
    assert 'value="Janssens"' in page and "+32470000001" in page
    assert "Lefèvre-Dubois" not in page and "+32478123456" not in page


def test_diplomat_changes_their_registration_before_the_deadline(client, registered, event):
    event.registration_deadline = utcnow() + timedelta(days=1)
    db.session.commit()
    response = client.post(
        "/registration",
        data=change_form(days=["2026-02-05"], dietary="Halal", language="en"),
    )
    assert response.status_code == 302
    registration = registration_of()
    assert registration.days == [date(2026, 2, 5)]
    assert registration.dietary == "Halal"
    assert registration.user.language == "en"
    assert registration.status == RegistrationStatus.REGISTERED
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "registration.update"))


def test_a_change_is_checked_like_the_first_registration(client, registered):
    page = client.post(
        "/registration", data=change_form(mobile_phone="nonsense", days=[])
    ).get_data(as_text=True)
    assert "Enter a valid phone number" in page
    assert "Choose at least one day." in page
    assert registration_of().days == [date(2026, 2, 2), date(2026, 2, 3)]


def test_registration_is_read_only_after_the_deadline(client, registered, event):
    event.registration_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get("/registration").get_data(as_text=True)
    assert 'name="first_name"' not in page
    assert 'action="/registration"' not in page
    assert "To change anything, write to contactdays@example.org" in page
    assert "Monday 2 February, Tuesday 3 February" in page


def test_after_the_deadline_the_registration_says_when_changes_closed(client, registered, event):
    event.registration_deadline = datetime(2026, 1, 23, 16, 0, tzinfo=UTC)  # 17:00 Brussels
    db.session.commit()
    page = client.get("/registration").get_data(as_text=True)
    assert (
        "Changes closed on Friday 23 January 2026. To change anything, write to "
        "contactdays@example.org." in page
    )


def test_after_the_deadline_the_invitation_page_says_registering_still_works(
    client, invited, event
):
    event.registration_deadline = datetime(2026, 1, 23, 16, 0, tzinfo=UTC)
    db.session.commit()
    page = client.get(invited()).get_data(as_text=True)
    assert "The registration deadline was Friday 23 January 2026: you can still register" in page
    assert 'name="password"' in page


def test_registering_after_the_deadline_mails_that_changes_are_closed(client, invited, event):
    event.registration_deadline = datetime(2026, 1, 23, 16, 0, tzinfo=UTC)
    db.session.commit()
    client.post(invited(), data=registration_form(language="en"))
    [mail] = outbox()
    assert "Changes closed on Friday 23 January 2026." in mail.body
    assert "You can change or cancel your registration" not in mail.body


def test_changes_after_the_deadline_are_refused(client, registered, event):
    event.registration_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post("/registration", data=change_form(dietary="Halal"))
    assert response.status_code == 403
    assert registration_of().dietary == "Vegetarian"


def test_diplomat_cancels_after_a_confirmation_page_and_is_mailed(client, registered):
    confirm = client.get("/registration/cancel").get_data(as_text=True)
    assert "Yes, cancel my registration" in confirm
    assert registration_of().status == RegistrationStatus.REGISTERED
    response = client.post("/registration/cancel")
    assert response.status_code == 302
    assert registration_of().status == RegistrationStatus.CANCELLED
    [mail] = outbox()
    assert mail.to == "consul@example.org"
    assert mail.subject.endswith("“Cancelled”")
    page = client.get("/registration").get_data(as_text=True)
    assert 'name="first_name"' not in page


def test_a_confirmed_registration_can_be_cancelled_too(client, registered, organizer):
    services.change_status(registered, RegistrationStatus.CONFIRMED, organizer)
    client.post("/registration/cancel")
    assert registration_of().status == RegistrationStatus.CANCELLED


def test_cancelling_after_the_deadline_is_refused(client, registered, event):
    event.registration_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/registration/cancel")
    assert registration_of().status == RegistrationStatus.REGISTERED
    assert outbox() == []


def test_home_page_shows_the_diplomats_status_and_days(client, registered):
    card = client.get("/").get_data(as_text=True).split('id="my-registration"')[1]
    card = card.split("</li>")[0]
    assert 'href="/registration"' in card
    assert ">Registered<" in card
    assert "Monday 2 February, Tuesday 3 February" in card


# The state table, for the organizers' confirm and reject too


def test_change_status_confirms_audits_and_mails_the_diplomat_in_their_language(
    client, registered, organizer
):
    services.change_status(registered, RegistrationStatus.CONFIRMED, organizer)
    assert registration_of().status == RegistrationStatus.CONFIRMED
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "registration.confirm"))
    assert entry.actor_id == organizer.id
    assert entry.details["old"] == "registered" and entry.details["new"] == "confirmed"
    [mail] = outbox()
    assert mail.to == "consul@example.org"
    assert "Your participation is confirmed." in mail.body


def test_change_status_refuses_what_the_table_does_not_allow(client, invited, organizer):
    invited()
    registration = registration_of()
    with pytest.raises(StatusChangeNotAllowed):
        services.change_status(registration, RegistrationStatus.CONFIRMED, organizer)
    assert registration_of().status == RegistrationStatus.INVITED
    assert outbox() == []


def test_registration_status_mail_works_with_what_organizer_pages_pass(app, registered):
    from eventapp.mail import queue_mail

    with app.test_request_context():
        mail = queue_mail(
            "consul@example.org",
            "registration_status",
            "fr",
            registration=registered,
            old=RegistrationStatus.REGISTERED,
            new=RegistrationStatus.REJECTED,
        )
        db.session.rollback()
    assert "Hélène Lefèvre-Dubois" in mail.body
    assert "contactdays@example.org" in mail.body


# Limits


def test_invitation_link_is_rate_limited_per_address(app, client, invited):
    app.config["INVITATION_LIMIT"] = "3 per hour"
    link = invited()
    for _attempt in range(3):
        assert client.get("/invitation/guess-" + str(_attempt)).status_code == 404
    assert client.get(link).status_code == 429


def test_registration_day_rows_are_replaced_not_duplicated(client, registered):
    client.post("/registration", data=change_form(days=["2026-02-03", "2026-02-04"]))
    rows = db.session.scalars(
        select(RegistrationDay).where(RegistrationDay.registration_id == registered.id)
    ).all()
    assert sorted(row.day for row in rows) == [date(2026, 2, 3), date(2026, 2, 4)]


def test_profile_function_and_post_follow_the_registration(client, invited):
    client.post(invited(), data=registration_form(function="ambassador", post_city="Washington"))
    profile = user_of().profile
    assert profile.function == DiplomatFunction.AMBASSADOR
    assert profile.post_city == "Washington"


# Places in sessions follow the registration


@pytest.fixture
def monday_breakout(app, registered, create_session, create_user, event):
    """A one-place breakout on Monday: the registered diplomat holds the place and
    another diplomat waits first in line."""
    session = create_session(
        title="Breakout: trade missions",
        starts_at=brussels(2, 14),
        ends_at=brussels(2, 15),
        capacity=1,
        signup_required=True,
    )
    waiting = create_user(email="waiting@example.org")
    waiting_registration = Registration(
        event_id=event.id, user_id=waiting.id, status=RegistrationStatus.CONFIRMED
    )
    waiting_registration.day_rows = [RegistrationDay(day=day) for day in event.days]
    db.session.add(waiting_registration)
    db.session.commit()
    with app.test_request_context():
        signups.sign_up(session, registered.user)
        signups.sign_up(session, waiting)
    outbox().clear()
    return session


def place_of(session, email):
    signup = db.session.scalar(
        select(SignUp).join(SignUp.user).where(SignUp.session_id == session.id, User.email == email)
    )
    db.session.refresh(signup)
    return signup.status, signup.position


def test_cancelling_the_registration_gives_up_places_to_the_waitlist(client, monday_breakout):
    client.post("/registration/cancel")
    assert place_of(monday_breakout, "consul@example.org") == (SignUpStatus.CANCELLED, None)
    assert place_of(monday_breakout, "waiting@example.org") == (SignUpStatus.CONFIRMED, None)
    assert "waiting@example.org" in [mail.to for mail in outbox()]


def test_a_rejected_registration_gives_up_its_places(client, monday_breakout, organizer):
    services.change_status(registration_of(), RegistrationStatus.REJECTED, organizer)
    assert place_of(monday_breakout, "consul@example.org") == (SignUpStatus.CANCELLED, None)
    assert place_of(monday_breakout, "waiting@example.org") == (SignUpStatus.CONFIRMED, None)


def test_dropping_a_day_gives_up_only_that_days_places(client, monday_breakout, create_session):
    tuesday = create_session(
        title="Breakout: consular crises",
        starts_at=brussels(3, 14),
        ends_at=brussels(3, 15),
        capacity=5,
        signup_required=True,
    )
    with client.application.test_request_context():
        signups.sign_up(tuesday, registration_of().user)
    response = client.post("/registration", data=change_form(days=["2026-02-03"], language="en"))
    assert response.status_code == 302
    assert place_of(monday_breakout, "consul@example.org") == (SignUpStatus.CANCELLED, None)
    assert place_of(monday_breakout, "waiting@example.org") == (SignUpStatus.CONFIRMED, None)
    assert place_of(tuesday, "consul@example.org") == (SignUpStatus.CONFIRMED, None)
