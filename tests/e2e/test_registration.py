"""In the browser: a head of post opens their invitation link, registers, and lands on
the home page, which shows their registration."""

from playwright.sync_api import expect

from eventapp.invitations import inviting
from eventapp.invitations.csv_import import Invitee
from eventapp.models import DiplomatFunction, Region


def test_invited_diplomat_registers_and_sees_their_status_on_the_home_page(
    app, page, live_server, event, organizer
):
    tokens = []

    def link_for(token):
        tokens.append(token)
        return f"{live_server}/invitation/{token}"

    invitee = Invitee(
        first_name="Hélène",
        last_name="Lefèvre",
        email="consul@example.org",
        function=DiplomatFunction.CONSUL_GENERAL,
        post_city="New York",
        post_country="United States",
        region=Region.AMERICAS,
        language="en",
    )
    with app.test_request_context():
        inviting.invite(event, invitee, organizer, link_for)

    page.goto(f"/invitation/{tokens[0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register for the Diplomatic Contact Days 2026"
    )
    expect(page.get_by_label("First name")).to_have_value("Hélène")
    page.get_by_label("Monday 2 February").check()
    page.get_by_label("Tuesday 3 February").check()
    page.get_by_label("Arrival in Brussels").fill("2026-02-01T18:30")
    page.get_by_label("Departure from Brussels").fill("2026-02-03T19:00")
    page.get_by_label("Mobile phone").fill("0478 12 34 56")
    page.get_by_label("Dietary requirements").fill("Vegetarian")
    page.get_by_label("Choose a password").fill("a long enough passphrase")
    page.get_by_label("The password again").fill("a long enough passphrase")
    page.get_by_label("I agree to the processing of my personal data").check()
    page.get_by_role("button", name="Register").click()

    # The Belgian number is shown back as it will be saved; the password is typed again.
    expect(page.get_by_label("Mobile phone")).to_have_value("+32 478 12 34 56")
    summary = page.get_by_role("alert").filter(has_text="Please correct the highlighted fields.")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "We wrote your number in its international form: +32 478 12 34 56. Check it and save again."
    )
    page.get_by_label("Choose a password").fill("a long enough passphrase")
    page.get_by_label("The password again").fill("a long enough passphrase")
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url("/")
    expect(page.locator(".flash--success")).to_contain_text("you are registered")
    registration = page.locator("#my-registration")
    expect(registration).to_contain_text("Registered")
    expect(registration).to_contain_text("Monday 2 February, Tuesday 3 February")
    registration.get_by_role("link", name="Your registration").click()
    expect(page.get_by_label("Mobile phone")).to_have_value("+32478123456")
    expect(page.get_by_label("Arrival in Brussels")).to_have_value("2026-02-01T18:30")
