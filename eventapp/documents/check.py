"""`eventapp documents check`: does the documents folder hold every version's file, intact?

Each version's file must be in DOCUMENTS_FOLDER under the SHA-256 of its content; after a
restore (the database from `import-data` or `pg_dump`, the folder from a copy) this is
how the two are checked against each other. A file missing or whose content no longer
hashes to its name is a problem (readers get a 404 page, the briefing pack a note). A file
no version uses is only reported: an upload whose transaction failed leaves one, and so
does a restore of a folder newer than the database. Those older than `UNUSED_AFTER` may
be removed (a younger one may belong to an upload being saved right now).
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import Document, DocumentVersion
from . import storage

UNUSED_AFTER = 60 * 60  # seconds


@dataclass(frozen=True)
class Use:
    """A version that needs a file: which document, which version, under which name."""

    document_id: int
    title: str
    number: int
    filename: str


@dataclass(frozen=True)
class Unused:
    name: str
    size: int
    age: float  # seconds since it was last written

    @property
    def removable(self) -> bool:
        return self.age >= UNUSED_AFTER


@dataclass
class Report:
    folder: Path
    versions: int = 0
    files: int = 0
    missing: dict[str, list[Use]] = field(default_factory=dict)
    damaged: dict[str, list[Use]] = field(default_factory=dict)
    unused: list[Unused] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged


def check_files() -> Report:
    """Hash every file a version needs (each once), and list the folder's other files."""
    report = Report(folder=storage.folder())
    needed: dict[str, list[Use]] = {}
    rows = db.session.execute(
        select(DocumentVersion, Document)
        .join(Document, Document.id == DocumentVersion.document_id)
        .order_by(Document.id, DocumentVersion.number)
    )
    for version, document in rows:
        use = Use(document.id, document.text_in("title", "en"), version.number, version.filename)
        needed.setdefault(version.sha256, []).append(use)
        report.versions += 1
    db.session.rollback()  # a read: nothing held while the files are hashed
    report.files = len(needed)
    for sha256, uses in needed.items():
        path = storage.path_of(sha256)
        if not path.is_file():
            report.missing[sha256] = uses
        elif storage.hash_file(path) != sha256:
            report.damaged[sha256] = uses
    report.unused = _unused(set(needed))
    return report


def _unused(needed: set[str]) -> list[Unused]:
    """Files in the folder no version uses; temporary uploads only once they are stale
    (an upload in progress writes one)."""
    folder = storage.folder()
    if not folder.is_dir():
        return []
    now = time.time()
    found = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name in needed:
            continue
        stat = path.stat()
        unused = Unused(path.name, stat.st_size, now - stat.st_mtime)
        if path.name.startswith(".") and not unused.removable:
            continue
        found.append(unused)
    return found


def remove_unused(report: Report) -> list[Unused]:
    """Delete the unused files old enough to be removed; return those deleted."""
    removed = []
    for unused in report.unused:
        if not unused.removable:
            continue
        path = report.folder / unused.name
        # Still unused: a version may have been added since the check.
        if db.session.scalar(
            select(DocumentVersion.id).where(DocumentVersion.sha256 == unused.name).limit(1)
        ):
            continue
        path.unlink(missing_ok=True)
        removed.append(unused)
    db.session.rollback()
    return removed
