"""Organizers see the programme as a week grid and as a list that sorts, searches and filters."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Session, SessionKind, SessionStatus
from eventapp.organizer.grid import MAX_TRACKS, build_grid, css_rules

from .support import brussels

TUESDAY = "2026-02-03"
BRUSSELS = ZoneInfo("Europe/Brussels")


# Reading the HTML: a small tree, enough to ask where an element sits.

VOID_ELEMENTS = {
    "area",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children: list[Element | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, css_class: str) -> "Element | None":
        return next((node for node in self.ancestors() if css_class in node.classes), None)

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def find_all(self, css_class: str) -> list["Element"]:
        return [node for node in self.descendants() if css_class in node.classes]

    def by_id(self, element_id: str) -> "Element | None":
        return next(
            (node for node in self.descendants() if node.attrs.get("id") == element_id), None
        )


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = Element("document", {}, None)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response) -> Element:
    assert response.status_code == 200, response.status_code
    builder = TreeBuilder()
    builder.feed(response.get_data(as_text=True))
    return builder.root


def lane_class(element: Element) -> str:
    return next(name for name in element.classes if re.fullmatch(r"lane-\d+", name))


def lane_of_room(day_column: Element, room) -> Element:
    lanes = [
        lane
        for lane in day_column.find_all("grid-lane")
        if lane.attrs.get("data-room-id") == str(room.id if room else "")
    ]
    assert len(lanes) == 1, f"expected one lane for {room} in {day_column.attrs['id']}"
    return lanes[0]


@pytest.fixture
def as_organizer(client, organizer, login):
    login(organizer)
    return client


# The week grid: where a session goes


def test_grid_places_a_session_in_its_day_column_and_room_lane(
    as_organizer, create_room, create_session
):
    create_room(name="Salle Arenberg")
    glaces = create_room(name="Salle des Glaces")
    session = create_session(
        title="Economic diplomacy", room=glaces, starts_at=brussels(3, 10), ends_at=brussels(3, 11)
    )

    page = parse(as_organizer.get("/organizer/grid"))

    block = page.by_id(f"session-{session.id}")
    assert block.closest("grid-day").attrs["id"] == f"day-{TUESDAY}"
    lane = block.closest("grid-lane")
    assert lane.attrs["data-room-id"] == str(glaces.id)
    assert lane_class(block) == lane_class(lane)
    # 08:00 is row 2 (row 1 names the room); 10:00 is eight quarter hours later.
    assert {"grid-row-start-10", "grid-row-span-4"} <= block.classes
    assert block.find_all("grid-session__link")[0].attrs["href"] == (
        f"/organizer/sessions/{session.id}"
    )
    assert "10:00–11:00" in block.text
    assert "Salle des Glaces · Plenary" in block.text


def test_week_shows_only_the_rooms_a_day_uses_and_the_day_view_shows_every_room(
    as_organizer, create_room, create_session
):
    arenberg = create_room(name="Salle Arenberg")
    glaces = create_room(name="Salle des Glaces")
    session = create_session(room=glaces, starts_at=brussels(3, 10), ends_at=brussels(3, 11))

    week = parse(as_organizer.get("/organizer/grid"))
    tuesday = week.by_id(f"day-{TUESDAY}")
    assert [lane.attrs["data-room-id"] for lane in tuesday.find_all("grid-lane")] == [
        str(glaces.id)
    ]
    assert "lane-1" in week.by_id(f"session-{session.id}").classes
    assert week.by_id("day-2026-02-02").find_all("grid-lane") == []

    day = parse(as_organizer.get(f"/organizer/grid?day={TUESDAY}"))
    lanes = day.by_id(f"day-{TUESDAY}").find_all("grid-lane")
    assert [lane.attrs["data-room-id"] for lane in lanes] == [str(arenberg.id), str(glaces.id), ""]
    assert lanes[-1].find_all("grid-lane__head")[0].text == "No room"
    assert "lane-2" in day.by_id(f"session-{session.id}").classes
    assert day.by_id("day-2026-02-02") is None


def test_a_session_with_no_room_goes_in_the_no_room_lane(as_organizer, create_session):
    session = create_session(room=None)
    page = parse(as_organizer.get("/organizer/grid"))
    lane = page.by_id(f"session-{session.id}").closest("grid-lane")
    assert lane.attrs["data-room-id"] == ""
    assert "grid-lane--no-room" in lane.classes


def test_parallel_sessions_sit_side_by_side_in_their_rooms(
    as_organizer, create_room, create_session
):
    rooms = [create_room(name=name) for name in ("Salle Arenberg", "Salon Louis XVI")]
    workshops = [
        create_session(
            title=f"Workshop {number}",
            room=room,
            parallel_group="workshops",
            starts_at=brussels(3, 10, 45),
            ends_at=brussels(3, 12, 15),
        )
        for number, room in enumerate(rooms)
    ]
    page = parse(as_organizer.get("/organizer/grid"))
    blocks = [page.by_id(f"session-{workshop.id}") for workshop in workshops]
    assert [lane_class(block) for block in blocks] == ["lane-1", "lane-2"]
    assert {"grid-row-start-13", "grid-row-span-6"} <= blocks[0].classes & blocks[1].classes


def test_overlapping_sessions_in_one_lane_share_it_side_by_side(as_organizer, create_session):
    first = create_session(title="Bilateral A", starts_at=brussels(3, 14), ends_at=brussels(3, 15))
    second = create_session(
        title="Bilateral B", starts_at=brussels(3, 14, 30), ends_at=brussels(3, 15, 30)
    )
    page = parse(as_organizer.get("/organizer/grid"))
    lane = page.by_id(f"session-{first.id}").closest("grid-lane")
    assert "tracks-2" in lane.classes
    assert "track-start-1" in page.by_id(f"session-{first.id}").classes
    assert "track-start-2" in page.by_id(f"session-{second.id}").classes


def test_drafts_and_cancelled_sessions_are_marked_by_more_than_colour(as_organizer, create_session):
    draft = create_session(title="Draft breakout", status=SessionStatus.DRAFT)
    cancelled = create_session(
        title="Called-off panel",
        status=SessionStatus.CANCELLED,
        starts_at=brussels(4, 9),
        ends_at=brussels(4, 10),
    )
    published = create_session(title="Opening", starts_at=brussels(5, 9), ends_at=brussels(5, 10))
    page = parse(as_organizer.get("/organizer/grid"))

    draft_block = page.by_id(f"session-{draft.id}")
    assert "status-draft" in draft_block.classes
    assert [badge.text for badge in draft_block.find_all("badge")] == ["Draft"]

    cancelled_block = page.by_id(f"session-{cancelled.id}")
    assert "status-cancelled" in cancelled_block.classes
    assert [badge.text for badge in cancelled_block.find_all("badge")] == ["Cancelled"]
    assert cancelled_block.find_all("session-title")[0].text == "Called-off panel"

    assert page.by_id(f"session-{published.id}").find_all("badge") == []


def test_a_card_is_named_by_its_time_its_whole_title_its_room_and_kind(
    as_organizer, create_room, create_session
):
    glaces = create_room(name="Salle des Glaces")
    title = "Economic diplomacy: what Belgian companies expect from their embassies abroad"
    session = create_session(
        title=title, room=glaces, starts_at=brussels(3, 10), ends_at=brussels(3, 10, 30)
    )
    block = parse(as_organizer.get(f"/organizer/grid?day={TUESDAY}")).by_id(f"session-{session.id}")
    [link] = block.find_all("grid-session__link")
    assert link.attrs["aria-label"] == f"10:00–10:30, {title}, Salle des Glaces, Plenary"
    # Each word a box of its own, so that the card's line clamp drops whole words.
    words = [
        word.text for word in block.find_all("session-title")[0].find_all("grid-session__word")
    ]
    assert words == title.split(" ")


def test_a_card_links_to_its_move_form_and_can_be_dragged(as_organizer, create_session):
    session = create_session(starts_at=brussels(3, 10), ends_at=brussels(3, 11))
    page = parse(as_organizer.get(f"/organizer/grid?day={TUESDAY}"))
    block = page.by_id(f"session-{session.id}")
    assert block.attrs["draggable"] == "true"
    assert block.attrs["data-move-url"] == f"/organizer/sessions/{session.id}/move"
    # After the link to the session, in the card: the next stop of the keyboard.
    link, move = [node for node in block.descendants() if node.tag == "a"]
    assert link.attrs["href"] == f"/organizer/sessions/{session.id}"
    assert move.attrs["href"] == block.attrs["data-move-url"]
    assert move.text == "Move"
    assert move.attrs["aria-label"] == "Move “Strategic orientations”"


@pytest.mark.parametrize(
    ("minutes", "classes"),
    [
        (15, {"title-lines-1", "grid-session--tiny", "grid-session--short"}),
        (30, {"title-lines-1", "grid-session--short"}),
        (60, {"title-lines-3"}),
        (90, {"title-lines-4", "grid-session--meta"}),
    ],
)
def test_a_card_shows_as_many_whole_lines_as_its_height_holds(minutes, classes):
    session = FakeSession(1, brussels(2, 10), brussels(2, 10) + timedelta(minutes=minutes))
    grid = build_grid([session], [], [date(2026, 2, 2)], BRUSSELS, every_room=False)
    (block,) = grid.days[0].lanes[0].blocks
    card = {name for name in block.placement.split() if not name.startswith(("grid-row", "track"))}
    assert card == classes


def test_a_day_links_to_the_day_before_and_after_it(as_organizer, two_sessions):
    page = parse(as_organizer.get(f"/organizer/grid?day={TUESDAY}"))
    [steps] = page.find_all("grid-steps")
    links = {
        link.attrs["rel"]: (link.attrs["href"], link.text)
        for link in steps.descendants()
        if link.tag == "a"
    }
    assert links == {
        "prev": ("/organizer/grid?day=2026-02-02", "← Previous day (Mon 2 Feb)"),
        "next": ("/organizer/grid?day=2026-02-04", "Next day (Wed 4 Feb) →"),
    }


def test_the_first_day_has_no_previous_day_and_the_week_no_steps(as_organizer, two_sessions):
    first = parse(as_organizer.get("/organizer/grid?day=2026-02-02")).find_all("grid-steps")[0]
    assert [link.attrs["rel"] for link in first.descendants() if link.tag == "a"] == ["next"]
    assert parse(as_organizer.get("/organizer/grid")).find_all("grid-steps") == []


def test_the_title_is_shown_in_the_viewers_language(client, create_user, create_session, login):
    from eventapp.models import Role

    dutch_organizer = create_user(role=Role.ORGANIZER, language="nl")
    session = create_session(title="Economic diplomacy", title_nl="Economische diplomatie")
    login(dutch_organizer)
    page = parse(client.get("/organizer/grid"))
    assert "Economische diplomatie" in page.by_id(f"session-{session.id}").text


def test_free_slots_link_to_the_new_session_form_with_day_time_and_room(
    as_organizer, create_room, create_session
):
    room = create_room(name="Salle Arenberg")
    create_session(room=room, starts_at=brussels(3, 9), ends_at=brussels(3, 10))
    page = parse(as_organizer.get(f"/organizer/grid?day={TUESDAY}"))
    lane = lane_of_room(page.by_id(f"day-{TUESDAY}"), room)
    hrefs = [slot.attrs["href"] for slot in lane.find_all("grid-slot")]

    wanted = f"/organizer/sessions/new?day={TUESDAY}&time=10:00&room={room.id}"
    assert wanted in hrefs
    # The session takes 09:00–10:00: no slot offered under it.
    assert f"/organizer/sessions/new?day={TUESDAY}&time=09:30&room={room.id}" not in hrefs
    slot = next(slot for slot in lane.find_all("grid-slot") if slot.attrs["href"] == wanted)
    assert slot.attrs["aria-label"] == (
        "Add a session on Tuesday 3 February at 10:00 in Salle Arenberg"
    )

    form = parse(as_organizer.get(wanted))
    selected_day = [o.attrs["value"] for o in form.by_id("day").children if _selected(o)]
    selected_room = [o.attrs["value"] for o in form.by_id("room_id").children if _selected(o)]
    assert (selected_day, selected_room) == ([TUESDAY], [str(room.id)])
    assert form.by_id("start_time").attrs["value"] == "10:00"


def _selected(option) -> bool:
    return not isinstance(option, str) and "selected" in option.attrs


def test_the_time_axis_grows_to_fit_an_early_session(as_organizer, create_session):
    session = create_session(starts_at=brussels(2, 7, 30), ends_at=brussels(2, 8, 30))
    page = parse(as_organizer.get("/organizer/grid"))
    hours = [hour.text for hour in page.by_id("day-2026-02-02").find_all("grid-hour")]
    assert hours[0] == "07:00" and hours[-1] == "21:00"
    assert "grid-row-start-4" in page.by_id(f"session-{session.id}").classes


def test_saving_a_session_returns_to_its_day_in_the_grid(as_organizer, event, create_room):
    room = create_room()
    response = as_organizer.post(
        "/organizer/sessions/new",
        data={
            "title_en": "Economic diplomacy breakout",
            "kind": "workshop",
            "day": TUESDAY,
            "start_time": "10:00",
            "duration": "60",
            "visibility": "public",
            "audience": "all",
            "room_id": str(room.id),
        },
    )
    session = db.session.scalar(select(Session))
    assert response.headers["Location"] == f"/organizer/grid?day={TUESDAY}#session-{session.id}"


# Filters, empty states, bad parameters


@pytest.fixture
def two_sessions(create_session, create_organisation, create_speaker):
    """A published panel with Enabel and the minister; a draft meal with neither."""
    enabel = create_organisation(name="Enabel")
    minister = create_speaker(name="The Minister of Foreign Affairs")
    panel = create_session(title="Panel on trade", kind=SessionKind.PANEL, speakers=[minister])
    panel.organisations.append(enabel)
    meal = create_session(
        title="Working lunch",
        kind=SessionKind.MEAL,
        status=SessionStatus.DRAFT,
        starts_at=brussels(2, 12, 30),
        ends_at=brussels(2, 14),
    )
    db.session.commit()
    return {"panel": panel, "meal": meal, "enabel": enabel, "minister": minister}


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("kind=panel", "panel"),
        ("kind=meal", "meal"),
        ("organisation={enabel}", "panel"),
        ("speaker={minister}", "panel"),
        ("status=draft", "meal"),
        ("status=published", "panel"),
    ],
)
def test_grid_filters_sessions(as_organizer, two_sessions, query, shown):
    query = query.format(enabel=two_sessions["enabel"].id, minister=two_sessions["minister"].id)
    page = parse(as_organizer.get(f"/organizer/grid?{query}"))
    shown_ids = {block.attrs["id"] for block in page.find_all("grid-session")}
    assert shown_ids == {f"session-{two_sessions[shown].id}"}


def test_filters_are_kept_when_switching_days(as_organizer, two_sessions):
    page = parse(as_organizer.get("/organizer/grid?kind=panel"))
    tabs = [
        link.attrs["href"] for link in page.find_all("day-tabs")[0].descendants() if link.tag == "a"
    ]
    assert f"/organizer/grid?day={TUESDAY}&kind=panel" in tabs


def test_empty_grid_invites_to_add_the_first_session(as_organizer, event):
    page = parse(as_organizer.get("/organizer/grid"))
    empty = page.find_all("grid-empty")[0]
    assert "No sessions yet — add the first one" in empty.text
    links = [node.attrs["href"] for node in empty.descendants() if node.tag == "a"]
    assert "/organizer/sessions/new" in links
    assert len(page.find_all("grid-day")) == 5


def test_grid_says_when_filters_match_nothing(as_organizer, two_sessions):
    page = parse(as_organizer.get("/organizer/grid?kind=press"))
    assert "No sessions match these filters" in page.find_all("grid-empty")[0].text


@pytest.mark.parametrize(
    "query",
    [
        "day=tomorrow",
        "day=2026-02-09",
        "day=2026-13-45",
        "day=",
        "kind=concert&organisation=abc&speaker=99999&status=lost",
        "organisation=-1&speaker=1e3",
        "day=2026-02-02&kind[]=x",
    ],
)
def test_bad_grid_parameters_are_ignored(as_organizer, two_sessions, query):
    page = parse(as_organizer.get(f"/organizer/grid?{query}"))
    assert len(page.find_all("grid-day")) in (1, 5)
    assert len(page.find_all("grid-session")) >= 1


def test_a_day_outside_the_event_falls_back_to_the_whole_week(as_organizer, two_sessions):
    page = parse(as_organizer.get("/organizer/grid?day=2026-02-09"))
    assert [day.attrs["id"] for day in page.find_all("grid-day")] == [
        f"day-2026-02-0{number}" for number in range(2, 7)
    ]


def test_diplomats_cannot_see_the_grid_or_the_list(client, diplomat, login, event):
    login(diplomat)
    assert client.get("/organizer/grid").status_code == 403
    assert client.get("/organizer/sessions").status_code == 403


def test_visitors_are_sent_to_log_in(client, event):
    response = client.get("/organizer/grid")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# The list


def titles_in(response) -> list[str]:
    rows = [node for node in parse(response).descendants() if node.tag == "tr"]
    return [title.text for row in rows for title in row.find_all("session-title")]


@pytest.fixture
def three_sessions(create_session, create_room, create_speaker):
    glaces = create_room(name="Salle des Glaces")
    arenberg = create_room(name="Salle Arenberg")
    governor = create_speaker(name="Pierre Wunsch", function="Governor, National Bank")
    create_session(
        title="Opening plenary",
        room=glaces,
        starts_at=brussels(2, 9, 30),
        ends_at=brussels(2, 10),
    )
    create_session(
        title="Économie et diplomatie",
        title_nl="Economische diplomatie",
        kind=SessionKind.PANEL,
        room=arenberg,
        status=SessionStatus.DRAFT,
        speakers=[governor],
        starts_at=brussels(3, 10),
        ends_at=brussels(3, 11),
    )
    create_session(
        title="Closing address",
        kind=SessionKind.ADDRESS,
        status=SessionStatus.CANCELLED,
        starts_at=brussels(6, 12),
        ends_at=brussels(6, 12, 30),
    )


def test_list_is_in_time_order_by_default(as_organizer, three_sessions):
    assert titles_in(as_organizer.get("/organizer/sessions")) == [
        "Opening plenary",
        "Économie et diplomatie",
        "Closing address",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=title", ["Closing address", "Économie et diplomatie", "Opening plenary"]),
        ("sort=title&dir=desc", ["Opening plenary", "Économie et diplomatie", "Closing address"]),
        ("sort=when&dir=desc", ["Closing address", "Économie et diplomatie", "Opening plenary"]),
        # No room comes after every room.
        ("sort=room", ["Économie et diplomatie", "Opening plenary", "Closing address"]),
        ("sort=kind", ["Closing address", "Économie et diplomatie", "Opening plenary"]),
        ("sort=status", ["Économie et diplomatie", "Opening plenary", "Closing address"]),
    ],
)
def test_list_sorts_by_column(as_organizer, three_sessions, query, expected):
    assert titles_in(as_organizer.get(f"/organizer/sessions?{query}")) == expected


def test_sorted_column_is_marked_and_its_link_turns_the_order_round(as_organizer, three_sessions):
    page = parse(as_organizer.get("/organizer/sessions?sort=title&q=o"))
    sorted_headers = [th for th in page.descendants() if th.tag == "th" and "aria-sort" in th.attrs]
    assert [(th.text.rstrip("▲ "), th.attrs["aria-sort"]) for th in sorted_headers] == [
        ("Title", "ascending")
    ]
    link = sorted_headers[0].find_all("sort-link")[0]
    assert link.attrs["href"] == "/organizer/sessions?q=o&sort=title&dir=desc"


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("economische", ["Économie et diplomatie"]),  # the Dutch title
        ("ECONOMIE", ["Économie et diplomatie"]),  # case and accents ignored
        ("économie", ["Économie et diplomatie"]),
        ("glaces", ["Opening plenary"]),  # the room's name
        ("wunsch", ["Économie et diplomatie"]),  # a speaker's name
        ("address", ["Closing address"]),
        ("nothing like it", []),
    ],
)
def test_list_searches_titles_rooms_and_speakers(as_organizer, three_sessions, search, expected):
    response = as_organizer.get("/organizer/sessions", query_string={"q": search})
    assert titles_in(response) == expected


def test_list_filters_like_the_grid(as_organizer, three_sessions):
    assert titles_in(as_organizer.get("/organizer/sessions?status=draft")) == [
        "Économie et diplomatie"
    ]
    assert titles_in(as_organizer.get("/organizer/sessions?kind=address&q=closing")) == [
        "Closing address"
    ]


def test_list_says_when_nothing_matches_and_offers_all_sessions(as_organizer, three_sessions):
    text = parse(as_organizer.get("/organizer/sessions?q=zzz")).by_id("content").text
    assert "No sessions match" in text
    assert "Show all sessions" in text


def test_empty_list_invites_to_add_the_first_session(as_organizer, event):
    text = parse(as_organizer.get("/organizer/sessions")).by_id("content").text
    assert "No sessions yet — add the first one" in text


@pytest.mark.parametrize(
    "query",
    [
        "sort=speaker",
        "sort=__class__&dir=sideways",
        "sort=title&dir=",
        "kind=nope&status=1&organisation=x&speaker=-3",
        "q=" + "x" * 5000,
        "q=%25%5F%5C",
    ],
)
def test_bad_list_parameters_are_ignored(as_organizer, three_sessions, query):
    response = as_organizer.get(f"/organizer/sessions?{query}")
    assert response.status_code == 200


def test_unknown_sort_falls_back_to_time_order(as_organizer, three_sessions):
    assert titles_in(as_organizer.get("/organizer/sessions?sort=speaker&dir=desc")) == [
        "Closing address",
        "Économie et diplomatie",
        "Opening plenary",
    ]


# Cost: a fixed number of queries whatever the number of sessions


def count_statements(client, url) -> int:
    statements = []

    def record(*args):
        statements.append(args[2])

    sqlalchemy_event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sqlalchemy_event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize(
    "url", ["/organizer/grid", f"/organizer/grid?day={TUESDAY}", "/organizer/sessions"]
)
def test_pages_cost_the_same_queries_for_two_or_twenty_sessions(
    as_organizer, create_room, create_session, create_speaker, create_organisation, url
):
    def add_sessions(count, offset):
        for number in range(offset, offset + count):
            create_session(
                title=f"Session {number}",
                room=create_room(name=f"Room {number}"),
                speakers=[create_speaker(name=f"Speaker {number}")],
                organisations=[create_organisation(name=f"Organisation {number}")],
                starts_at=brussels(2 + number % 5, 9),
                ends_at=brussels(2 + number % 5, 10),
            )

    add_sessions(2, 0)
    few = count_statements(as_organizer, url)
    add_sessions(18, 2)
    many = count_statements(as_organizer, url)
    assert few == many, (few, many)


# The layout on its own


def test_stylesheet_defines_every_placement_class_the_layout_uses():
    stylesheet = (Path(__file__).parent.parent / "static/css/organizer.css").read_text()
    generated = re.search(
        r"/\* BEGIN placement classes[^*]*\*/\n(.*)/\* END placement classes \*/", stylesheet, re.S
    )
    assert generated and generated.group(1) == css_rules()


class FakeSession:
    def __init__(self, id, starts_at, ends_at, room=None):
        self.id, self.starts_at, self.ends_at, self.room = id, starts_at, ends_at, room
        self.room_id = room.id if room else None


def test_a_long_session_beside_two_short_ones_leaves_the_rest_of_the_lane_full_width():
    sessions = [
        FakeSession(1, brussels(2, 9), brussels(2, 11)),
        FakeSession(2, brussels(2, 9), brussels(2, 10)),
        FakeSession(3, brussels(2, 10), brussels(2, 11)),
        FakeSession(4, brussels(2, 14), brussels(2, 15)),
    ]
    grid = build_grid(sessions, [], [date(2026, 2, 2)], BRUSSELS, every_room=False)
    (lane,) = grid.days[0].lanes
    placed = {block.session.id: (block.track, block.track_span) for block in lane.blocks}
    assert lane.tracks == 2
    assert placed == {1: (1, 1), 2: (2, 1), 3: (2, 1), 4: (1, 2)}


def test_a_session_past_midnight_is_cut_at_the_end_of_its_day():
    late = FakeSession(1, brussels(2, 23), brussels(3, 1))
    grid = build_grid([late], [], [date(2026, 2, 2), date(2026, 2, 3)], BRUSSELS, every_room=False)
    assert (grid.axis.first_minute, grid.axis.last_minute) == (8 * 60, 24 * 60)
    (block,) = grid.days[0].lanes[0].blocks
    assert (block.row_start, block.row_end) == (2 + 15 * 4, 2 + 16 * 4)
    assert grid.days[1].lanes == []


def test_more_overlaps_than_tracks_still_places_every_session():
    crowd = [FakeSession(n, brussels(2, 9), brussels(2, 10)) for n in range(MAX_TRACKS + 3)]
    grid = build_grid(crowd, [], [date(2026, 2, 2)], BRUSSELS, every_room=False)
    (lane,) = grid.days[0].lanes
    assert lane.tracks == MAX_TRACKS
    assert len(lane.blocks) == MAX_TRACKS + 3
    assert all(1 <= block.track <= MAX_TRACKS for block in lane.blocks)


def test_the_phone_shows_today_during_the_event_and_the_first_day_otherwise():
    days = [date(2026, 2, 2), date(2026, 2, 3)]
    during = build_grid([], [], days, BRUSSELS, every_room=False, today=date(2026, 2, 3))
    before = build_grid([], [], days, BRUSSELS, every_room=False, today=date(2026, 1, 5))
    assert [day.is_default for day in during.days] == [False, True]
    assert [day.is_default for day in before.days] == [True, False]


def test_the_organizer_area_opens_on_the_week_grid(as_organizer):
    response = as_organizer.get("/organizer/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/organizer/grid"
