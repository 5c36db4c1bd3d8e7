"""The week grid in a browser: creating a session from a free slot, and the grid on a phone."""

import re
from datetime import timedelta

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
    # The day shown is marked, and is no longer a link.
    expect(tabs.locator('[aria-current="page"]')).to_have_text("Wed 4 Feb")
    expect(tabs.get_by_role("link", name="Wed 4 Feb")).to_have_count(0)
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the day view scrolls sideways by {overflow}px on a phone"


# Moving sessions on the grid


def grid_lane(page, day, room):
    return page.locator(f"#day-{day} .grid-lane[data-room-id='{room.id if room else ''}']")


def test_organizer_drags_a_card_to_another_room_sees_a_clash_refused_and_undoes_the_move(
    page, organizer, create_room, create_session
):
    glaces = create_room(name="Salle des Glaces", capacity=250)
    arenberg = create_room(name="Salle Arenberg", capacity=80)
    briefing = create_session(
        title="Economic diplomacy briefing",
        room=glaces,
        starts_at=brussels(3, 10),
        ends_at=brussels(3, 11),
    )
    workshop = create_session(
        title="Team Belgium workshop",
        room=arenberg,
        starts_at=brussels(3, 14),
        ends_at=brussels(3, 15),
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, organizer)
    page.goto(f"/organizer/grid?day={TUESDAY}")
    # The grid fills the window: 10:00 and 15:00 both in view, as a drag needs.
    page.locator(".grid-scroll").evaluate("box => box.scrollIntoView()")
    card = f"#session-{briefing.id}"

    # Dropped on the Salle Arenberg lane at the same height: same time, other room.
    lane = grid_lane(page, TUESDAY, arenberg)
    lane_top = lane.bounding_box()["y"]
    card_top = page.locator(card).bounding_box()["y"]
    page.drag_and_drop(
        card,
        f"#day-{TUESDAY} .grid-lane[data-room-id='{arenberg.id}']",
        source_position={"x": 12, "y": 6},
        target_position={"x": 20, "y": card_top - lane_top + 6},
    )
    moved = page.get_by_role("status")
    expect(moved).to_contain_text(
        "“Economic diplomacy briefing” moved to Tue 3 Feb, 10:00, Salle Arenberg."
    )
    expect(lane.locator(card)).to_contain_text("10:00–11:00")
    expect(grid_lane(page, TUESDAY, glaces).locator(card)).to_have_count(0)

    # Dropped on the workshop: the room is taken then; the card stays where it was.
    page.drag_and_drop(
        card,
        f"#session-{workshop.id}",
        source_position={"x": 12, "y": 6},
        target_position={"x": 12, "y": 6},
    )
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("This session cannot be moved there:")
    expect(refusal).to_contain_text(
        "Salle Arenberg is already taken at that time by “Team Belgium workshop”"
    )
    expect(refusal.get_by_role("link", name="See that session")).to_have_attribute(
        "href", f"/organizer/sessions/{workshop.id}"
    )
    expect(lane.locator(card)).to_contain_text("10:00–11:00")

    # Undo: back in the Salle des Glaces, and nothing left to undo.
    page.get_by_role("button", name="Undo the move").click()
    expect(moved).to_contain_text(
        "Move undone: “Economic diplomacy briefing” is back at Tue 3 Feb, 10:00, Salle des Glaces."
    )
    expect(grid_lane(page, TUESDAY, glaces).locator(card)).to_have_count(1)
    expect(page.get_by_role("button", name="Undo the move")).to_have_count(0)


def test_without_javascript_a_card_moves_by_its_move_form(
    browser, live_server, organizer, create_room, create_session
):
    glaces = create_room(name="Salle des Glaces", capacity=250)
    arenberg = create_room(name="Salle Arenberg", capacity=80)
    briefing = create_session(
        title="Economic diplomacy briefing",
        room=glaces,
        starts_at=brussels(3, 10),
        ends_at=brussels(3, 11),
    )
    context = browser.new_context(base_url=live_server, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, organizer)
        page.goto(f"/organizer/grid?day={TUESDAY}")
        # From the card, by the keyboard: the card's link, then its "Move" link.
        page.locator(f"#session-{briefing.id} .grid-session__link").focus()
        page.keyboard.press("Tab")
        move = page.get_by_role("link", name="Move “Economic diplomacy briefing”")
        expect(move).to_be_focused()
        assert move.bounding_box()["width"] > 20, "the focused Move link is out of sight"
        page.keyboard.press("Enter")

        expect(
            page.get_by_role("heading", name="Move “Economic diplomacy briefing”")
        ).to_be_visible()
        page.get_by_label("Day").select_option("2026-02-04")
        page.get_by_label("Starts at (Brussels time)").fill("15:30")
        page.get_by_label("Room").select_option(str(arenberg.id))
        page.get_by_role("button", name="Move", exact=True).click()

        expect(page).to_have_url(
            re.compile(rf"/organizer/grid\?day=2026-02-04#session-{briefing.id}$")
        )
        lane = grid_lane(page, "2026-02-04", arenberg)
        expect(lane.locator(f"#session-{briefing.id}")).to_contain_text("15:30–16:30")
        page.get_by_role("button", name="Undo the move").click()
        expect(page.locator(".flash--success")).to_contain_text("Move undone")
        expect(grid_lane(page, TUESDAY, glaces).locator(f"#session-{briefing.id}")).to_have_count(1)
    finally:
        context.close()


