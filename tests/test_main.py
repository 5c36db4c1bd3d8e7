import re
import time

import psycopg
import pytest
from sqlalchemy import create_engine, text

from eventapp import connections
from eventapp.extensions import db
from eventapp.models import Role, Room

from .support import add_crashing_route, make_app


def test_home_page_shows_the_event_theme_dates_and_venue(client, event):
    page = client.get("/").get_data(as_text=True)
    assert "Diplomatic Contact Days 2026" in page
    assert "Global influence through economic and political diplomacy" in page
    assert "2 February – 6 February 2026" in page  # day first, as every date in English
    assert "Egmont Palace, Place du Petit Sablon 8" in page
    assert 'href="/login"' in page


def test_home_page_without_an_event_explains_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No event has been set up yet" in response.get_data(as_text=True)


def test_home_page_speaks_the_language_the_browser_asks_for(client, event):
    page = client.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Journées de contact diplomatique 2026" in page
    assert "2 février – 6 février 2026" in page
    assert "Se connecter" in page


def test_language_switcher_choice_is_remembered(client, event):
    response = client.post("/language", data={"language": "nl", "next": "/"})
    assert response.status_code == 302
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "Diplomatieke Contactdagen 2026" in page


def test_language_switcher_refuses_an_unknown_language(client):
    response = client.post("/language", data={"language": "xx"})
    assert response.status_code == 400


