from playwright.sync_api import expect

from eventapp.extensions import db

from ..support import brussels


def test_visitor_switches_to_dutch_and_sees_home_and_programme_in_dutch(
    page, event, create_session
):
    event.venue_nl = "Egmontpaleis"
    db.session.commit()
    create_session(
        title="Opening plenary",
        title_nl="Openingsplenaire",
        starts_at=brussels(2, 9, 30),
        ends_at=brussels(2, 11),
        capacity=40,
        signup_required=True,
    )
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_label("Language").select_option("nl")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diplomatieke Contactdagen 2026")
    expect(page.locator(".hero__venue")).to_contain_text("Egmontpaleis")
    expect(page.get_by_role("link", name="Aanmelden").first).to_be_visible()

    # The next page remembers the choice: no switcher touched again.
    page.get_by_role("link", name="Programma").first.click()
    expect(page).to_have_url("/programme")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_label("Taal")).to_have_value("nl")
    expect(page.locator(".programme-day-title")).to_have_text("maandag 2 februari 2026")
    expect(page.get_by_text("Openingsplenaire")).to_be_visible()
    expect(page.locator(".signup-note")).to_contain_text("Inschrijving vereist · nog 40 plaatsen")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diplomatieke Contactdagen 2026")