# The grid on a laptop


LONG_TITLES = [
    "Strategic orientations of Belgian foreign policy for the coming year",
    "Workshop: economic reporting that companies can use",
    "Internationalisation of Belgian companies in emerging markets",
    "Press point",
]


def test_one_day_fits_a_laptop_screen_and_its_headers_stay_in_view_while_scrolling(
    page, organizer, create_room, create_session
):
    page.set_viewport_size({"width": 1280, "height": 800})
    names = (
        "Orangerie",
        "Petit Salon",
        "Salle Arenberg",
        "Salle Sablon",
        "Salle des Glaces",
        "Salon Louis XVI",
        "Salon des Tapisseries",
    )
    rooms = [create_room(name=name) for name in names]
    for hour, room in zip(range(8, 22, 2), rooms, strict=False):
        create_session(
            title=f"Session in {room.name}",
            room=room,
            starts_at=brussels(3, hour),
            ends_at=brussels(3, hour + 1),
        )
    log_in(page, organizer)
    page.goto(f"/organizer/grid?day={TUESDAY}")

    sideways = page.evaluate(
        """() => [document.documentElement.scrollWidth - document.documentElement.clientWidth,
                  document.querySelector('.grid-scroll').scrollWidth
                    - document.querySelector('.grid-scroll').clientWidth]"""
    )
    assert sideways[0] <= 0, f"the page scrolls sideways by {sideways[0]}px"
    assert sideways[1] <= 0, f"the day's grid scrolls sideways by {sideways[1]}px"
    expect(page.locator(f"#day-{TUESDAY} .grid-lane")).to_have_count(len(names) + 1)

    # Scrolled down the day, the day's title and the rooms' names stay at the top.
    scroll = page.locator(".grid-scroll")
    scroll.evaluate("box => box.scrollIntoView()")
    scroll.evaluate("box => { box.scrollTop = 400; }")
    top = scroll.bounding_box()["y"]
    title = page.locator(f"#day-{TUESDAY}-title").bounding_box()
    head = page.locator(f"#day-{TUESDAY} .grid-lane__head").first.bounding_box()
    assert abs(title["y"] - top) < 2
    assert abs(head["y"] - (title["y"] + title["height"])) < 2
    expect(page.locator(f"#day-{TUESDAY} .grid-hour", has_text="08:00")).not_to_be_in_viewport()


def test_in_the_week_the_time_column_stays_in_view_while_scrolling_sideways(
    page, organizer, create_room, create_session
):
    page.set_viewport_size({"width": 1280, "height": 800})
    for day in range(2, 7):
        for number in range(4):
            room = create_room(name=f"Room {day}{number}")
            create_session(
                title=f"Session {day}{number}",
                room=room,
                starts_at=brussels(day, 9 + number),
                ends_at=brussels(day, 10 + number),
            )
    log_in(page, organizer)
    page.goto("/organizer/grid")
    scroll = page.locator(".grid-scroll")
    assert scroll.evaluate("box => box.scrollWidth > box.clientWidth"), "the week fits: no test"
    scroll.evaluate("box => { box.scrollIntoView(); box.scrollLeft = 150; }")
    axis = page.locator("#day-2026-02-02 .grid-axis").bounding_box()
    assert abs(axis["x"] - scroll.bounding_box()["x"]) < 3
    title = page.locator("#day-2026-02-02-title .grid-day__name").bounding_box()
    assert title["x"] >= scroll.bounding_box()["x"]


def test_cards_show_whole_lines_and_their_whole_title_on_hover(
    page, organizer, create_room, create_session
):
    page.set_viewport_size({"width": 1280, "height": 800})
    room = create_room(name="Salle des Glaces")
    for number, (title, minutes) in enumerate(zip(LONG_TITLES, (90, 60, 30, 15), strict=True)):
        starts_at = brussels(2 + number, 10)
        create_session(
            title=title,
            room=room,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
        )
    log_in(page, organizer)
    page.goto("/organizer/grid")

    # What a card shows (its time, so many lines of title, its room and kind) is inside
    # it, in whole lines: nothing is cut through by its bottom edge.
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.grid-session')].flatMap((card) => {
             const style = getComputedStyle(card);
             const border = parseFloat(style.borderBottomWidth);
             const inner = card.getBoundingClientRect().bottom - border;
             const line = parseFloat(style.lineHeight);
             return [...card.querySelectorAll(
                 '.grid-session__when, .grid-session__title, .grid-session__meta')]
               .filter((part) => part.getClientRects().length)
               .filter((part) => {
                 const box = part.getBoundingClientRect();
                 const lines = box.height / line;
                 return box.bottom > inner + 0.5 || Math.abs(lines - Math.round(lines)) > 0.05;
               })
               .map((part) => `${card.id}: ${part.className}`);
           })"""
    )
    assert cut == [], f"lines cut by the card's edge: {cut}"

    # Hovered, the card shows its whole title.
    card = page.locator(".grid-session", has_text="Internationalisation")
    title = card.locator(".grid-session__title")
    assert title.evaluate("t => t.scrollHeight > t.clientHeight + 1"), "the title fits: no test"
    card.hover()
    assert title.evaluate("t => t.scrollHeight <= t.clientHeight + 1")
    assert card.evaluate(
        "c => c.querySelector('.grid-session__title').getBoundingClientRect().bottom"
        " <= c.getBoundingClientRect().bottom"
    )
