"""A diplomat's briefing pack (/agenda/briefing-pack.zip, eventapp/documents/pack.py):
one zip, streamed, of every document they may read for the sessions on their agenda, a
folder per day and one per session, with a contents page in their language."""

import io
import os
import tracemalloc
import unicodedata
import zipfile
from datetime import date

import pypdfium2 as pdfium
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from eventapp.documents import services
from eventapp.documents.storage import BIDI_CONTROLS
from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    DocumentDownload,
    Room,
    SessionKind,
    Visibility,
)
from eventapp.programme.services import lock_programme
from eventapp.signups import services as signups

from .support import brussels

MONDAY, TUESDAY = date(2026, 2, 2), date(2026, 2, 3)
PACK = "/agenda/briefing-pack.zip"
PASSWORD = "correct horse battery"  # tests/conftest.py create_user


def pdf_bytes(text: str, size: int = 0) -> bytes:
    """A file whose content says PDF (the type is read from the first bytes), `size`
    random bytes after it: different every time."""
    return b"%PDF-1.4\n%" + text.encode() + b"\n" + os.urandom(size or 64)


@pytest.fixture
def week(app, event, attending, create_user, create_session, create_document, organizer):
    """Heads of post A (signed up for the workshop), W (waitlisted), C (signed up and
    cancelled) and N (the named audience of an invited-only meeting), all attending
    Monday and Tuesday; sessions with documents on those days and on Wednesday."""
    people = {
        key: attending(days=[MONDAY, TUESDAY], email=f"{key.lower()}@example.org").user
        for key in ("A", "W", "C", "N")
    }
    room = Room(event=event, name="Salle des Glaces", capacity=100)
    db.session.add(room)
    lock_programme(event.id)
    db.session.commit()
    opening = create_session(
        "Opening address",
        brussels(2, 9, 30),
        brussels(2, 10, 30),
        title_fr="Discours d'ouverture",
        title_nl="Openingstoespraak",
        room=room,
    )
    workshop = create_session(
        "Export workshop",
        brussels(3, 14),
        brussels(3, 15),
        kind=SessionKind.WORKSHOP,
        signup_required=True,
        capacity=1,
    )
    regional = create_session(
        "Regional meeting Africa",
        brussels(2, 14),
        brussels(2, 15),
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.NAMED,
        audience_members=[people["N"]],
    )
    wednesday = create_session("Wednesday panel", brussels(4, 9), brussels(4, 10))
    with app.test_request_context():
        signups.sign_up(workshop, people["C"])
        signups.cancel(workshop, people["C"])
        signups.sign_up(workshop, people["A"])
        signups.sign_up(workshop, people["W"])
    files = {}

    def document(session, title, participants_only=False, filename=None, **values):
        files[title] = pdf_bytes(title)
        return create_document(
            session,
            title=title,
            content=files[title],
            filename=filename or f"{title}.pdf",
            participants_only=participants_only,
            **values,
        )

    speaking = document(opening, "Speaking points")
    files["Speaking points v1"] = files["Speaking points"]
    files["Speaking points"] = pdf_bytes("Speaking points, second version")
    services.replace(
        speaking,
        services.Upload(io.BytesIO(files["Speaking points"]), "Speaking points v2.pdf"),
        organizer,
    )
    document(opening, "Opening: for its audience", participants_only=True)
    services.withdraw(document(opening, "Old programme"), organizer)
    document(workshop, "Workshop reading")
    document(workshop, "Workshop participants list", participants_only=True)
    document(regional, "Africa fact sheet")
    document(wednesday, "Wednesday slides")
    return people, files


def pack_of(client, user):
    """The user's pack, read whole, as a zip (logged in on `client`)."""
    log_in(client, user)
    response = client.get(PACK)
    assert response.status_code == 200, response.status_code
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.testzip() is None
    return response, archive


def log_in(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, "login failed"


def files_in(archive):
    """{file name: bytes}, the contents page left out."""
    return {
        name.rsplit("/", 1)[-1]: archive.read(name) for name in archive.namelist() if "/" in name
    }


def contents_text(archive) -> str:
    (name,) = [name for name in archive.namelist() if "/" not in name]
    document = pdfium.PdfDocument(archive.read(name))
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)


