"""The briefing pack in a browser (issue 22): the demo ambassador clicks the pack's link
on her agenda and gets one zip, named for the event, with the contents page first and a
folder for each day and session of her agenda that has documents."""

import re
import zipfile

from playwright.sync_api import expect

from ..test_demo import seed


def test_the_demo_ambassador_downloads_her_briefing_pack_from_the_agenda(page, runner):
    seed(runner)
    page.goto("/login")
    page.get_by_label("E-mail address").fill("ambassador@example.org")
    page.get_by_label("Password").fill("demo-diplomat")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".flash--success")).to_be_visible()

    page.goto("/agenda")
    expect(page.locator(".agenda-pack")).to_contain_text(re.compile(r"\d+ documents, "))
    with page.expect_download() as started:
        page.get_by_role("link", name="Download my briefing pack").click()
    download = started.value
    assert download.suggested_filename == "Briefing pack — Diplomatic Contact Days 2026.zip"

    with zipfile.ZipFile(download.path()) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
    assert names[0] == "00 Contents.pdf"
    folders = {name.rsplit("/", 1)[0] for name in names[1:]}
    # A folder per day, and in it one per session ("HH.MM title"), in the agenda's order.
    assert all(re.fullmatch(r"2026-02-0\d \w+ \d+ \w+/\d\d\.\d\d .+", f) for f in folders)
    assert (
        "2026-02-02 Monday 2 February/10.00 Strategic orientations of Belgian foreign policy"
        in (folders)
    )
    # Her invited-only closed session's briefing, narrowed to its participants: hers.
    assert any("Enabel in Sub-Saharan Africa – closed session" in f for f in folders)
    # The withdrawn calendar of trade missions is not in it.
    assert not any("Trade missions" in name for name in names)
    assert names[1:] == sorted(names[1:])
