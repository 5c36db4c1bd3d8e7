"""Guard: every page fits a phone and a laptop and passes axe-core (WCAG 2.1 A and AA).

Every GET route of `app.url_map` (a route added later is walked without touching this
file) is opened in chromium as an anonymous visitor, the demo diplomat and the demo
organizer, at 390×844 and 1280×800, and must have:

- no horizontal overflow of the page (`scrollWidth <= innerWidth`; a table that scrolls
  inside its own box is fine);
- no axe-core violation tagged wcag2a, wcag2aa, wcag21a or wcag21aa;
- no error in the browser's console (a failing script, the Content-Security-Policy
  refusing something).

The world is the demo week (`seed-demo`): it has every kind of record a page shows
(sessions with sign-ups and waitlists, drafts, cancelled ones, invitations in every
state, a registered diplomat) with the real lengths of names, posts and e-mail addresses,
which are what makes a page wider than a phone. What a route answers decides whether it
is a page: answers that are not HTML (calendars, CSV, XLSX, JSON, the favicon's redirect
to an SVG) are left out by their content type. A redirect is followed and the page it
lands on is checked once per visitor; an error page (403, 404) is the same template
whatever the URL, so one of each status is checked per visitor.

axe-core comes from npm (tests/e2e/package.json, installed by scripts/test with
`npm ci --prefix tests/e2e`); it is added to each page by the browser's init script,
which the page's Content-Security-Policy does not apply to, so the app's policy is never
weakened for the test.
"""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from ..test_demo import seed
from ..test_i18n import demo_ids_and_tokens

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"390×844": (390, 844), "1280×800": (1280, 800)}
VISITORS = {
    "anonymous": None,
    "diplomat": ("ambassador@example.org", "demo-diplomat"),
    "organizer": ("organizer@example.org", "demo-organizer"),
    "door staff": ("door@example.org", "demo-door"),
    "partner": ("partner@example.org", "demo-partner"),
}
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# What is wider than the window, outside any box that scrolls or clips on its own: the
# deepest such elements, to name in the report. A box clips only what it contains as a
# containing block: an absolutely positioned element inside a scrolling table (a
# visually hidden label) still widens the page unless a positioned box holds it.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const overflow = document.documentElement.scrollWidth - width;
  if (overflow <= 0) return null;
  const clipped = (element) => {
    let position = getComputedStyle(element).position;
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (position === 'fixed') return false;
      if (position === 'absolute' && style.position === 'static') continue;
      if (style.overflowX !== 'visible') return true;
      position = style.position;
    }
    return false;
  };
  const name = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) text += '#' + element.id;
    if (element.classList.length) text += '.' + [...element.classList].join('.');
    return text;
  };
  const wide = [...document.body.querySelectorAll('*')].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !clipped(element);
  });
  const deepest = wide.filter(
    (element) => !wide.some((other) => other !== element && element.contains(other)));
  const edge = (element) => Math.round(element.getBoundingClientRect().right);
  return {overflow, elements: deepest.slice(0, 5).map(
    (element) => `${name(element)} (right edge at ${edge(element)}px)`)};
}"""
AXE_RUN = """async (tags) => {
  const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
  const results = await axe.run(document, options);
  return results.violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    more: Math.max(0, violation.nodes.length - 5),
  }));
}"""


@dataclass(frozen=True)
class Finding:
    url: str
    endpoint: str
    visitor: str
    size: str
    rule: str
    detail: str

    def __str__(self):
        where = f"{self.url} ({self.endpoint}) · {self.visitor} · {self.size}"
        return f"{where} · {self.rule}: {self.detail}"


@pytest.fixture
def app_overrides():
    # The walk logs in and opens links more often than a person would; the limits have
    # their own tests. CSRF stays on, as for every browser test.
    return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False}


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: run `npm ci --prefix tests/e2e` (scripts/test does it; "
            "it needs node and npm)."
        )
    return AXE.read_text()


def page_urls(app, ids, tokens):
    """(endpoint, URL) for every GET route, its ids and tokens taken from the demo week.
    Each id argument is tried with every id given for its name."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        combinations = [{}]
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                assert name in ids, (
                    f"{rule.rule} takes <{name}>: give demo_ids_and_tokens "
                    "(tests/test_i18n.py) ids of such records from the demo week"
                )
                values = ids[name]
            elif isinstance(converter, AnyConverter):
                values = sorted(converter.items)[:1]
            else:
                values = tokens.get(rule.endpoint, ["a-token-nobody-has"])[:1]
            combinations = [{**each, name: value} for each in combinations for value in values]
        for values in combinations:
            yield rule.endpoint, rule.build(values, append_unknown=False)[1]


def log_in(page, visitor):
    if VISITORS[visitor] is None:
        return
    email, password = VISITORS[visitor]
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.locator(".flash--success").count() == 1, f"{visitor} could not log in"