def test_language_switcher_never_redirects_off_site(client):
    response = client.post("/language", data={"language": "fr", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def _home_page_of(app, user=None, language="en", path="/") -> str:
    client = app.test_client()
    if user is not None:
        response = client.post(
            "/login", data={"email": user.email, "password": "correct horse battery"}
        )
        assert response.status_code == 302
    return client.get(path, headers={"Accept-Language": language}).get_data(as_text=True)


def _switcher_token(page: str) -> str:
    return re.search(
        r'class="language-switcher"[^>]*>\s*<input id="csrf_token" name="csrf_token" '
        r'type="hidden" value="([^"]+)">',
        page,
    ).group(1)


def test_the_layout_shows_each_visitor_their_own_menu_name_language_and_token(
    app, event, create_user
):
    """Parts of the layout are rendered once and reused (cached_fragment): each visitor
    still gets the menu of their kind of account, their own name, their language and
    their own form token, whoever was served before them."""
    amira = create_user(first_name="Amira", last_name="Haddad")
    jan = create_user(first_name="Jan", last_name="Peeters", language="nl")
    olivia = create_user(first_name="Olivia", last_name="Martin", role=Role.ORGANIZER)
    for _ in range(2):  # then again, from what the first round rendered
        french = _home_page_of(app, language="fr", path="/login?next=/agenda&x=%22")
        assert '<html lang="fr">' in french
        assert "Se connecter" in french and "Mon agenda" not in french
        assert 'name="next" type="hidden" value="/login?next=/agenda&amp;x=%22"' in french
        assert '<option value="fr" lang="fr" selected>Français</option>' in french
        english = _home_page_of(app)
        assert "Log in" in english and "Se connecter" not in english
        assert '<option value="en" lang="en" selected>English</option>' in english
        assert 'name="next" type="hidden" value="/"' in english

        amira_page = _home_page_of(app, amira)
        assert "Amira Haddad" in amira_page and "Jan Peeters" not in amira_page
        assert "My agenda" in amira_page and "Organizer area" not in amira_page
        assert "Log out" in amira_page and "Log in<" not in amira_page
        jan_page = _home_page_of(app, jan)
        assert "Jan Peeters" in jan_page and "Amira Haddad" not in jan_page
        assert "Mijn agenda" in jan_page and '<html lang="nl">' in jan_page
        olivia_page = _home_page_of(app, olivia)
        assert "Organizer area" in olivia_page and "My agenda" not in olivia_page
        assert "Olivia Martin" in olivia_page

        # Each page's switcher carries that visitor's token, the one its log-out uses.
        assert _switcher_token(amira_page) != _switcher_token(jan_page)
        assert f'name="csrf_token" value="{_switcher_token(jan_page)}"' in jan_page


def test_form_messages_follow_each_requests_language(client):
    """WTForms' own messages come from catalogues read once per process, by language."""
    expected = {
        "fr": "Ce champ est requis.",
        "nl": "Dit veld is vereist.",
        "en": "This field is required.",
    }
    for language in ("fr", "nl", "en", "fr", "en"):
        response = client.post(
            "/login", data={"email": "", "password": ""}, headers={"Accept-Language": language}
        )
        page = response.get_data(as_text=True)
        assert expected[language] in page
        assert all(other not in page for code, other in expected.items() if code != language)


def test_healthz_answers_ok_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = make_app(
        tmp_path, None, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite"
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def _kill_the_pooled_connection(app) -> None:
    """Terminate, from another connection, the server process behind the one connection
    the app's pool holds (as a database restart or an administrator would), and wait
    until it is gone."""
    with app.app_context():
        with db.engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        deadline = time.monotonic() + 10
        while connection.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        ).scalar():
            assert time.monotonic() < deadline, "the server process did not end"
            time.sleep(0.02)
    admin.dispose()
    time.sleep(0.05)


def test_a_connection_killed_in_the_pool_is_replaced_before_a_request_uses_it(
    tmp_path, postgres_database, event
):
    if postgres_database is None:
        pytest.skip("PostgreSQL: an SQLite connection does not die in a pool")
    app = make_app(tmp_path, postgres_database)
    client = app.test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        # Killed between two requests, a moment ago: no ping, the socket tells.
        _kill_the_pooled_connection(app)
        assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok"}
        assert client.get("/").status_code == 200
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(("idle_ping_seconds", "replaced"), [(0, True), (3600, False)])
def test_a_connection_idle_in_the_pool_is_pinged_before_use(
    tmp_path, postgres_database, monkeypatch, idle_ping_seconds, replaced
):
    """Dead without a sign on its socket (a network drop): only the ping finds out, for
    connections idle longer than DATABASE_IDLE_PING_SECONDS; without it, the next
    statement fails."""
    if postgres_database is None:
        pytest.skip("PostgreSQL: an SQLite connection does not die in a pool")
    app = make_app(tmp_path, postgres_database, DATABASE_IDLE_PING_SECONDS=idle_ping_seconds)
    assert app.test_client().get("/healthz").status_code == 200
    _kill_the_pooled_connection(app)
    monkeypatch.setattr(connections, "closed_by_server", lambda dbapi_connection: False)
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            if replaced:
                connection.cursor().execute("SELECT 1")
            else:
                with pytest.raises(psycopg.OperationalError):
                    connection.cursor().execute("SELECT 1")
        finally:
            connection.invalidate()
        db.engine.dispose()


def test_unknown_page_gets_a_404_page_in_the_site_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "We could not find that page" in page
    assert 'class="site-header"' in page


def test_json_clients_get_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == 404


def test_wrong_method_gets_a_405_page_naming_allowed_methods(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_crash_gets_a_500_page_and_leaves_no_half_written_data(app, client, event):
    response = client.get(add_crashing_route(app, event))
    assert response.status_code == 500
    assert "Nothing you entered was saved half-way" in response.get_data(as_text=True)
    assert db.session.query(Room).count() == 0


def test_every_page_carries_security_headers(client):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


def test_pages_load_their_assets_from_this_site_only(client, event):
    page = client.get("/").get_data(as_text=True)
    assert "/static/css/app.css" in page
    assert "http://" not in page and "https://" not in page
    assert client.get("/static/css/app.css").status_code == 200


def test_browser_tabs_name_the_page_then_the_site_never_the_codebase(client, event):
    home = client.get("/").get_data(as_text=True)
    programme = client.get("/programme").get_data(as_text=True)
    assert "<title>Diplomatic Contact Days</title>" in home
    assert "<title>Programme · Diplomatic Contact Days</title>" in programme
    assert "eventapp</title>" not in home + programme
