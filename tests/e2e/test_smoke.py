from playwright.sync_api import expect


def test_home_page_loads_and_its_login_link_leads_to_the_login_form(page, event):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diplomatic Contact Days 2026")
    expect(page.locator(".hero__venue")).to_contain_text("Egmont Palace")
    page.get_by_role("link", name="Log in").first.click()
    expect(page).to_have_url("/login")
    expect(page.get_by_label("E-mail address")).to_be_visible()


def test_diplomat_logs_in_through_the_form(page, diplomat):
    page.goto("/login")
    page.get_by_label("E-mail address").fill(diplomat.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_contain_text(f"Welcome, {diplomat.full_name}")


def test_language_switcher_changes_the_page_language_with_its_button(page, event):
    page.goto("/")
    page.get_by_label("Language").select_option("fr")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Journées de contact diplomatique 2026"
    )
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_home_page_fits_a_phone_screen(phone_page, event):
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