def test_the_pack_holds_the_latest_version_of_each_document_in_folders_by_day(client, login, week):
    people, files = week
    response, archive = pack_of(client, people["A"])
    assert response.mimetype == "application/zip"
    names = archive.namelist()
    assert names[0] == "00 Contents.pdf"
    assert "2026-02-02 Monday 2 February/09.30 Opening address/Speaking points v2.pdf" in names
    assert (
        "2026-02-03 Tuesday 3 February/14.00 Export workshop/Workshop participants list.pdf"
        in names
    )
    # Byte for byte what was uploaded, the latest version only; nothing withdrawn, nothing
    # of a day not attended or of a meeting for others.
    assert files_in(archive) == {
        "Speaking points v2.pdf": files["Speaking points"],
        "Opening – for its audience.pdf": files["Opening: for its audience"],
        "Workshop reading.pdf": files["Workshop reading"],
        "Workshop participants list.pdf": files["Workshop participants list"],
    }
    assert files["Speaking points v1"] not in files_in(archive).values()


def test_the_response_is_an_attachment_never_kept_nor_sniffed(client, login, week):
    people, _files = week
    log_in(client, people["A"])
    response = client.get(PACK)
    # Sent as it is written: a piece for each file at least (a page comes in one).
    assert response.is_streamed
    assert len(list(response.response)) > 4
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Briefing%20pack%20%E2%80%94%20Diplomatic%20Contact%20Days" in (
        disposition
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_participants_only_documents_go_to_participants_only(client, login, week):
    people, _files = week
    # W is on the waitlist: the workshop is on their agenda, its open reading is theirs,
    # the list for participants is not.
    _response, archive = pack_of(client, people["W"])
    assert set(files_in(archive)) == {
        "Speaking points v2.pdf",
        "Opening – for its audience.pdf",
        "Workshop reading.pdf",
    }


def test_a_cancelled_sign_up_takes_the_session_out_of_the_pack(app, login, week):
    people, _files = week
    _response, archive = pack_of(app.test_client(), people["C"])
    assert not any("Export workshop" in name for name in archive.namelist())


def test_an_invited_only_meetings_documents_go_to_its_audience_only(app, login, week):
    people, _files = week
    _response, archive = pack_of(app.test_client(), people["N"])
    assert "Africa fact sheet.pdf" in files_in(archive)
    for key in ("A", "W", "C"):
        _response, archive = pack_of(app.test_client(), people[key])
        assert "Africa fact sheet.pdf" not in files_in(archive), key


def test_the_downloads_are_recorded_once_as_in_a_pack(client, login, week):
    people, _files = week
    login(people["A"])
    response = client.get(PACK)
    # Recorded before the first byte is sent.
    downloads = db.session.scalars(select(DocumentDownload)).all()
    assert len(downloads) == 4
    assert all(d.in_pack and d.user_id == people["A"].id for d in downloads)
    response.get_data()
    assert db.session.scalar(select(db.func.count()).select_from(DocumentDownload)) == 4


def test_asking_for_the_headers_only_downloads_nothing(client, week):
    people, _files = week
    log_in(client, people["A"])
    response = client.head(PACK)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert db.session.scalar(select(db.func.count()).select_from(DocumentDownload)) == 0


def test_the_contents_page_lists_sessions_and_documents(client, login, week):
    people, _files = week
    _response, archive = pack_of(client, people["A"])
    text = contents_text(archive)
    for expected in (
        "Briefing pack",
        "Diplomatic Contact Days 2026",
        "Monday 2 February 2026",
        "09:30–10:30 · Opening address · Salle des Glaces",
        "Speaking points",
        "Speaking points v2.pdf",
        "Tuesday 3 February 2026",
        "14:00–15:00 · Export workshop",
        "Workshop participants list",
        "PDF",
        "English",
    ):
        assert expected in text, expected
    assert "Old programme" not in text
    assert "Wednesday" not in text


@pytest.mark.parametrize(
    ("language", "title", "day"),
    [
        ("fr", "Discours d'ouverture", "lundi 2 février 2026"),
        ("nl", "Openingstoespraak", "maandag 2 februari 2026"),
        ("en", "Opening address", "Monday 2 February 2026"),
    ],
)
def test_the_contents_page_is_in_the_diplomats_language(
    app, client, login, week, language, title, day
):
    people, _files = week
    people["A"].language = language
    db.session.commit()
    _response, archive = pack_of(client, people["A"])
    with force_locale(language):
        contents = f"00 {_('Contents')}.pdf"
        heading = _("Briefing pack")
    assert archive.namelist()[0] == contents
    text = contents_text(archive)
    assert heading in text
    assert title in text
    assert day in text
    # The session's folder carries its title in that language too.
    assert any(f"09.30 {title}/" in name for name in archive.namelist())


def test_a_diplomat_with_nothing_to_read_goes_back_to_the_agenda(
    client, login, attending, create_session
):
    user = attending(days=[MONDAY]).user
    create_session("Opening address")
    login(user)
    response = client.get(PACK)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/agenda")
    page = client.get("/agenda").get_data(as_text=True)
    assert "There are no documents for the sessions on your agenda yet." in page


