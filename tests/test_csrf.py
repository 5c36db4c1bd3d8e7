"""Every state-changing request needs the CSRF token of the visitor's own session.

Every POST route of `app.url_map` (new ones are covered as they appear) is sent without
a token by an anonymous visitor, by a diplomat and by an organizer: each is refused with
400 and a page saying why, never a server error. The same requests with a valid token
are not refused for that reason, so the refusal is the CSRF check's doing.
"""

import re

import pytest

from .test_authorization import build_world, client_as, url_for_rule, world  # noqa: F401  (fixtures)

CSRF_REFUSAL = "Your form expired or was sent from elsewhere"


@pytest.fixture
def app_overrides():
    return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False}


def post_urls(app, world):  # noqa: F811
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint):
        if "POST" in rule.methods:
            yield rule.endpoint, url_for_rule(rule, world)


def visitors(world):  # noqa: F811
    return {"anonymous": None, "diplomat": world.a, "organizer": world.organizer}


def csrf_token(client) -> str:
    """The token the site puts in its forms for this client's session."""
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_every_post_route_refuses_a_request_without_a_token(app, world):  # noqa: F811
    wrong = []
    checked = 0
    for role, user in visitors(world).items():
        client = client_as(app, user)
        for endpoint, url in post_urls(app, world):
            response = client.post(url, data={})
            page = response.get_data(as_text=True)
            if response.status_code != 400 or CSRF_REFUSAL not in page:
                wrong.append(f"{role} POST {url} ({endpoint}): {response.status_code}")
            checked += 1
    assert not wrong, "accepted without a CSRF token: " + "; ".join(wrong)
    assert checked >= 3 * 30


def test_a_token_from_another_session_is_refused(app, world):  # noqa: F811
    other = csrf_token(client_as(app, world.b))
    client = client_as(app, world.a)
    response = client.post("/registration/cancel", data={"csrf_token": other})
    assert response.status_code == 400
    assert CSRF_REFUSAL in response.get_data(as_text=True)


def test_the_refusal_is_a_page_in_the_site_layout(app, world):  # noqa: F811
    response = client_as(app, world.a).post("/logout")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Please reload and try again." in page
    assert "<nav" in page or "<header" in page


def test_with_a_valid_token_the_same_requests_are_not_refused(app, world):  # noqa: F811
    # The requests above fail because of the missing token, not for another reason.
    refused = []
    for role, user in visitors(world).items():
        client = client_as(app, user)
        token = csrf_token(client)
        for endpoint, url in post_urls(app, world):
            response = client.post(url, data={"csrf_token": token})
            assert response.status_code < 500, f"{role} POST {url}: {response.status_code}"
            if CSRF_REFUSAL in response.get_data(as_text=True):
                refused.append(f"{role} POST {url} ({endpoint})")
            if endpoint == "auth.logout":
                client = client_as(app, user)
                token = csrf_token(client)
    assert not refused, "refused with a valid token: " + "; ".join(refused)