def pages_to_check(context, urls):
    """(endpoint, URL, status, whether to open it) for the URLs of `urls` whose answer is
    an HTML page; it is opened unless the page it lands on (or an error page of the same
    status) was opened already for this visitor. The query string does not make another
    page: the login page is the same whatever its `next`."""
    seen_pages, seen_errors = set(), set()
    for endpoint, url in urls:
        answer = context.request.get(url)
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue  # a calendar, a spreadsheet, a download: not a page
        landed = urlsplit(answer.url).path
        seen = landed in seen_pages or answer.status in seen_errors
        seen_pages.add(landed)
        if answer.status >= 400:
            seen_errors.add(answer.status)
        yield endpoint, url, answer.status, not seen


def console_error(page, message, errors):
    """Keep the console's errors, except the one chromium logs for a page answered with
    an error status (a 403 or 404 page is what the walk asked for)."""
    if message.type != "error":
        return
    if message.location.get("url") == page.url and message.text.startswith(
        "Failed to load resource"
    ):
        return
    errors.append(message.text)


def problems(page) -> list[tuple[str, str, str]]:
    """(size, rule, detail) for what is wrong with the page open in `page`, at each size."""
    found = []
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            elements = ", ".join(overflow["elements"] or ["(no single element)"])
            detail = f"{overflow['overflow']}px wider than the window; {elements}"
            found.append((size, "horizontal overflow", detail))
        for violation in page.evaluate(AXE_RUN, WCAG_A_AA):
            targets = ", ".join(violation["targets"])
            more = f" and {violation['more']} more" if violation["more"] else ""
            detail = f"{violation['help']} — {targets}{more}"
            found.append((size, f"axe {violation['rule']}", detail))
    return found


def check(page, endpoint, url, visitor, errors) -> list[Finding]:
    """Open `url` (at the first size, as a phone would) and report what is wrong."""
    errors.clear()
    width, height = next(iter(SIZES.values()))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    findings = [Finding(url, endpoint, visitor, *problem) for problem in problems(page)]
    findings += [Finding(url, endpoint, visitor, "any", "console error", e) for e in errors]
    return findings


@pytest.mark.slow
def test_every_page_fits_the_screen_and_passes_axe_for_every_visitor(
    app, runner, live_server, browser, axe_source
):
    seed(runner)
    ids, tokens = demo_ids_and_tokens(app)
    urls = list(page_urls(app, ids, tokens))
    findings, shown = [], []
    for visitor in VISITORS:
        context = browser.new_context(base_url=live_server, locale="en-GB")
        context.add_init_script(axe_source)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("console", lambda message: console_error(page, message, errors))
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, visitor)
        for endpoint, url, status, to_open in pages_to_check(context, urls):
            if status >= 500:
                findings.append(Finding(url, endpoint, visitor, "any", "server error", status))
            elif to_open:
                findings += check(page, endpoint, url, visitor, errors)
            if status == 200:
                shown.append((visitor, endpoint))
        context.close()
    # The walk did open the pages that matter for each visitor, not only refusals.
    for visitor, endpoint in [
        ("anonymous", "main.home"),
        ("anonymous", "programme.programme"),
        ("anonymous", "invitations.invitation"),
        ("diplomat", "programme.agenda"),
        ("diplomat", "invitations.registration"),
        ("organizer", "organizer.invitations"),
        ("organizer", "organizer.attendees"),
        ("organizer", "organizer.attendee"),
        ("organizer", "organizer.grid"),
    ]:
        assert (visitor, endpoint) in shown, f"{endpoint} did not show its page to {visitor}"
    assert not findings, "\n".join(
        [f"{len(findings)} problems on {len({f.url for f in findings})} pages:"]
        + [str(finding) for finding in findings]
    )


def test_the_guard_names_what_is_wider_than_a_phone_and_what_axe_finds(
    browser, live_server, event, axe_source
):
    context = browser.new_context(base_url=live_server, locale="en-GB")
    context.add_init_script(axe_source)
    page = context.new_page()
    page.goto("/")
    page.evaluate(
        """() => {
          const wide = document.createElement('div');
          wide.id = 'too-wide';
          wide.style.width = '900px';
          wide.style.height = '1px';
          const unnamed = document.createElement('img');
          unnamed.src = '/static/favicon.svg';
          document.querySelector('main').append(wide, unnamed);
        }"""
    )
    found = problems(page)
    context.close()
    assert [(size, rule) for size, rule, _detail in found] == [
        ("390×844", "horizontal overflow"),
        ("390×844", "axe image-alt"),
        ("1280×800", "axe image-alt"),
    ]
    assert "div#too-wide (right edge at" in found[0][2]
    assert "img" in found[1][2]
