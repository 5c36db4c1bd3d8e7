"""Briefing documents in a browser (issue 22): an organizer attaches a PDF through the
form and sees it listed; a file over the limit is refused in the page before it is sent;
a diplomat who may read the document downloads it from the session's page, under its
name with the accents kept."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from eventapp.documents import samples
from eventapp.extensions import db
from eventapp.models import Document, Visibility

PASSWORD = "correct horse battery"
FILENAME = "Fiche pays — Côte d’Ivoire.pdf"


def log_in(page, user):
    page.goto("/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_be_visible()


def documents_count() -> int:
    db.session.expire_all()
    count = db.session.scalar(select(func.count(Document.id)))
    db.session.rollback()
    return count


@pytest.fixture
def session(create_session):
    return create_session(title="Regional meeting: West Africa", visibility=Visibility.ATTENDEES)


def test_an_organizer_attaches_a_pdf_and_a_diplomat_downloads_it(
    browser, live_server, page, organizer, attending, session
):
    log_in(page, organizer)
    page.goto(f"/organizer/sessions/{session.id}")
    page.get_by_role("link", name="Documents (0)").click()
    page.get_by_role("link", name="Add a document").first.click()
    page.get_by_label("File", exact=True).set_input_files(
        {"name": FILENAME, "mimeType": "application/pdf", "buffer": samples.pdf("Côte d’Ivoire")}
    )
    page.get_by_label("Title (French)").fill("Fiche pays : Côte d’Ivoire")
    page.get_by_label("Language of the file").select_option("fr")
    page.get_by_role("button", name="Attach").click()
    expect(page.locator(".flash--success")).to_contain_text("Document attached.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fiche pays : Côte d’Ivoire")
    expect(page.get_by_role("link", name=FILENAME)).to_be_visible()

    page.goto("/organizer/documents")
    expect(page.get_by_role("link", name="Fiche pays : Côte d’Ivoire")).to_be_visible()
    expect(
        page.get_by_role("link", name="Regional meeting: West Africa", exact=True)
    ).to_be_visible()

    reader = attending(first_name="Awa", last_name="Diallo").user
    context = browser.new_context(base_url=live_server, locale="en-GB", accept_downloads=True)
    diplomat = context.new_page()
    diplomat.set_default_timeout(10_000)
    log_in(diplomat, reader)
    diplomat.goto(f"/sessions/{session.id}")
    link = diplomat.get_by_role("link", name=re.compile("Fiche pays : Côte d’Ivoire"))
    with diplomat.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == FILENAME
    with open(download.path(), "rb") as handle:
        assert handle.read() == samples.pdf("Côte d’Ivoire")
    context.close()

    page.goto(f"/organizer/sessions/{session.id}/documents")
    expect(page.locator('td[data-label="Readers"]')).to_have_text("1")


def test_a_file_over_the_limit_is_refused_before_it_is_sent(app, page, organizer, session):
    app.config["DOCUMENT_MAX_MB"] = 0.01
    sent = []
    page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and "/documents/new" in request.url
            and sent.append(request.url)
        ),
    )
    log_in(page, organizer)
    page.goto(f"/organizer/sessions/{session.id}/documents/new")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"0" * 20_000}
    )
    message = page.locator(".upload-limit")
    expect(message).to_contain_text("larger than 0.01 MB")
    expect(message).to_have_attribute("aria-live", "polite")
    page.get_by_role("button", name="Attach").click()
    expect(page).to_have_url(re.compile(r"/documents/new$"))
    assert sent == []
    assert documents_count() == 0