def test_a_diplomat_not_registered_goes_back_to_the_agenda(client, login, diplomat, event):
    login(diplomat)
    response = client.get(PACK)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/agenda")


def test_organizers_get_no_pack(client, login, organizer, event):
    login(organizer)
    assert client.get(PACK).status_code == 403


def test_a_missing_file_is_left_out_and_said_so(app, client, login, week, caplog):
    people, files = week
    from eventapp.documents import storage
    from eventapp.models import Document

    document = db.session.scalar(select(Document).where(Document.title_en == "Workshop reading"))
    storage.path_of(document.current.sha256).unlink()
    _response, archive = pack_of(client, people["A"])
    assert "Workshop reading.pdf" not in files_in(archive)
    assert "Speaking points v2.pdf" in files_in(archive)
    assert "Missing: the file could not be found" in contents_text(archive)
    assert "document file missing from a briefing pack" in caplog.text
    # Only what was sent counts as downloaded.
    assert db.session.scalar(select(db.func.count()).select_from(DocumentDownload)) == 3


HOSTILE_TITLES = [
    "../../etc/passwd",
    "..",
    "a/b\\c:d*e?f",
    "\u202eexe.pdf",
    "bell\x07and\x1bescape",
    "x" * 200,
    "/absolute",
]


def test_hostile_session_titles_make_safe_names(
    client, login, attending, create_session, create_document
):
    user = attending(days=[MONDAY]).user
    for number, title in enumerate(HOSTILE_TITLES):
        session = create_session(title, brussels(2, 9 + number), brussels(2, 9 + number, 30))
        create_document(session, title="Notes", content=pdf_bytes(title), filename="Notes.pdf")
        create_document(
            session, title="Notes again", content=pdf_bytes(title + "2"), filename="Notes.pdf"
        )
    _response, archive = pack_of(client, user)
    names = archive.namelist()
    assert len(names) == 1 + 2 * len(HOSTILE_TITLES)
    assert len(set(names)) == len(names)
    for name in names:
        assert not name.startswith("/"), name
        parts = name.split("/")
        assert all(part not in ("", ".", "..") for part in parts), name
        assert all(len(part) <= 90 for part in parts), name
        assert not any(
            unicodedata.category(c) == "Cc" or c in BIDI_CONTROLS or c in '\\:*?"<>|' for c in name
        ), name
    # The same file name twice in one session's folder: the second is numbered.
    assert sum(name.endswith("/Notes (2).pdf") for name in names) == len(HOSTILE_TITLES)


@pytest.mark.slow
@pytest.mark.parametrize("app_overrides", [{"DOCUMENT_MAX_MB": 12}])
def test_the_pack_is_streamed_a_piece_at_a_time(
    client, login, attending, create_session, create_document, tmp_path
):
    """Three 8 MB files: no piece sent is larger than a read (64 KB and a header), and
    the memory the stream takes stays far below the pack's size."""
    user = attending(days=[MONDAY]).user
    session = create_session("Opening address")
    contents = {}
    for number in range(3):
        contents[f"Large {number}.pdf"] = pdf_bytes(str(number), 8 * 1024 * 1024)
        create_document(
            session,
            title=f"Large {number}",
            content=contents[f"Large {number}.pdf"],
            filename=f"Large {number}.pdf",
        )
    login(user)
    response = client.get(PACK)
    assert response.is_streamed
    pieces = iter(response.response)
    saved = tmp_path / "pack.zip"
    with saved.open("wb") as out:
        out.write(next(pieces))  # the contents page, made before the stream starts
        largest = 0
        tracemalloc.start()
        try:
            for piece in pieces:
                largest = max(largest, len(piece))
                out.write(piece)
                del piece
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    response.close()
    assert largest <= 64 * 1024 + 1024
    # The pack is 24 MB; the stream never held more than a few pieces of it.
    assert saved.stat().st_size > 24 * 1024 * 1024
    assert peak < 1024 * 1024, peak
    with zipfile.ZipFile(saved) as archive:
        assert files_in(archive) == contents


def test_the_agenda_offers_the_pack_with_what_it_holds(client, week):
    people, files = week
    log_in(client, people["A"])
    page = client.get("/agenda").get_data(as_text=True)
    assert 'href="/agenda/briefing-pack.zip"' in page
    assert "Download my briefing pack" in page
    assert "4 documents, " in page


def test_the_agenda_offers_no_pack_when_there_is_nothing_to_read(client, attending, create_session):
    user = attending(days=[MONDAY]).user
    create_session("Opening address")
    log_in(client, user)
    page = client.get("/agenda").get_data(as_text=True)
    assert "Opening address" in page
    assert "briefing-pack.zip" not in page
