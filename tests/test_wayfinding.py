"""Finding one's way (issue 18): where a login leads, the menu, and guards over every page.

The guards walk every GET route of the URL map (as tests/test_i18n.py does), on the demo
week, as an anonymous visitor, a diplomat and an organizer, in English, French and Dutch,
once for the whole module, and check what each page shows: no link to itself, the
current item of a menu never a link, exactly one h1, no link to the health check, and
dates written only in the named ways of eventapp/i18n.py. A page added later is walked
without touching this file.
"""

import re
import shutil
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel import Locale
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.i18n import DATE_FORMATS
from eventapp.models import User

from .conftest import empty_all_tables
from .support import make_app
from .test_demo import seed
from .test_i18n import VIEWERS, demo_ids_and_tokens, shown_texts, urls_for

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("en", "fr", "nl")
PASSWORD = "correct horse battery"


# Where a login leads


def test_diplomat_lands_on_their_agenda_after_logging_in(client, diplomat):
    response = client.post("/login", data={"email": diplomat.email, "password": PASSWORD})
    assert response.headers["Location"] == "/agenda"


def test_organizer_lands_in_the_organizer_area_after_logging_in(client, organizer):
    response = client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    assert response.headers["Location"] == "/organizer/"
    assert client.get("/organizer/").headers["Location"] == "/organizer/grid"


def test_login_returns_to_the_page_the_visitor_was_sent_from(client, diplomat):
    sent_to_login = client.get("/account/password")  # for logged-in people only
    assert sent_to_login.headers["Location"].startswith("/login?next=")
    next_page = client.get(sent_to_login.headers["Location"]).text
    assert 'name="next" type="hidden" value="/account/password"' in next_page
    response = client.post(
        "/login",
        data={"email": diplomat.email, "password": PASSWORD, "next": "/account/password"},
    )
    assert response.headers["Location"] == "/account/password"


def test_login_sends_nobody_to_another_site(client, organizer):
    response = client.post(
        "/login",
        data={"email": organizer.email, "password": PASSWORD, "next": "//evil.example/"},
    )
    assert response.headers["Location"] == "/organizer/"


def test_opening_the_login_page_when_logged_in_leads_to_ones_own_start(client, diplomat, login):
    login(diplomat)
    assert client.get("/login").headers["Location"] == "/agenda"


# The site menu


def test_a_diplomats_menu_leads_to_their_registration(client, diplomat, login, event):
    login(diplomat)
    menu = site_menu(client.get("/programme").text)
    assert '<a href="/registration">My registration</a>' in menu
    assert '<a href="/agenda">My agenda</a>' in menu


def test_an_organizers_menu_has_no_registration(client, organizer, login, event):
    login(organizer)
    assert "My registration" not in site_menu(client.get("/programme").text)


def test_the_menu_marks_the_page_shown_and_does_not_link_to_it(client, event):
    menu = site_menu(client.get("/programme").text)
    assert '<span class="site-nav__current" aria-current="page">Programme</span>' in menu
    assert 'href="/programme"' not in menu
    # The menu is kept between requests: the next page marks its own item, not this one.
    menu = site_menu(client.get("/changes").text)
    assert '<a href="/programme">Programme</a>' in menu
    assert '<span class="site-nav__current" aria-current="page">Changes</span>' in menu


def test_in_the_organizer_area_the_menu_marks_the_area(client, organizer, login, event):
    login(organizer)
    menu = site_menu(client.get("/organizer/sessions").text)
    assert 'aria-current="true">Organizer area</span>' in menu


