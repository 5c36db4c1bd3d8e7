from playwright.sync_api import expect

from eventapp.extensions import db
from eventapp.models import Registration, RegistrationDay, RegistrationStatus


def test_diplomat_copies_the_calendar_link_then_resets_it(page, live_server, event, diplomat):
    registration = Registration(
        event_id=event.id, user_id=diplomat.id, status=RegistrationStatus.CONFIRMED
    )
    registration.day_rows = [RegistrationDay(day=day) for day in event.days]
    db.session.add(registration)
    db.session.commit()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)

    page.goto("/login")
    page.get_by_label("E-mail address").fill(diplomat.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto("/agenda")

    field = page.get_by_label("Your personal calendar link")
    link = field.input_value()
    assert link.startswith(f"{live_server}/feeds/") and link.endswith(".ics")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("button", name="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert page.request.get(link).status == 200

    page.get_by_role("link", name="Reset link").click()
    page.get_by_role("button", name="Yes, reset my calendar link").click()
    expect(page.locator(".flash--success")).to_contain_text("the old link no longer works")
    assert page.get_by_label("Your personal calendar link").input_value() != link
    assert page.request.get(link).status == 404
