"""The check-in page in a browser: by typed code, by name, through the function the camera
calls, and offline then online (Playwright sets the context offline: the scan waits in
IndexedDB, the page says it was not checked, and once back online it is sent and
recorded once). The camera itself cannot run headless; a decoded QR code goes through
`window.doorCheckIn`, which the tests call directly.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.door.badges import ensure_badge_code
from eventapp.extensions import db
from eventapp.models import CheckIn


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True, "DEMO_NOW": "2026-02-03T08:52"}


# A badge that lets nobody in is answered 4xx, as without JavaScript: chromium logs each
# such fetch as a console error, which these tests expect; any other error fails them.
EXPECTED_REFUSAL = re.compile(r"Failed to load resource: .* status of 4(00|04|09) ")


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not EXPECTED_REFUSAL.search(message.text)
            and errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"the browser reported errors: {errors}"


@pytest.fixture
def door_page(page, door_staff, event):
    page.goto("/login")
    page.get_by_label("E-mail address").fill(door_staff.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto("/door")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in")
    return page


def check_ins() -> list[CheckIn]:
    db.session.expire_all()
    rows = db.session.scalars(select(CheckIn)).all()
    db.session.rollback()
    return rows


def answer(page):
    return page.locator("#door-answer .door-answer__headline")


def test_a_typed_code_is_answered_on_the_page_without_reloading(door_page, attending):
    registration = attending(first_name="Ana", last_name="Silva")
    registration.dietary = "Vegetarian"
    db.session.commit()
    code = ensure_badge_code(registration)
    door_page.get_by_label("Badge code").fill(code)
    door_page.get_by_role("button", name="Check in", exact=True).click()
    expect(answer(door_page)).to_have_text("Welcome, Ambassador Ana Silva")
    expect(door_page.locator("#door-answer")).to_contain_text("Vegetarian")
    expect(door_page).to_have_url(re.compile(r"/door$"))
    assert len(check_ins()) == 1
    # The same badge again: amber, with the time and who let them in.
    door_page.get_by_role("link", name="Next").click()
    expect(door_page.locator("#door-answer")).to_be_empty()
    door_page.get_by_label("Badge code").fill(code)
    door_page.get_by_role("button", name="Check in", exact=True).click()
    expect(answer(door_page)).to_have_text(re.compile(r"Already checked in today at 08:52"))
    assert len(check_ins()) == 1


def test_a_code_the_camera_decodes_goes_through_the_same_check_in(door_page, attending):
    code = ensure_badge_code(attending(first_name="Ana", last_name="Silva"))
    door_page.evaluate("(code) => window.doorCheckIn({code})", code)
    expect(answer(door_page)).to_have_text("Welcome, Ambassador Ana Silva")
    door_page.evaluate("(code) => window.doorCheckIn({code})", "A" * 32)
    expect(answer(door_page)).to_have_text("Unknown or replaced badge")
    assert len(check_ins()) == 1


def test_a_person_found_by_name_without_accents_is_checked_in(door_page, attending):
    attending(first_name="Élodie", last_name="Dubois")
    attending(first_name="Ana", last_name="Silva")
    door_page.get_by_label("Find by name").fill("elodie")
    door_page.get_by_role("button", name="Search").click()
    expect(door_page.locator(".door-person")).to_have_count(1)
    door_page.get_by_role("button", name="Check in Élodie Dubois").click()
    expect(answer(door_page)).to_have_text("Welcome, Ambassador Élodie Dubois")
    assert len(check_ins()) == 1


def test_offline_scans_wait_on_the_phone_and_are_recorded_once_back_online(door_page, attending):
    code = ensure_badge_code(attending(first_name="Ana", last_name="Silva"))
    door_page.context.set_offline(True)
    door_page.get_by_label("Badge code").fill(code)
    door_page.get_by_role("button", name="Check in", exact=True).click()
    expect(answer(door_page)).to_have_text("Saved offline: NOT checked")
    expect(door_page.locator("#door-waiting")).to_have_text("1 scan waiting to be sent")
    expect(door_page.locator("#door-offline-notice")).to_contain_text(
        "An offline scan was NOT checked against the server."
    )
    assert check_ins() == []
    door_page.context.set_offline(False)
    expect(door_page.locator("#door-synced")).to_contain_text(
        "Synced: Welcome, Ambassador Ana Silva"
    )
    expect(door_page.locator("#door-waiting")).to_be_hidden()
    [row] = check_ins()
    assert row.offline is True and row.client_key
