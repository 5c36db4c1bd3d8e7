"""Forms in a browser: the diplomat picker of a session's audience, the choices that
follow the kind of audience, a language switcher that waits for its button, and the
confirmation or the error summary that takes the focus."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from eventapp.extensions import db
from eventapp.models import Session

from .test_grid import log_in


def only_session(title):
    db.session.expire_all()
    return db.session.scalar(select(Session).where(Session.title_en == title))


def test_organizer_finds_a_diplomat_without_her_accent_and_chooses_her_by_keyboard(
    page, event, organizer, create_user
):
    elodie = create_user(first_name="Élodie", last_name="Dubois")
    create_user(first_name="Jan", last_name="Peeters")
    create_user(first_name="Marie", last_name="Lejeune")
    log_in(page, organizer)
    page.goto("/organizer/sessions/new")
    page.get_by_label("Title (English)").fill("Lunch with the Minister")
    page.get_by_label("Audience", exact=True).select_option("named")

    search = page.get_by_role("combobox", name="Diplomats in the audience")
    search.fill("elodie")
    results = page.get_by_role("listbox", name="Diplomats in the audience")
    expect(results.get_by_role("option")).to_have_count(1)
    expect(results.get_by_role("option", name="Dubois, Élodie — Nairobi, Kenya")).to_be_visible()
    expect(page.locator(".picker [aria-live]")).to_have_text("1 diplomat matches")
    search.press("ArrowDown")
    search.press("Enter")
    expect(results.get_by_role("option", name="Dubois, Élodie")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(
        page.get_by_role("button", name="Remove Dubois, Élodie — Nairobi, Kenya")
    ).to_be_visible()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organizer/grid"))
    assert only_session("Lunch with the Minister").audience_members == [elodie]


def test_picker_searches_the_post_and_removes_a_chosen_diplomat(
    page, event, organizer, create_user
):
    create_user(first_name="Jan", last_name="Peeters")
    log_in(page, organizer)
    page.goto("/organizer/sessions/new")
    page.get_by_label("Audience", exact=True).select_option("named")
    search = page.get_by_role("combobox", name="Diplomats in the audience")
    search.fill("NAIROBI kenya")
    search.press("ArrowDown")
    search.press("Enter")
    remove = page.get_by_role("button", name="Remove Peeters, Jan — Nairobi, Kenya")
    remove.click()
    expect(remove).to_have_count(0)
    expect(search).to_be_focused()
    expect(page.locator(".picker [aria-live]")).to_have_text(
        "Peeters, Jan — Nairobi, Kenya removed"
    )


def test_audience_shows_only_the_choices_of_its_kind(page, event, organizer):
    log_in(page, organizer)
    page.goto("/organizer/sessions/new")
    functions = page.get_by_role("checkbox", name="Ambassador")
    regions = page.get_by_role("checkbox", name="Europe")
    diplomats = page.get_by_role("combobox", name="Diplomats in the audience")
    for hidden in (functions, regions, diplomats):
        expect(hidden).to_be_hidden()

    page.get_by_label("Audience", exact=True).select_option("functions")
    expect(functions).to_be_visible()
    expect(regions).to_be_hidden()

    page.get_by_label("Audience", exact=True).select_option("regions")
    expect(regions).to_be_visible()
    expect(functions).to_be_hidden()
    expect(diplomats).to_be_hidden()


def test_language_switcher_changes_nothing_until_its_button_is_pressed(page, event):
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    page.goto("/")
    page.evaluate("window.sameDocument = true")
    switcher = page.get_by_label("Language")
    switcher.focus()
    switcher.press("ArrowDown")
    switcher.press("ArrowDown")
    assert page.evaluate("window.sameDocument") is True
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert posts == []

    switcher.select_option("nl")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert len(posts) == 1


def test_confirmation_of_a_saved_form_takes_the_focus(page, event, organizer):
    log_in(page, organizer)
    page.goto("/organizer/sessions/new")
    page.get_by_label("Title (English)").fill("Economic diplomacy breakout")
    page.get_by_role("button", name="Save", exact=True).click()
    flashes = page.locator(".flashes")
    expect(flashes).to_contain_text("Session created as a draft")
    expect(flashes).to_be_focused()


def test_error_summary_takes_the_focus_and_its_link_focuses_the_field(page, event, organizer):
    log_in(page, organizer)
    page.goto("/organizer/sessions/new")
    page.get_by_label("Title (English)").fill("Economic diplomacy breakout")
    page.get_by_label("Duration (minutes)").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    summary = page.get_by_role("alert").filter(has_text="Please correct the highlighted fields.")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Duration (minutes): Give a duration in minutes.").click()
    expect(page.get_by_label("Duration (minutes)")).to_be_focused()
