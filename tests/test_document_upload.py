"""Organizers' briefing documents over HTTP (issue 22): attaching each allowed kind,
every bad file refused with a clear message and nothing kept, versions, withdrawing and
restoring, the counts and the pre-reading, and the audit log."""

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from eventapp.documents import samples, services, storage
from eventapp.extensions import db
from eventapp.models import (
    AudienceKind,
    AuditLog,
    Document,
    DocumentDownload,
    DocumentVersion,
    SignUp,
    SignUpStatus,
    Visibility,
)

from .support import brussels


@pytest.fixture
def session(create_session):
    return create_session(title="Regional meeting: Africa", visibility=Visibility.ATTENDEES)


@pytest.fixture
def as_organizer(client, login, organizer):
    login(organizer)
    return client


def kept_files(app) -> set[str]:
    """Every file in the documents folder, temporary uploads included."""
    folder = Path(app.config["DOCUMENTS_FOLDER"])
    return {path.name for path in folder.iterdir()} if folder.is_dir() else set()


def documents_count() -> int:
    return db.session.scalar(select(func.count(Document.id)))


def upload(client, session, content, filename, **fields):
    data = {"title_en": "", "title_fr": "", "title_nl": "", "language": "en", "note": ""}
    data.update(fields)
    data["file"] = (io.BytesIO(content), filename)
    return client.post(
        f"/organizer/sessions/{session.id}/documents/new",
        data=data,
        content_type="multipart/form-data",
    )


def refused(app, client, session, content, filename, message, status=200):
    """The upload is answered with its form again, the message in it, and nothing kept."""
    before = kept_files(app)
    response = upload(client, session, content, filename, title_en="Speaking points")
    body = response.get_data(as_text=True)
    assert response.status_code == status
    assert 'class="form-summary"' in body
    assert message in body, body
    assert documents_count() == 0
    assert db.session.scalar(select(func.count(DocumentVersion.id))) == 0
    assert kept_files(app) == before
    return body


# Each allowed kind


@pytest.mark.parametrize(
    ("content", "filename", "label"),
    [
        (samples.pdf("Fact sheet: Kenya"), "Fiche pays — Kenya.pdf", "PDF"),
        (samples.png(), "Seating plan.png", "PNG image"),
        (samples.docx(["Speaking points"]), "Points de discours.docx", "Word"),
        (samples.xlsx([["Country", "Trade"], ["Kenya", 12]]), "Trade figures.xlsx", "Excel"),
    ],
)
def test_each_allowed_kind_is_attached_and_listed(
    app, as_organizer, session, content, filename, label
):
    response = upload(as_organizer, session, content, filename, title_fr="Document du jour")
    assert response.status_code == 302
    document = db.session.scalars(select(Document)).one()
    assert response.headers["Location"].endswith(f"/organizer/documents/{document.id}")
    assert document.current.filename == filename
    assert storage.path_of(document.current.sha256).is_file()

    listed = as_organizer.get(f"/organizer/sessions/{session.id}/documents")
    body = listed.get_data(as_text=True)
    assert "Document du jour" in body and label in body
    everything = as_organizer.get("/organizer/documents").get_data(as_text=True)
    assert "Document du jour" in everything and "Regional meeting: Africa" in everything


def test_without_a_title_the_file_name_is_the_title(as_organizer, session):
    response = upload(as_organizer, session, samples.pdf("Agenda"), "Draft agenda.pdf")
    assert response.status_code == 302
    assert db.session.scalars(select(Document)).one().title_en == "Draft agenda"


def test_the_form_offers_the_limit_and_sends_the_file(as_organizer, session):
    body = as_organizer.get(f"/organizer/sessions/{session.id}/documents/new").get_data(
        as_text=True
    )
    assert 'enctype="multipart/form-data"' in body
    assert f'data-max-bytes="{20 * 1024 * 1024}"' in body
    assert "js/upload-limit.js" in body
    assert "up to 20 MB" in body


# Bad files: a clear message, nothing kept


@pytest.fixture
def small_limit(app):
    # 0.01 MB: a request over ~74 KB is cut off by the server, one over ~10 KB by storage.
    app.config["DOCUMENT_MAX_MB"] = 0.01


def test_a_file_over_the_limit_gets_the_form_saying_the_limit(
    app, small_limit, as_organizer, session
):
    body = refused(
        app, as_organizer, session, samples.pdf("x") + b"0" * 20_000, "big.pdf", "0.01 MB"
    )
    assert 'data-max-bytes="10485"' in body


def test_a_request_far_over_the_limit_gets_the_form_not_a_bare_413(
    app, small_limit, as_organizer, session
):
    body = refused(
        app,
        as_organizer,
        session,
        samples.pdf("x") + b"0" * 200_000,
        "huge.pdf",
        "larger than 0.01 MB",
        status=413,
    )
    assert "Add a document" in body and "Regional meeting: Africa" in body


