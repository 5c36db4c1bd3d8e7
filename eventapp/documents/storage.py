"""Where briefing documents' files live, and what may be stored at all.

Files are kept in DOCUMENTS_FOLDER (default: "documents" in the instance folder),
outside `static/`, each named by the SHA-256 of its content: identical files are stored
once, a name says nothing about its document, and a copy of the folder is checked
against the database by hashing (`eventapp documents check`).

An upload is written to a temporary file in the same folder while it is hashed and
counted; only a file that passes every check (size, type read from the content, for
Office files a sane archive) is renamed to its hash, in one step. A refused file leaves
nothing behind.
"""

import hashlib
import os
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import limits

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kind:
    label: object  # a lazy string: "PDF", "Word"...
    extension: str


# What may be attached, by the content type read from the file's first bytes.
ALLOWED = {
    "application/pdf": Kind(_l("PDF"), "pdf"),
    "application/msword": Kind(_l("Word"), "doc"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Kind(
        _l("Word"), "docx"
    ),
    "application/vnd.ms-excel": Kind(_l("Excel"), "xls"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Kind(_l("Excel"), "xlsx"),
    "application/vnd.ms-powerpoint": Kind(_l("PowerPoint"), "ppt"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Kind(
        _l("PowerPoint"), "pptx"
    ),
    "image/png": Kind(_l("PNG image"), "png"),
    "image/jpeg": Kind(_l("JPEG image"), "jpg"),
}
# Office files are ZIP archives: what one may unpack to, at most, before it is taken for
# a "zip bomb" (a small file that fills the reader's disk or memory when opened).
ZIP_MAX_UNPACKED = 512 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
# Characters that change how a name is displayed without being seen: right-to-left and
# other direction overrides ("report‮fdp.exe" shows as "reportexe.pdf").
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Rejected(ValueError):
    """The file (or its name) cannot be attached; the message says why, to the organizer."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    content_type: str

    @property
    def extension(self) -> str:
        return ALLOWED[self.content_type].extension


def folder() -> Path:
    return Path(current_app.config["DOCUMENTS_FOLDER"])


def path_of(sha256: str) -> Path:
    """The file holding this content. The hash comes from the database (64 hex digits)."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return folder() / sha256


def max_bytes() -> int:
    return int(current_app.config["DOCUMENT_MAX_MB"] * 1024 * 1024)


def kind_of(content_type: str) -> Kind | None:
    return ALLOWED.get(content_type)


def store(stream: BinaryIO) -> StoredFile:
    """Keep the uploaded file, or raise `Rejected` and keep nothing."""
    limit = max_bytes()
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=target, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise Rejected(too_large_message())
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise Rejected(_("The file is empty."))
        content_type = _checked_type(temporary)
        stored = StoredFile(digest.hexdigest(), size, content_type)
        final = path_of(stored.sha256)
        if final.exists():  # the same content is already kept: one copy
            return stored
        os.chmod(temporary, 0o640)
        os.replace(temporary, final)
        return stored
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def too_large_message() -> str:
    return _(
        "The file is larger than %(size)s MB, the most a document may have. "
        "Make it smaller (for example, save the PDF with reduced image quality) or split it.",
        size=f"{current_app.config['DOCUMENT_MAX_MB']:g}",
    )


def _checked_type(path: str) -> str:
    kind = filetype.guess(path)
    if kind is None or kind.mime not in ALLOWED:
        raise Rejected(
            _(
                "This file is not a PDF, Word, Excel or PowerPoint document or a PNG or JPEG "
                "image (its content was checked, whatever its name says). Only those can be "
                "attached."
            )
        )
    if kind.mime.startswith("application/vnd.openxmlformats"):
        _check_archive(path)
    return kind.mime


def _check_archive(path: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Rejected(
            _("The file is damaged: it cannot be opened as an Office document.")
        ) from None
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > ZIP_MAX_ENTRIES or unpacked > ZIP_MAX_UNPACKED:
        raise Rejected(
            _(
                "The file would unpack to far more than an Office document holds "
                "(it looks like a “zip bomb”). It was not attached."
            )
        )


def clean_filename(raw: str | None, extension: str) -> str:
    """The name a file is offered under: as uploaded (accents kept), with the extension of
    its real type. Raises `Rejected` for a name that hides or misleads."""
    name = unicodedata.normalize("NFC", raw or "")
    if "/" in name or "\\" in name:
        raise Rejected(
            _("The file name may not contain “/” or “\\”. Rename the file and try again.")
        )
    if any(c in BIDI_CONTROLS or unicodedata.category(c) == "Cc" for c in name):
        raise Rejected(
            _(
                "The file name holds invisible control characters (such as right-to-left "
                "overrides, which can disguise a file's type). Rename the file and try again."
            )
        )
    name = name.strip()
    if len(name) > limits.DOCUMENT_FILENAME:
        raise Rejected(
            _(
                "The file name has %(length)d characters; at most %(limit)d are allowed. "
                "Rename the file and try again.",
                length=len(name),
                limit=limits.DOCUMENT_FILENAME,
            )
        )
    stem, dot, _extension = name.rpartition(".")
    stem = (stem if dot else name).strip(" .") or "document"
    # The real type's extension may be longer than the one sent (or there was none):
    # the stem gives way, so the name still fits its column.
    stem = stem[: limits.DOCUMENT_FILENAME - len(extension) - 1].rstrip(" .") or "document"
    return f"{stem}.{extension}"


def safe_part(text: str, limit: int = 80) -> str:
    """A folder or file name inside a zip (the briefing pack): no separators, no
    characters Windows refuses, no control characters, not too long."""
    cleaned = "".join(
        "_" if c in '<>:"/\\|?*' or c in BIDI_CONTROLS or unicodedata.category(c) == "Cc" else c
        for c in unicodedata.normalize("NFC", text)
    )
    return cleaned.strip(" .")[:limit].strip(" .") or "_"


def stored_files() -> set[str]:
    """The hashes of the files in the folder (temporary uploads left out)."""
    if not folder().is_dir():
        return set()
    return {p.name for p in folder().iterdir() if p.is_file() and not p.name.startswith(".")}


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