def site_menu(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


# The organizer area's menu


def test_the_organizer_menu_shows_the_pages_of_the_group_of_the_page_shown(
    client, organizer, login, event
):
    login(organizer)
    menu = area_menu(client.get("/organizer/attendees").text)
    assert '<span class="area-nav__group" aria-current="true">People</span>' in menu
    assert '<span aria-current="page">Attendees</span>' in menu
    assert '<a href="/organizer/invitations">Invitations</a>' in menu
    # The other groups are one link each, to their first page; their pages are not listed.
    assert '<a class="area-nav__group" href="/organizer/grid">Programme</a>' in menu
    assert '<a class="area-nav__group" href="/organizer/settings">Settings and data</a>' in menu
    assert "/organizer/audit" not in menu


def test_a_page_under_a_tab_keeps_the_tab_marked_and_linked(
    client, organizer, login, create_session
):
    login(organizer)
    session = create_session()
    menu = area_menu(client.get(f"/organizer/sessions/{session.id}/edit").text)
    assert '<a href="/organizer/sessions" aria-current="true">Sessions</a>' in menu
    assert '<span class="area-nav__group" aria-current="true">Programme</span>' in menu


def area_menu(html: str) -> str:
    start = html.index('<nav class="area-nav')
    return html[start : html.index("</nav>", start)]


# Every page, as everyone, in every language


@dataclass(frozen=True)
class Page:
    viewer: str
    language: str
    url: str
    status: int
    mimetype: str
    html: str
    location: str | None

    @property
    def name(self) -> str:
        return f"{self.viewer} {self.language} {self.url}"

    @property
    def readable(self) -> bool:
        """A page a person reads: HTML, not a redirect."""
        return self.mimetype == "text/html" and not 300 <= self.status < 400


@pytest.fixture(scope="module")
def pages(tmp_path_factory, postgres_database, sqlite_schema) -> list[Page]:
    """Every GET page of the demo week, as each viewer, in each language (walked once)."""
    path = tmp_path_factory.mktemp("wayfinding")
    if sqlite_schema is not None:
        shutil.copyfile(sqlite_schema, path / "test.sqlite")
    # The walk asks for invitation and reset links far more often than a person would.
    app = make_app(path, postgres_database, RATELIMIT_ENABLED=False)
    with app.app_context():
        seed(app.test_cli_runner())
        ids, tokens = demo_ids_and_tokens(app)
        urls = [url for _endpoint, url in urls_for(app, ids, tokens)]
        walked = [
            page
            for viewer in VIEWERS
            for language in LANGUAGES
            for page in walk(app, viewer, language, urls)
        ]
        db.session.remove()
        if postgres_database is not None:
            empty_all_tables()
        db.engine.dispose()
    return walked


def walk(app, viewer: str, language: str, urls: list[str]) -> list[Page]:
    client = app.test_client()
    if VIEWERS[viewer]:
        email, password = VIEWERS[viewer]
        db.session.scalar(select(User).where(User.email == email)).language = language
        db.session.commit()
        assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    assert client.post("/language", data={"language": language}).status_code == 302
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        found.append(
            Page(
                viewer,
                language,
                url,
                response.status_code,
                response.mimetype,
                response.get_data(as_text=True) if response.mimetype == "text/html" else "",
                response.headers.get("Location"),
            )
        )
    return found


class Markup(HTMLParser):
    """The links (with their attributes) and the h1s of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.h1s = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and any(name == "href" for name, _value in attrs):
            self.links.append(dict(attrs))
        elif tag == "h1":
            self.h1s += 1


@cache
def markup(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    return parser


def test_the_walk_reads_the_pages_that_matter(pages):
    read = {(page.viewer, page.url) for page in pages if page.readable and page.status == 200}
    for expected in [
        ("anonymous", "/"),
        ("anonymous", "/login"),
        ("diplomat", "/agenda"),
        ("diplomat", "/registration"),
        ("diplomat", "/programme"),
        ("organizer", "/organizer/grid"),
        ("organizer", "/organizer/settings"),
        ("organizer", "/organizer/attendees"),
    ]:
        assert expected in read


def redirects(pages: list[Page]) -> dict[tuple[str, str, str], str]:
    """(viewer, language, url) → where that URL sends them: a link there leads on."""
    return {
        (page.viewer, page.language, page.url): urlsplit(urljoin(page.url, page.location)).path
        for page in pages
        if page.location
    }


def test_no_page_links_to_itself(pages):
    """A link is to the page itself when, once resolved against the page's address (and
    through a redirect the walk saw, as /organizer/ to /organizer/grid), it has the
    same path and query as the page. Not counted: links with a #fragment (they move
    within a page: "Skip to content", "Add to my calendar"), and links to the same path
    with a query string (they change what the page shows: another day, a filter, a
    sort, a page of results). A tab for what the page already shows is caught by the
    next test instead: its current item must not be a link at all."""
    leads_to = redirects(pages)
    found = set()
    for page in pages:
        if not page.readable:
            continue
        for link in markup(page.html).links:
            href = link["href"] or ""
            target = urlsplit(urljoin(page.url, href))
            if target.fragment or href.startswith(("mailto:", "tel:", "webcal:")):
                continue
            if target.netloc and target.netloc != "localhost":
                continue
            address = target.path + (f"?{target.query}" if target.query else "")
            address = leads_to.get((page.viewer, page.language, address), address)
            if address == page.url:
                found.add(f"{page.viewer} {page.url}: <a href={href!r}>")
    assert sorted(found) == []


def test_the_current_item_of_a_menu_or_tabs_is_never_a_link(pages):
    """aria-current="page" marks what is shown; a link there would lead to where one is."""
    found = {
        f"{page.viewer} {page.url}: <a href={link['href']!r}>"
        for page in pages
        if page.readable
        for link in markup(page.html).links
        if link.get("aria-current") == "page"
    }
    assert sorted(found) == []


def test_every_page_has_exactly_one_h1(pages):
    counts = {
        page.name: markup(page.html).h1s
        for page in pages
        if page.readable and markup(page.html).h1s != 1
    }
    assert counts == {}


def test_no_page_links_to_the_health_check(pages):
    found = {
        page.name
        for page in pages
        if page.readable
        for link in markup(page.html).links
        if urlsplit(link["href"] or "").path.rstrip("/").endswith("/healthz")
    }
    assert found == set()


# Dates


@dataclass(frozen=True)
class Shape:
    """How a date is written: its weekday (wide, abbreviated or none), its month (wide
    or abbreviated; both when the language writes it the same either way, as "mai"),
    and whether the year is there."""

    weekday: str
    month: frozenset[str]
    year: bool


class DateFinder:
    """Dates written in words or figures in one language, with the shape of each."""

    def __init__(self, language: str):
        locale = Locale.parse(language)
        self.weekdays = {
            width: {name.lower() for name in locale.days["format"][width].values()}
            for width in ("wide", "abbreviated")
        }
        self.months = {
            width: {name.lower() for name in locale.months["format"][width].values()}
            for width in ("wide", "abbreviated")
        }
        weekday = alternatives(self.weekdays["wide"] | self.weekdays["abbreviated"])
        month = alternatives(self.months["wide"] | self.months["abbreviated"])
        day_first = rf"(?:(?P<weekday>{weekday})\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{month})"
        self.date = re.compile(
            rf"(?<![\w.]){day_first}(?:\s+(?P<year>\d{{4}}))?(?![\w])", re.IGNORECASE
        )
        # "2 February – 6 February 2026": the edition's days (eventapp.i18n.date_range).
        self.range = re.compile(
            rf"(?<![\w.])\d{{1,2}}\s+(?:{month})(?:\s+\d{{4}})?\s+–\s+\d{{1,2}}\s+(?:{month})\s+\d{{4}}(?![\w])",
            re.IGNORECASE,
        )
        # "February 2, 2026", "2/2/26", "02-02-2026", "2026-02-02": never written for people.
        self.other = re.compile(
            rf"(?<![\w.])(?:(?:{month})\s+\d{{1,2}}(?![\w:])|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})",
            re.IGNORECASE,
        )

    def shape(self, match: re.Match) -> Shape:
        weekday = (match["weekday"] or "").lower()
        month = match["month"].lower()
        return Shape(
            "wide" if weekday in self.weekdays["wide"] else "abbreviated" if weekday else "none",
            frozenset(width for width, names in self.months.items() if month in names),
            bool(match["year"]),
        )

    def named_shapes(self) -> dict[str, Shape]:
        """The shape of each named format of eventapp/i18n.py, read from its pattern."""
        shapes = {}
        for name, pattern in DATE_FORMATS.items():
            weekday = re.search(r"E+", pattern)
            month = re.search(r"M+", pattern).group()
            shapes[name] = Shape(
                "none" if not weekday else "wide" if len(weekday.group()) == 4 else "abbreviated",
                frozenset({"wide" if len(month) == 4 else "abbreviated"}),
                "y" in pattern,
            )
        return shapes

    def wrong(self, text: str) -> set[str]:
        """The dates in `text` not written in one of the named ways."""
        allowed = self.named_shapes().values()
        found = set()

        def check(match: re.Match) -> str:
            shape = self.shape(match)
            if not any(
                shape.weekday == named.weekday
                and shape.year == named.year
                and named.month <= shape.month
                for named in allowed
            ):
                found.add(match.group())
            return " | "  # read, and out of the way of the search for other ways

        text = self.date.sub(check, self.range.sub(" | ", text))
        return found | {match.group() for match in self.other.finditer(text)}


def alternatives(names: set[str]) -> str:
    # Longest first, so that "février" is not read as "févr" followed by letters.
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


@pytest.mark.parametrize(
    ("language", "text", "wrong"),
    [
        ("en", "Monday 2 February 2026, Tue 3 Feb, Wednesday 4 February", set()),
        ("en", "2 February – 6 February 2026", set()),
        ("en", "February 2, 2026", {"February 2"}),
        ("en", "Mon 2 Feb 2026, 09:30", {"Mon 2 Feb 2026"}),
        ("en", "2 February 2026", {"2 February 2026"}),
        ("fr", "lundi 2 février 2026 ; mer. 13 mai ; mercredi 13 mai", set()),
        ("fr", "2 févr. 2026", {"2 févr. 2026"}),
        ("nl", "maandag 2 februari, di 3 feb", set()),
        ("nl", "op 02-02-2026 en 2026-02-02", {"02-02-2026", "2026-02-02"}),
        ("en", "Monday 2 February 93 Tuesday 3 February 12", set()),  # days, then counts
    ],
)
def test_the_date_check_tells_named_ways_from_others(language, text, wrong):
    assert DateFinder(language).wrong(text) == wrong


def test_every_date_on_every_page_is_written_one_of_the_named_ways(pages):
    finders = {language: DateFinder(language) for language in LANGUAGES}
    found = {}
    for page in pages:
        if not page.readable:
            continue
        # Texts joined: a tab writes "Mon" and "2 Feb" in two elements.
        text = " ".join(shown_texts(page.html, page.language))
        wrong = finders[page.language].wrong(text)
        if wrong:
            found[page.name] = wrong
    assert found == {}


# Nothing but eventapp/i18n.py gives Babel a pattern

BABEL_CALL = re.compile(r"\bformat_(?:date|datetime|skeleton|interval)\(")
ANY_PATTERN_FILTER = re.compile(r"\blocal_date(?:time)?\b")  # the filters that took any pattern
STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
# A pattern in figures alone ("yyyy-MM-dd HH:mm") writes data for spreadsheets, not people.
IN_FIGURES = re.compile(r"^[yMdHms\-: ]+$")


def test_code_and_templates_write_dates_only_in_the_named_ways():
    """Babel's format_date and its kin, or the old filters, called with a pattern of their
    own (or a call this test cannot read on one line), anywhere but eventapp/i18n.py."""
    found = []
    files = [*(ROOT / "eventapp").rglob("*.py"), *(ROOT / "templates").rglob("*.*")]
    for path in files:
        if path == ROOT / "eventapp" / "i18n.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.lstrip().startswith(("from ", "import ")):
                continue
            if ANY_PATTERN_FILTER.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
            for call in BABEL_CALL.finditer(line):
                literals = [a or b for a, b in STRING.findall(line[call.end() :])]
                pattern = literals[0] if literals else "MMM"
                if "MMM" not in pattern and IN_FIGURES.match(pattern):
                    continue
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "write dates with date_long, date_day or date_short (eventapp/i18n.py)"
