"""Security headers on every answer of every route, and cookies scripts cannot read.

The walk takes each route of `app.url_map` (new ones are covered as they appear) as an
anonymous visitor, a diplomat and an organizer, so pages, redirects, refusals (403,
404, 405) and downloads are all checked, not just the home page.
"""

import pytest

from .test_authorization import (  # noqa: F401  (fixtures)
    build_world,
    client_as,
    routes,
    url_for_rule,
    world,
)

PRODUCTION = {"ENV": "production", "SECRET_KEY": "p" * 64}


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def header_problems(response) -> list[str]:
    headers = response.headers
    problems = []
    csp = headers.get("Content-Security-Policy")
    if not csp:
        return ["no Content-Security-Policy"]
    directives = policy(csp)
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src"))
        if not sources:
            problems.append(f"CSP does not restrict {name}")
        elif {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(sources):
            problems.append(f"CSP {name} allows {sources}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("CSP frame-ancestors is not 'none'")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("Referrer-Policy") not in {"same-origin", "no-referrer", "strict-origin"}:
        problems.append(f"Referrer-Policy is {headers.get('Referrer-Policy')!r}")
    if not headers.get("Permissions-Policy"):
        problems.append("no Permissions-Policy")
    return problems


def walk(app, world, users, methods=("GET", "POST"), base_url="http://localhost"):  # noqa: F811
    """Every route as each of `users`; yields (description, response)."""
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    for role, user in users.items():
        client = client_as(app, user, base_url=base_url)
        for endpoint, method in routes(app):
            if method not in methods:
                continue
            url = url_for_rule(rules[endpoint], world)
            response = client.open(url, method=method, data={}, base_url=base_url)
            yield f"{role} {method} {url}", response
            if endpoint == "auth.logout":
                client = client_as(app, user, base_url=base_url)


@pytest.fixture
def app_overrides():
    return {"RATELIMIT_ENABLED": False}


def test_every_answer_of_every_route_carries_the_security_headers(app, world):  # noqa: F811
    users = {"anonymous": None, "diplomat": world.a, "organizer": world.organizer}
    problems, statuses = [], set()
    for description, response in walk(app, world, users):
        statuses.add(response.status_code)
        problems += [
            f"{description} ({response.status_code}): {p}" for p in header_problems(response)
        ]
    assert not problems, "\n".join(["", *problems])
    # The walk met pages, redirects and refusals alike.
    assert {200, 302, 403, 404} <= statuses


def test_error_pages_carry_the_security_headers_too(app, client):
    client.application.config["WTF_CSRF_ENABLED"] = True
    answers = {
        405: client.get("/logout"),
        400: client.post("/logout"),  # no CSRF token
        404: client.get("/no/such/page"),
    }
    for status, response in answers.items():
        assert response.status_code == status
        assert header_problems(response) == [], status


def test_the_check_notices_a_policy_that_allows_inline_scripts(client):
    response = client.get("/")
    response.headers["Content-Security-Policy"] = "script-src 'self' 'unsafe-inline'"
    assert header_problems(response) != []


def test_development_sends_no_hsts(client):
    # Over plain HTTP on a developer's machine HSTS would lock the browser out.
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("app_overrides", [{**PRODUCTION, "RATELIMIT_ENABLED": False}])
def test_production_sends_hsts_on_every_route(app, world):  # noqa: F811
    users = {"anonymous": None, "diplomat": world.a}
    missing = [
        description
        for description, response in walk(
            app, world, users, methods=("GET",), base_url="https://localhost"
        )
        if "max-age=" not in response.headers.get("Strict-Transport-Security", "")
    ]
    assert not missing, missing


def cookie(response, name) -> str:
    [header] = [
        value for value in response.headers.getlist("Set-Cookie") if value.startswith(name + "=")
    ]
    return header


def attributes(header: str) -> set[str]:
    return {part.strip().lower() for part in header.split(";")[1:]}


def log_in_remembered(client, user):
    return client.post(
        "/login",
        data={"email": user.email, "password": "correct horse battery", "remember": "y"},
    )


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(client, diplomat):
    response = log_in_remembered(client, diplomat)
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        flags = attributes(cookie(response, name))
        assert {"httponly", "samesite=lax"} <= flags, (name, flags)


@pytest.mark.parametrize("app_overrides", [PRODUCTION])
def test_production_cookies_are_secure(app, diplomat):
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": diplomat.email, "password": "correct horse battery", "remember": "y"},
        base_url="https://localhost",
    )
    assert response.status_code == 302
    for name in ("session", "remember_token"):
        flags = attributes(cookie(response, name))
        assert {"secure", "httponly", "samesite=lax"} <= flags, (name, flags)
