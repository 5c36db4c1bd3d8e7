"""Rate limits on the doors someone could hammer: login, password reset, invitation
links and personal calendar feeds. Each answers 429 with a page saying so (never a
server error), each limit comes from the configuration, and with Redis the counters
are shared by every server."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from eventapp.calendar import services as calendar

from .test_registration import invited  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/0"


def assert_limited(response):
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert int(response.headers["Retry-After"]) > 0


def test_failed_logins_hit_the_per_account_limit(app, client, diplomat):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    for _attempt in range(2):
        assert client.post("/login", data={"email": diplomat.email, "password": "no"}).status_code
    assert_limited(client.post("/login", data={"email": diplomat.email, "password": "no"}))


def test_password_reset_requests_hit_their_limit(app, client, diplomat):
    app.config["PASSWORD_RESET_LIMIT"] = "2 per hour"
    for _attempt in range(2):
        response = client.post("/password/forgot", data={"email": diplomat.email})
        assert response.status_code == 302
    assert_limited(client.post("/password/forgot", data={"email": diplomat.email}))


def test_password_reset_link_guesses_hit_the_limit(app, client):
    app.config["PASSWORD_RESET_LIMIT"] = "2 per hour"
    for attempt in range(2):
        response = client.post(f"/password/reset/guess-{attempt}", data={"new_password": "x"})
        assert response.status_code == 404
    assert_limited(client.post("/password/reset/guess-3", data={"new_password": "x"}))


def test_invitation_link_guesses_hit_the_limit_on_every_invitation_page(
    app,
    client,
    invited,  # noqa: F811
):
    app.config["INVITATION_LIMIT"] = "2 per hour"
    link = invited()
    assert client.get("/invitation/guess-1").status_code == 404
    assert client.get("/invitation/guess-2/decline").status_code == 404
    # The budget is spent whichever page took it: the real link is refused too.
    assert_limited(client.get(link))


def feed_url(app, user) -> str:
    with app.test_request_context():
        return f"/feeds/{calendar.ensure_feed_token(user)}.ics"


def test_a_feed_link_fetched_too_often_hits_its_limit_others_do_not(
    app, client, event, create_user
):
    app.config["FEED_LIMIT_PER_TOKEN"] = "3 per minute"
    mine, theirs = feed_url(app, create_user()), feed_url(app, create_user())
    for _fetch in range(3):
        assert client.get(mine).status_code == 200
    assert_limited(client.get(mine))
    # Google Calendar fetches many people's feeds from one address: theirs still works.
    assert client.get(theirs).status_code == 200


def test_feed_fetches_from_one_address_hit_the_per_address_limit(app, client, event, create_user):
    app.config["FEED_LIMIT_PER_ADDRESS"] = "3 per minute"
    urls = [feed_url(app, create_user()) for _diplomat in range(3)]
    for url in urls:
        assert client.get(url).status_code == 200
    # Guessing tokens spends the same budget as real links.
    assert_limited(client.get("/feeds/guessing-at-random-a-token-nobody-has.ics"))


@pytest.mark.parametrize("app_overrides", [{"PROXY_COUNT": 1}])
def test_behind_a_proxy_each_visitor_has_their_own_budget(app, client, event, create_user):
    app.config["FEED_LIMIT_PER_ADDRESS"] = "2 per minute"
    urls = [feed_url(app, create_user()) for _diplomat in range(3)]

    def fetch(url, address):
        return client.get(url, headers={"X-Forwarded-For": address}).status_code

    assert [fetch(url, "198.51.100.7") for url in urls] == [200, 200, 429]
    assert fetch(urls[2], "203.0.113.9") == 200


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(app, client, event, create_user):
    # Otherwise anyone could dodge the limits by sending a new X-Forwarded-For each time.
    app.config["FEED_LIMIT_PER_ADDRESS"] = "2 per minute"
    urls = [feed_url(app, create_user()) for _diplomat in range(3)]
    statuses = [
        client.get(url, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
        for n, url in enumerate(urls)
    ]
    assert statuses == [200, 200, 429]


def test_limits_come_from_the_environment(monkeypatch, tmp_path):
    from eventapp import create_app

    settings = {
        "EVENTAPP_LOGIN_LIMIT_PER_ACCOUNT": "7 per hour",
        "EVENTAPP_LOGIN_LIMIT_PER_ADDRESS": "70 per hour",
        "EVENTAPP_PASSWORD_RESET_LIMIT": "3 per hour",
        "EVENTAPP_INVITATION_LIMIT": "9 per hour",
        "EVENTAPP_FEED_LIMIT_PER_TOKEN": "30 per minute",
        "EVENTAPP_FEED_LIMIT_PER_ADDRESS": "900 per minute",
        "EVENTAPP_RATELIMIT_STORAGE_URI": "memory://",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("EVENTAPP_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "k" * 40})
    for name, value in settings.items():
        assert app.config[name.removeprefix("EVENTAPP_")] == value


# Several servers: one Redis, one budget.

# A server of its own, in another process: it makes `attempts` failed logins from
# 127.0.0.1 and prints the statuses it got.
SERVER = """
import json, sys
from eventapp import create_app
from eventapp.extensions import db
app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "MAIL_BACKEND": "memory"})
with app.app_context():
    db.create_all()
client = app.test_client()
data = {"email": "nobody@example.org", "password": "wrong"}
print(json.dumps([client.post("/login", data=data).status_code for _ in range(int(sys.argv[1]))]))
"""


def server_process(tmp_path, storage_uri, prefix, attempts) -> list[int]:
    environment = {
        **os.environ,
        "EVENTAPP_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite'}",
        "SECRET_KEY": "s" * 40,
        "EVENTAPP_RATELIMIT_STORAGE_URI": storage_uri,
        "EVENTAPP_RATELIMIT_KEY_PREFIX": prefix,
        "EVENTAPP_LOGIN_LIMIT_PER_ADDRESS": "3 per 15 minutes",
    }
    environment.pop("EVENTAPP_TEST_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SERVER, str(attempts)],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the Redis server; its keys are deleted after.
    The server runs on the CI machine: unreachable is a failure, not a skip."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} (start redis-server): {error}")
    prefix = f"eventapp-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    keys = list(connection.scan_iter(match=f"*{prefix}*"))
    if keys:
        connection.delete(*keys)
    assert not list(connection.scan_iter(match=f"*{prefix}*"))
    connection.close()


def test_two_servers_share_their_login_limit_through_redis(tmp_path, redis_prefix):
    import redis

    assert server_process(tmp_path, REDIS_URL, redis_prefix, 3) == [200, 200, 200]
    # The second server never saw those attempts, yet its first one is refused.
    assert server_process(tmp_path, REDIS_URL, redis_prefix, 1) == [429]
    counters = list(redis.Redis.from_url(REDIS_URL).scan_iter(match=f"*{redis_prefix}*"))
    assert counters, "the counters were not kept in Redis"


def test_servers_with_memory_counters_do_not_share_them(tmp_path):
    # The same two servers without Redis: each counts alone, which is why several
    # servers need EVENTAPP_RATELIMIT_STORAGE_URI.
    assert server_process(tmp_path, "memory://", "", 3) == [200, 200, 200]
    assert server_process(tmp_path, "memory://", "", 1) == [200]
