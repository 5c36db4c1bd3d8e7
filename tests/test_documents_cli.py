"""`eventapp documents check`: every version's file in the documents folder, intact; the
files no version uses listed, and removed on request once they are an hour old."""

import io
import os
import time
from pathlib import Path

import pytest

from eventapp.documents import samples, services
from eventapp.extensions import db


@pytest.fixture
def folder(app) -> Path:
    return Path(app.config["DOCUMENTS_FOLDER"])


@pytest.fixture
def document(create_session, create_document, organizer):
    """A document with two versions, and a second one on another session."""
    session = create_session()
    document = create_document(session, title="Speaking points")
    services.replace(
        document,
        services.Upload(io.BytesIO(samples.docx(["Version 2"])), "Éléments de langage.docx"),
        organizer,
    )
    create_document(create_session(title="Regional meeting: Africa"), title="Fact sheet")
    return document


def check(runner, *options):
    result = runner.invoke(args=["documents", "check", *options])
    db.session.rollback()
    return result


def age(path: Path, hours: float) -> None:
    """Make the file look written `hours` ago."""
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_all_good(runner, document, folder):
    result = check(runner)

    assert result.exit_code == 0, result.output
    assert "3 files checked for 3 document versions" in result.output
    assert str(folder) in result.output
    assert "Every version's file is there and intact." in result.output
    assert "Missing" not in result.output and "Not used" not in result.output


def test_no_documents_at_all_is_fine(runner, event):
    result = check(runner)

    assert result.exit_code == 0, result.output
    assert "0 files checked for 0 document versions" in result.output


def test_a_missing_file_is_listed_with_its_document_and_fails(runner, document, folder):
    first = next(v for v in document.versions if v.number == 1)
    sha256, document_id = first.sha256, document.id
    (folder / sha256).unlink()

    result = check(runner)

    assert result.exit_code == 1
    assert "Missing (not in the folder):" in result.output
    assert sha256 in result.output
    assert f"document {document_id} “Speaking points”, version 1 (Speaking points.pdf)" in (
        result.output
    )
    assert "Every version's file is there" not in result.output


def test_an_altered_file_is_listed_as_damaged_and_fails(runner, document, folder):
    current = document.current
    sha256 = current.sha256
    path = folder / sha256
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")

    result = check(runner)

    assert result.exit_code == 1
    assert "Damaged (the content no longer matches its SHA-256):" in result.output
    assert sha256 in result.output and "version 2 (Éléments de langage.docx)" in result.output
    assert "Missing" not in result.output


def test_unused_files_are_listed_and_kept_without_the_option(runner, document, folder):
    left_over = folder / ("0" * 64)
    left_over.write_bytes(samples.pdf("Left over from a failed upload"))
    age(left_over, hours=3)

    result = check(runner)

    assert result.exit_code == 0, result.output
    assert "Not used by any version" in result.output and left_over.name in result.output
    assert "3.0 hours old" in result.output
    assert left_over.exists()


def test_remove_unused_deletes_old_unused_files_only(runner, document, folder):
    old, new = folder / ("a" * 64), folder / ("b" * 64)
    old.write_bytes(b"old")
    new.write_bytes(b"new")
    age(old, hours=2)
    stale_upload, fresh_upload = folder / ".upload-stale", folder / ".upload-fresh"
    stale_upload.write_bytes(b"half")
    fresh_upload.write_bytes(b"half")
    age(stale_upload, hours=5)

    result = check(runner, "--remove-unused")

    assert result.exit_code == 0, result.output
    # Listed first, then removed.
    listed = result.output.index("a" * 64)
    assert result.output.index("Removed: " + "a" * 64) > listed
    assert "Removed: .upload-stale" in result.output
    assert "1 unused file is less than an hour old" in result.output
    assert not old.exists() and not stale_upload.exists()
    assert new.exists() and fresh_upload.exists()
    # The versions' files are untouched.
    again = check(runner)
    assert again.exit_code == 0 and "Every version's file is there and intact." in again.output


def test_a_file_shared_by_two_versions_is_checked_once(
    runner, create_session, create_document, folder
):
    content = samples.pdf("The same fact sheet")
    create_document(create_session(title="Morning"), content=content, filename="a.pdf")
    create_document(create_session(title="Afternoon"), content=content, filename="b.pdf")
    (path,) = folder.iterdir()
    path.unlink()

    result = check(runner)

    assert result.exit_code == 1
    assert "1 file checked for 2 document versions" in result.output
    assert "(a.pdf)" in result.output and "(b.pdf)" in result.output
