from playwright.sync_api import expect

from eventapp.extensions import db
from eventapp.models import Registration, RegistrationDay, RegistrationStatus, SessionKind

from ..support import brussels


def test_diplomat_signs_up_for_a_breakout_from_the_programme_and_finds_it_on_the_agenda(
    page, event, diplomat, create_session, create_room
):
    registration = Registration(
        event_id=event.id, user_id=diplomat.id, status=RegistrationStatus.CONFIRMED
    )
    registration.day_rows = [RegistrationDay(day=day) for day in event.days]
    db.session.add(registration)
    db.session.commit()
    create_session(title="Opening plenary", starts_at=brussels(3, 9), ends_at=brussels(3, 10))
    create_session(
        title="Breakout: export credit with Credendo",
        kind=SessionKind.WORKSHOP,
        room=create_room(name="Salon Louis XVI", capacity=60),
        capacity=30,
        signup_required=True,
        starts_at=brussels(3, 11),
        ends_at=brussels(3, 12, 30),
    )

    page.goto("/login")
    page.get_by_label("E-mail address").fill(diplomat.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_be_visible()

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Programme"
    ).click()
    page.get_by_role("link", name="Tue 3 Feb").click()
    breakout = page.locator(".programme-session", has_text="Breakout: export credit")
    expect(breakout).to_contain_text("Sign-up required · 30 places left")
    breakout.get_by_role("link", name="Breakout: export credit with Credendo").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Breakout: export credit")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".flash--success")).to_contain_text("You have a place")

    page.get_by_role("link", name="My agenda").first.click()
    tuesday = page.locator("#day-2026-02-03")
    expect(tuesday).to_contain_text("Breakout: export credit with Credendo")
    expect(tuesday).to_contain_text("You have a place")
    expect(tuesday).to_contain_text("Opening plenary")


def test_programme_fits_a_phone_screen(phone_page, event, create_session, create_room):
    create_session(
        title="Panel: international financial institutions as a lever for Belgian interests",
        room=create_room(name="Salle des Glaces"),
    )
    phone_page.goto("/programme")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Programme")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the programme scrolls sideways by {overflow}px on a phone"
