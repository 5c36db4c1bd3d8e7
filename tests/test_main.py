from eventapp.extensions import db
from eventapp.models import Room

from .support import make_app


def test_home_page_shows_the_event_theme_dates_and_venue(client, event):
    page = client.get("/").get_data(as_text=True)
    assert "Diplomatic Contact Days 2026" in page
    assert "Global influence through economic and political diplomacy" in page
    assert "February 2 – February 6, 2026" in page
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
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def crash():
        db.session.add(Room(event_id=event.id, name="Half-written", capacity=10))
        db.session.flush()
        raise RuntimeError("boom")

    app.add_url_rule("/crash", "crash", crash)
    response = client.get("/crash")
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
