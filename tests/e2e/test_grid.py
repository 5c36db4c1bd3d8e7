"""The week grid in a browser: creating a session from a free slot, and the grid on a phone."""

import re

from playwright.sync_api import expect

from ..support import brussels

TUESDAY = "2026-02-03"


def log_in(page, user):
    page.goto("/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_be_visible()


def lane_class_of(locator) -> str:
    return re.search(r"\blane-\d+\b", locator.get_attribute("class")).group(0)


def assert_inside_horizontally(inner, outer):
    box, frame = inner.bounding_box(), outer.bounding_box()
    assert frame["x"] - 1 <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1


def test_organizer_creates_a_session_from_a_free_slot_and_finds_it_in_its_day_and_room(
    page, organizer, create_room
):
    create_room(name="Salle des Glaces", capacity=250)
    arenberg = create_room(name="Salle Arenberg", capacity=80)
    log_in(page, organizer)

    page.goto("/organizer/grid")
    expect(page.get_by_role("heading", name="No sessions yet — add the first one")).to_be_visible()
    page.get_by_role("link", name="Tue 3 Feb").click()
    page.get_by_role(
        "link", name="Add a session on Tuesday 3 February at 10:00 in Salle Arenberg"
    ).click()

    expect(page.get_by_label("Day")).to_have_value(TUESDAY)
    expect(page.get_by_label("Starts at (Brussels time)")).to_have_value("10:00")
    expect(page.get_by_label("Room")).to_have_value(str(arenberg.id))
    page.get_by_label("Title (English)").fill("Economic diplomacy breakout")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/organizer/grid\?day={TUESDAY}#session-\d+$"))
    session_id = page.url.rsplit("#session-", 1)[1]
    block = page.locator(f"#session-{session_id}")
    expect(block).to_contain_text("Economic diplomacy breakout")
    expect(block).to_contain_text("10:00–11:00")
    expect(block).to_contain_text("Draft")

    # The day view: the block is in Tuesday's column, in the Salle Arenberg lane.
    tuesday = page.locator(f"#day-{TUESDAY}")
    lane = tuesday.locator(f".grid-lane[data-room-id='{arenberg.id}']")
    expect(lane.locator(f"#session-{session_id}")).to_have_count(1)
    assert lane_class_of(block) == lane_class_of(lane)
    assert_inside_horizontally(block, lane)
    assert_inside_horizontally(block, tuesday)

    # The week view: Tuesday now has the room's lane, and the block sits in it, drawn
    # below the lane's name, at 10:00.
    page.get_by_role("link", name="Whole week").click()
    tuesday = page.locator(f"#day-{TUESDAY}")
    lane = tuesday.locator(f".grid-lane[data-room-id='{arenberg.id}']")
    block = lane.locator(f"#session-{session_id}")
    block.scroll_into_view_if_needed()
    expect(block).to_be_visible()
    assert lane_class_of(block) == lane_class_of(lane)
    assert_inside_horizontally(block, lane)
    assert_inside_horizontally(lane, tuesday)
    head = lane.locator(".grid-lane__head").bounding_box()
    assert block.bounding_box()["y"] > head["y"] + head["height"] - 1
    ten = tuesday.locator(".grid-hour", has_text="10:00").bounding_box()
    assert abs(block.bounding_box()["y"] - ten["y"]) < 3


def test_grid_fits_a_phone_one_day_at_a_time(phone_page, organizer, create_room, create_session):
    rooms = [
        create_room(name=name)
        for name in ("Orangerie", "Petit Salon", "Salle Arenberg", "Salle des Glaces")
    ]
    for room in rooms:
        create_session(
            title=f"Meeting in {room.name}",
            room=room,
            starts_at=brussels(2, 9),
            ends_at=brussels(2, 10),
        )
    create_session(title="Wednesday panel", starts_at=brussels(4, 11), ends_at=brussels(4, 12))
    log_in(phone_page, organizer)

    phone_page.goto("/organizer/grid")
    tabs = phone_page.get_by_role("navigation", name="Days")
    expect(tabs.get_by_role("link", name="Mon 2 Feb")).to_be_visible()
    expect(phone_page.locator(".grid-day:visible")).to_have_count(1)
    expect(phone_page.locator("#day-2026-02-02")).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"

    tabs.get_by_role("link", name="Wed 4 Feb").click()
    expect(phone_page).to_have_url(re.compile(r"\?day=2026-02-04$"))
    expect(phone_page.locator("#day-2026-02-04")).to_contain_text("Wednesday panel")
    expect(tabs.get_by_role("link", name="Wed 4 Feb")).to_have_attribute("aria-current", "page")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the day view scrolls sideways by {overflow}px on a phone"
