"""Finding one's way in a browser: the organizer menu fits a laptop and a phone, and every
page's h1 is larger than its h2s (issue 18)."""

import re

import pytest
from playwright.sync_api import expect

from ..test_demo import seed
from ..test_i18n import VIEWERS, demo_ids_and_tokens, urls_for

SIZES = {"laptop": (1280, 800), "phone": (390, 844)}
# A page of each group, and the pages its row must show.
GROUPS = {
    "/organizer/grid": (
        "Programme",
        [
            "Week grid",
            "Sessions",
            "Rooms",
            "Organisations",
            "Speakers",
            "Documents",
            "Publish",
            "Changes",
        ],
    ),
    "/organizer/attendees": (
        "People",
        ["Invitations", "Attendees", "Arrivals", "Messages", "Partners", "Door staff", "Check-in"],
    ),
    "/organizer/meetings": ("Meetings", ["Overview", "Windows", "Table plans"]),
    "/organizer/settings": ("Settings and data", ["Settings", "Import / export", "Audit log"]),
}


@pytest.fixture
def demo(runner):
    seed(runner)


def tab_of_size(browser, live_server, size: str):
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server, locale="en-GB", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def log_in(page, viewer: str):
    email, password = VIEWERS[viewer]
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_be_visible()


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("address", GROUPS)
def test_the_organizer_menu_shows_every_page_of_the_group_shown(
    browser, live_server, demo, size, address
):
    context, page = tab_of_size(browser, live_server, size)
    log_in(page, "organizer")
    page.goto(address)
    group, tabs = GROUPS[address]
    menu = page.get_by_role("navigation", name="Organizer area")
    groups = menu.locator(".area-nav__group")
    expect(groups).to_have_text(["Programme", "People", "Meetings", "Settings and data"])
    for index in range(3):
        assert in_viewport(page, groups.nth(index)), f"group {index + 1} out of view"
    row = menu.get_by_role("list", name=group)
    expect(row.get_by_role("listitem")).to_have_text(tabs)
    for tab in tabs:
        assert in_viewport(page, row.get_by_text(tab, exact=True)), f"{tab} out of view"
    expect(row.locator('[aria-current="page"]')).to_have_count(1)
    assert sideways_overflow(page) <= 0, f"{address} scrolls sideways at {size}"
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_settings_is_one_click_away_from_the_week_grid(browser, live_server, demo, size):
    context, page = tab_of_size(browser, live_server, size)
    log_in(page, "organizer")
    page.goto("/organizer/grid")
    menu = page.get_by_role("navigation", name="Organizer area")
    menu.get_by_role("link", name="Settings and data").click()
    expect(page).to_have_url(f"{live_server}/organizer/settings")
    expect(menu.locator('[aria-current="page"]')).to_have_text("Settings")
    assert in_viewport(page, menu.get_by_text("Settings", exact=True))
    context.close()


def pages_with_h2(app, viewer: str) -> list[str]:
    """The demo pages `viewer` can read that have an h2 to compare the h1 with."""
    ids, tokens = demo_ids_and_tokens(app)
    client = app.test_client()
    email, password = VIEWERS[viewer]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").text)
    login = {"email": email, "password": password, "csrf_token": token.group(1)}
    assert client.post("/login", data=login).status_code == 302, "the CSRF token was not found"
    found = []
    for _endpoint, url in urls_for(app, ids, tokens):
        response = client.get(url)
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and "<h2" in response.text
        ):
            found.append(url)
    return found


@pytest.mark.parametrize("viewer", ["diplomat", "organizer"])
def test_every_pages_h1_is_larger_than_its_h2s(app, browser, live_server, demo, viewer):
    """On a phone, where the h1 is smallest."""
    addresses = pages_with_h2(app, viewer)
    assert len(addresses) >= 5
    context, page = tab_of_size(browser, live_server, "phone")
    log_in(page, viewer)
    smaller = {}
    for address in addresses:
        page.goto(address)
        sizes = page.evaluate(
            """() => {
                const size = (element) => parseFloat(getComputedStyle(element).fontSize);
                return {
                    h1: [...document.querySelectorAll("h1")].map(size),
                    h2: [...document.querySelectorAll("h2")].map(size),
                };
            }"""
        )
        if len(sizes["h1"]) != 1 or sizes["h1"][0] <= max(sizes["h2"], default=0):
            smaller[address] = sizes
    context.close()
    assert smaller == {}