def test_a_file_far_over_the_limit_for_a_missing_session_is_404(app, small_limit, as_organizer):
    response = as_organizer.post(
        "/organizer/sessions/999/documents/new",
        data={"file": (io.BytesIO(b"%PDF-" + b"0" * 200_000), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404


def test_a_new_version_far_over_the_limit_gets_its_form(
    app, as_organizer, session, create_document
):
    document = create_document(session, content=samples.pdf("v1"))
    app.config["DOCUMENT_MAX_MB"] = 0.01
    response = as_organizer.post(
        f"/organizer/documents/{document.id}/new-version",
        data={"file": (io.BytesIO(b"%PDF-" + b"0" * 200_000), "v2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "larger than 0.01 MB" in body and "Upload a new version" in body
    assert document.current_number == 1


BAD_TYPE = "This file is not a PDF, Word, Excel or PowerPoint document"


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"MZ" + b"\x90\x00" * 200, "speaking points.pdf"),  # a Windows executable
        (b"<!doctype html><html><script>alert(1)</script></html>", "notes.pdf"),
        (b"plain text, not a document", "notes.docx"),
    ],
)
def test_a_file_whose_content_is_not_an_allowed_type_is_refused(
    app, as_organizer, session, content, filename
):
    refused(app, as_organizer, session, content, filename, BAD_TYPE)


def test_a_plain_zip_renamed_docx_is_refused(app, as_organizer, session):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("holiday.txt", "not a document")
    refused(app, as_organizer, session, out.getvalue(), "briefing.docx", BAD_TYPE)


def test_a_zip_bomb_is_refused(app, as_organizer, session, monkeypatch):
    # The rule is the unpacked size an archive declares: a small limit makes a small bomb.
    monkeypatch.setattr(storage, "ZIP_MAX_UNPACKED", 100_000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", samples_content_types())
        archive.writestr("word/document.xml", b"<w:document/>" + b"\0" * 1_000_000)
    assert len(out.getvalue()) < 10_000
    refused(app, as_organizer, session, out.getvalue(), "bomb.docx", "zip bomb")


def samples_content_types() -> bytes:
    with zipfile.ZipFile(io.BytesIO(samples.docx(["x"]))) as archive:
        return archive.read("[Content_Types].xml")


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("../../etc/notes.pdf", "may not contain"),
        # The test client quotes no backslash, and a quoted header's "\\" is one "\".
        ("folder\\\\notes.pdf", "may not contain"),
        ("notes\x07.pdf", "invisible control characters"),
        ("report\u202efdp.exe", "invisible control characters"),
        ("n" * 500 + ".pdf", "504 characters; at most 150"),
    ],
)
def test_a_misleading_file_name_is_refused(app, as_organizer, session, filename, message):
    refused(app, as_organizer, session, samples.pdf("Notes"), filename, message)


@pytest.mark.parametrize(
    ("filename", "kept"),
    [
        ("n" * 150, "n" * 146 + ".pdf"),  # no extension: the real type's is added
        ("n" * 147 + ".pd", "n" * 146 + ".pdf"),  # a shorter one than the real type's
    ],
)
def test_a_name_at_the_limit_keeps_the_real_type_s_extension(as_organizer, session, filename, kept):
    response = upload(as_organizer, session, samples.pdf("Notes"), filename, title_en="Notes")
    assert response.status_code == 302
    assert db.session.scalar(select(DocumentVersion.filename)) == kept


def test_an_empty_file_is_refused(app, as_organizer, session):
    refused(app, as_organizer, session, b"", "empty.pdf", "The file is empty.")


def test_no_file_at_all_asks_for_one(as_organizer, session):
    response = as_organizer.post(
        f"/organizer/sessions/{session.id}/documents/new",
        data={"title_en": "Notes", "language": "en"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Choose the file to attach." in response.get_data(as_text=True)
    assert documents_count() == 0


def test_the_same_file_twice_on_a_session_is_refused(app, as_organizer, session):
    content = samples.pdf("Fact sheet")
    assert upload(as_organizer, session, content, "Fact sheet.pdf").status_code == 302
    files = kept_files(app)
    response = upload(as_organizer, session, content, "Copy of fact sheet.pdf")
    assert response.status_code == 200
    assert "already attached to this session, as “Fact sheet”" in response.get_data(as_text=True)
    assert documents_count() == 1
    assert kept_files(app) == files


def test_the_same_file_on_two_sessions_is_kept_once(app, as_organizer, session, create_session):
    other = create_session(title="Workshop", starts_at=brussels(3, 14), ends_at=brussels(3, 15))
    content = samples.pdf("Fact sheet")
    assert upload(as_organizer, session, content, "Fact sheet.pdf").status_code == 302
    assert upload(as_organizer, other, content, "Fact sheet.pdf").status_code == 302
    assert documents_count() == 2
    hashes = set(db.session.scalars(select(DocumentVersion.sha256)))
    assert len(hashes) == 1
    assert kept_files(app) == hashes


# Versions, withdrawing, restoring


@pytest.fixture
def reader(attending):
    return attending().user


def test_a_new_version_is_what_readers_get_and_the_old_one_is_kept(
    app, as_organizer, session, create_document, reader
):
    document = create_document(session, title="Speaking points", content=samples.pdf("v1"))
    first = document.current
    response = as_organizer.post(
        f"/organizer/documents/{document.id}/new-version",
        data={"file": (io.BytesIO(samples.pdf("v2")), "Speaking points v2.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = as_organizer.get(f"/organizer/documents/{document.id}").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page and "Speaking points v2.pdf" in page
    old = as_organizer.get(f"/organizer/document-versions/{first.id}/download")
    assert old.status_code == 200 and old.data == samples.pdf("v1")
    assert db.session.scalar(select(func.count(DocumentDownload.id))) == 0  # not a reader's

    diplomat = app.test_client()
    diplomat.post("/login", data={"email": reader.email, "password": "correct horse battery"})
    got = diplomat.get(f"/documents/{document.id}/download")
    assert got.status_code == 200 and got.data == samples.pdf("v2")


def test_a_new_version_identical_to_the_current_one_is_refused(
    as_organizer, session, create_document
):
    document = create_document(session, content=samples.pdf("v1"))
    response = as_organizer.post(
        f"/organizer/documents/{document.id}/new-version",
        data={"file": (io.BytesIO(samples.pdf("v1")), "same.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "the same as the current version" in response.get_data(as_text=True)
    assert document.current_number == 1


def test_two_new_versions_at_once_are_numbered_one_after_the_other(
    app, session, create_document, organizer
):
    """The second upload read the document before the first one committed: it numbers
    its version after the first's (not the same number: a 500), and the same file as the
    first's is refused with the usual message."""
    document = create_document(session, content=samples.pdf("v1"))
    document.current  # read by the second request: version 1 is the current one
    with app.app_context():  # the first request, committed meanwhile
        services.replace(
            db.session.get(Document, document.id),
            services.Upload(io.BytesIO(samples.pdf("v2")), "v2.pdf"),
            db.session.get(type(organizer), organizer.id),
        )
    with pytest.raises(storage.Rejected, match="the same as the current version"):
        services.replace(
            document, services.Upload(io.BytesIO(samples.pdf("v2")), "v2.pdf"), organizer
        )
    version = services.replace(
        document, services.Upload(io.BytesIO(samples.pdf("v3")), "v3.pdf"), organizer
    )
    assert version.number == 3 and document.current_number == 3


def test_withdraw_hides_from_readers_and_restore_shows_again(
    app, as_organizer, session, create_document, reader
):
    document = create_document(session, title="Fact sheet")
    diplomat = app.test_client()
    diplomat.post("/login", data={"email": reader.email, "password": "correct horse battery"})
    assert diplomat.get(f"/documents/{document.id}/download").status_code == 200

    confirm = as_organizer.get(f"/organizer/documents/{document.id}/withdraw")
    assert "Withdraw “Fact sheet”?" in confirm.get_data(as_text=True)
    assert as_organizer.post(f"/organizer/documents/{document.id}/withdraw").status_code == 302
    assert diplomat.get(f"/documents/{document.id}/download").status_code == 404
    page = as_organizer.get(f"/organizer/documents/{document.id}").get_data(as_text=True)
    assert "Withdrawn" in page and "Restore" in page
    listed = as_organizer.get(f"/organizer/sessions/{session.id}/documents")
    assert "Fact sheet" in listed.get_data(as_text=True)

    assert as_organizer.post(f"/organizer/documents/{document.id}/restore").status_code == 302
    assert diplomat.get(f"/documents/{document.id}/download").status_code == 200


def test_editing_a_document_narrows_it_to_participants(as_organizer, session, create_document):
    document = create_document(session, title="Fact sheet")
    response = as_organizer.post(
        f"/organizer/documents/{document.id}/edit",
        data={
            "title_en": "",
            "title_fr": "Fiche pays",
            "title_nl": "",
            "language": "fr",
            "note": "Lire avant lundi",
            "participants_only": "y",
        },
    )
    assert response.status_code == 302
    assert (document.title_en, document.title_fr) == (None, "Fiche pays")
    assert document.participants_only and document.note == "Lire avant lundi"


def test_a_document_keeps_at_least_one_title(as_organizer, session, create_document):
    document = create_document(session, title="Fact sheet")
    response = as_organizer.post(
        f"/organizer/documents/{document.id}/edit",
        data={"title_en": " ", "title_fr": "", "title_nl": "", "language": "en"},
    )
    assert response.status_code == 200
    assert "at least one language" in response.get_data(as_text=True)
    assert document.title_en == "Fact sheet"


# Counts and pre-reading


def test_counts_and_pre_reading(
    app, as_organizer, create_session, create_document, attending, organizer
):
    session = create_session(
        title="Workshop: consular crises",
        visibility=Visibility.ATTENDEES,
        signup_required=True,
        capacity=5,
    )
    ana = attending(first_name="Ana", last_name="Alves").user
    bert = attending(first_name="Bert", last_name="Baert").user
    cleo = attending(first_name="Cleo", last_name="Claes").user  # on the waitlist
    db.session.add_all(
        [
            SignUp(session_id=session.id, user_id=ana.id),
            SignUp(session_id=session.id, user_id=bert.id),
            SignUp(
                session_id=session.id, user_id=cleo.id, status=SignUpStatus.WAITLISTED, position=1
            ),
        ]
    )
    db.session.commit()
    document = create_document(session, title="Case study")
    for user in (ana, ana, organizer):
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": "correct horse battery"})
        assert client.get(f"/documents/{document.id}/download").status_code == 200

    page = as_organizer.get(f"/organizer/sessions/{session.id}/documents").get_data(as_text=True)
    # 3 downloads, 1 reader (organizers are not counted as readers)
    assert '<td data-label="Downloads">3</td>' in page
    assert '<td data-label="Readers">1</td>' in page
    waiting = page.split("Not opened yet")[1].split("Who opened what")[0]
    assert "Bert Baert" in waiting and "Ana Alves" not in waiting
    assert "1 of 2 have opened none of the current documents." in waiting
    assert "Cleo Claes" not in page
    everything = as_organizer.get("/organizer/documents").get_data(as_text=True)
    assert '<td data-label="Downloads">3</td>' in everything
    detail = as_organizer.get(f"/organizer/documents/{document.id}").get_data(as_text=True)
    assert "3 downloads" in detail and "1 reader" in detail and "Ana Alves" in detail
    assert "Documents (1)" in as_organizer.get(f"/organizer/sessions/{session.id}").get_data(
        as_text=True
    )


def test_a_named_audience_is_the_pre_reading_list(
    as_organizer, create_session, create_document, attending
):
    ana = attending(first_name="Ana", last_name="Alves").user
    attending(first_name="Bert", last_name="Baert")
    session = create_session(
        title="Regional meeting",
        visibility=Visibility.INVITED_ONLY,
        audience=AudienceKind.NAMED,
        audience_members=[ana],
    )
    create_document(session, participants_only=True)
    page = as_organizer.get(f"/organizer/sessions/{session.id}/documents").get_data(as_text=True)
    assert "Ana Alves" in page and "Bert Baert" not in page
    assert "Participants only" in page


def test_empty_states(as_organizer, session):
    assert "No documents yet" in as_organizer.get("/organizer/documents").get_data(as_text=True)
    page = as_organizer.get(f"/organizer/sessions/{session.id}/documents").get_data(as_text=True)
    assert "No documents on this session yet" in page


def test_a_document_of_another_edition_or_missing_is_404(as_organizer):
    assert as_organizer.get("/organizer/documents/999").status_code == 404
    assert as_organizer.get("/organizer/document-versions/999/download").status_code == 404


# The audit log


def test_each_action_is_in_the_audit_log(as_organizer, session, organizer):
    upload(as_organizer, session, samples.pdf("v1"), "Notes.pdf", title_en="Notes")
    document = db.session.scalars(select(Document)).one()
    as_organizer.post(
        f"/organizer/documents/{document.id}/new-version",
        data={"file": (io.BytesIO(samples.pdf("v2")), "Notes.pdf")},
        content_type="multipart/form-data",
    )
    as_organizer.post(
        f"/organizer/documents/{document.id}/edit",
        data={"title_en": "Notes, revised", "language": "en"},
    )
    as_organizer.post(f"/organizer/documents/{document.id}/withdraw")
    as_organizer.post(f"/organizer/documents/{document.id}/restore")
    entries = db.session.scalars(
        select(AuditLog).where(AuditLog.target_type == "Document").order_by(AuditLog.id)
    ).all()
    assert [entry.action for entry in entries] == [
        "document.attached",
        "document.replaced",
        "document.edited",
        "document.withdrawn",
        "document.restored",
    ]
    assert {entry.actor_id for entry in entries} == {organizer.id}


def test_the_audit_log_names_documents_and_filters_them(as_organizer, session):
    upload(as_organizer, session, samples.pdf("v1"), "Notes.pdf", title_en="Notes")
    page = as_organizer.get("/organizer/audit?action=document.").get_data(as_text=True)
    assert "Document #" in page and "Notes.pdf" in page and "File" in page
