"""Reading briefing documents in a browser (issue 22): the demo ambassador sees on her
agenda that the AfDB round table's pre-reading changed since she last looked, follows
the link to the session's page, finds it marked "Updated", downloads it under its own
name (accents kept), and on her next visit nothing is marked any more."""

from playwright.sync_api import expect

from ..test_demo import seed

ROUND_TABLE = "Round table: African Development Bank"
PRE_READING = "Pre-reading: the AfDB's programmes and Belgian expertise"


def test_the_demo_ambassador_reads_what_changed_since_her_last_visit(page, runner):
    seed(runner)
    page.goto("/login")
    page.get_by_label("E-mail address").fill("ambassador@example.org")
    page.get_by_label("Password").fill("demo-diplomat")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_be_visible()

    page.goto("/agenda")
    round_table = page.locator(".agenda-item", has_text=ROUND_TABLE)
    expect(round_table.locator(".agenda-item__documents")).to_have_text("1 document · 1 new")
    round_table.get_by_role("link", name="1 document").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND_TABLE)
    documents = page.locator("#documents")
    expect(documents).to_be_in_viewport()
    item = documents.locator(".document-list__item", has_text=PRE_READING)
    expect(item.locator(".badge--updated")).to_have_text("Updated")
    expect(item).to_contain_text("Word ·")
    expect(item).to_contain_text("Language: Français")
    expect(item).to_contain_text("Version 2: the figures of the AfDB's 2025 annual report.")
    with page.expect_download() as started:
        item.get_by_role("link", name=PRE_READING).click()
    download = started.value
    assert download.suggested_filename == "Lecture préalable – BAD.docx"
    with open(download.path(), "rb") as file:
        assert file.read(2) == b"PK"  # a Word document, not a page

    # Seen: the next visit marks nothing, and neither does the agenda.
    page.reload()
    expect(page.locator("#documents .document-list__item", has_text=PRE_READING)).to_be_visible()
    expect(page.locator("#documents .badge--updated")).to_have_count(0)
    page.goto("/agenda")
    expect(
        page.locator(".agenda-item", has_text=ROUND_TABLE).locator(".agenda-item__documents")
    ).to_have_text("1 document")

    # A session she never looked at: its documents, nothing marked on a first visit.
    page.locator(
        ".agenda-item", has_text="Strategic orientations of Belgian foreign policy"
    ).get_by_role("link", name="1 document").click()
    expect(page.locator("#documents")).to_contain_text("Speaking points: strategic orientations")
    expect(page.locator("#documents .badge")).to_have_count(0)
