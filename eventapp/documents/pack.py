"""A diplomat's briefing pack: one zip of every document they may read for the sessions
on their agenda, in a folder per day and one per session, with a contents page.

Which documents: those of the sessions on the diplomat's agenda (`agenda_rows`, the days
they attend), not withdrawn, the latest version of each; a document narrowed to
participants only when the diplomat is one, read from the agenda row itself with
`access.participant_on_agenda`: a session needing sign-up counts with a place held
(a waitlist position is not one), any other session on the agenda is meant for them.
One statement for all the sessions, whatever their number (`documents_on_agenda`; the
agenda page's link reads its count and size from the agenda's per-session counts,
`reading.on_agenda`, which decide the same way: `summary_of`).

The zip is written as it is sent (`stream`): each file is read 64 KB at a time and its
bytes leave before the next are read, the entries carrying data descriptors (the sink
cannot seek back), so memory stays flat whatever the pack's size. Files are stored, not
compressed again: PDFs, Office files and images are compressed already.
"""

import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n import date_day, date_long, date_short, filesize
from ..models import Document, DocumentVersion, Event, Session, utcnow
from ..programme.agenda import Place, agenda_rows, attended_days
from . import storage
from .access import participant_on_agenda

CHUNK = storage.CHUNK  # 64 KB


@dataclass(frozen=True)
class Summary:
    """What the agenda's link says: how many documents, how large together."""

    count: int
    size: int


@dataclass
class Entry:
    """One document in the pack: where it goes in the zip, and what the contents say."""

    document: Document
    version: DocumentVersion
    session: Session
    name: str  # the path inside the zip
    path: Path | None  # None: the file is missing from the folder (left out, said so)
    # Read before the stream starts: the download's record commits, and the stream then
    # needs nothing more from the database.
    size: int
    date_time: tuple  # the version's upload, Brussels time, as a zip entry's date


@dataclass
class Pack:
    event: Event
    language: str
    entries: list[Entry]
    generated_at: datetime
    contents_name: str

    @property
    def included(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.path is not None]

    @property
    def versions(self) -> list[DocumentVersion]:
        return [entry.version for entry in self.included]


def documents_on_agenda(
    places: dict[int, Place | None],
) -> list[tuple[Document, DocumentVersion]]:
    """The documents the diplomat may read on these sessions of their agenda ({session
    id: their place in it, or None}), each with its current version and its session
    (and room) loaded: one statement."""
    if not places:
        return []
    rows = db.session.execute(
        select(Document, DocumentVersion)
        .join(
            DocumentVersion,
            and_(
                DocumentVersion.document_id == Document.id,
                DocumentVersion.number == Document.current_number,
            ),
        )
        .where(Document.session_id.in_(list(places)), Document.withdrawn_at.is_(None))
        .options(joinedload(Document.session).joinedload(Session.room))
    )
    return [
        (document, version)
        for document, version in rows
        if not document.participants_only
        or participant_on_agenda(document.session.signup_required, places[document.session_id])
    ]


def summary_of(counts) -> Summary | None:
    """For the agenda's link, from the agenda's counts per session
    (`reading.on_agenda`: DocumentCount or None); None when there is nothing to
    download."""
    counts = [count for count in counts if count is not None and count.count]
    if not counts:
        return None
    return Summary(sum(c.count for c in counts), sum(c.size for c in counts))


def build(user, event: Event, language: str) -> Pack:
    """What the diplomat's pack holds, its files checked (a missing one is logged and
    left out; the contents page says so). Empty entries: nothing to download."""
    rows = agenda_rows(user, attended_days(user, event), event, with_changes=False)
    order = {row.session_id: number for number, row in enumerate(rows)}
    chosen = sorted(
        documents_on_agenda({row.session_id: row.place for row in rows}),
        key=lambda pair: (order[pair[0].session_id], pair[0].created_at, pair[0].id),
    )
    entries = []
    names = _Names()
    for document, version in chosen:
        session = document.session
        start = session.starts_at.astimezone(event.tz)
        day = f"{start.date().isoformat()} {date_day(start.date())}"
        folder = f"{start:%H.%M} {_readable(session.text_in('title', language))}"
        name = names.unique(
            storage.safe_part(day), storage.safe_part(folder), session.id, version.filename
        )
        entries.append(
            Entry(
                document,
                version,
                session,
                name,
                _file(version),
                version.size,
                _local(version.uploaded_at, event),
            )
        )
    return Pack(event, language, entries, utcnow(), contents_name())


def _readable(text: str) -> str:
    """A title's colon, which no Windows name may hold (`safe_part` would make it "_"),
    as a dash: "Regional meeting – Africa"."""
    return text.replace(" : ", " – ").replace(": ", " – ")


def _file(version: DocumentVersion) -> Path | None:
    """As `views.file_or_404`, without breaking the pack: a missing file is logged for
    the administrators and left out."""
    path = storage.path_of(version.sha256)
    if path.is_file():
        return path
    current_app.logger.error(
        "document file missing from a briefing pack: version %s of document %s, sha256 %s",
        version.number,
        version.document_id,
        version.sha256,
    )
    return None


class _Names:
    """Paths inside the zip, each part made safe, none twice in a folder ("name (2).pdf";
    compared without case, as Windows and macOS would)."""

    def __init__(self):
        self.taken: dict[str, set[str]] = {}
        # The folder each session got: two sessions at one time with one title get two
        # folders ("09.30 Title (2)").
        self.folders: dict[int, str] = {}

    def unique(self, day: str, folder: str, session_id: int, filename: str) -> str:
        if session_id not in self.folders:
            self.folders[session_id] = self._free(day, folder, keep_extension=False)
        folder = self.folders[session_id]
        stem, dot, extension = filename.rpartition(".")
        stem, extension = (stem, extension) if dot else (filename, "")
        file = storage.safe_part(_readable(stem))
        file += f".{storage.safe_part(extension, 10)}" if dot else ""
        return f"{day}/{folder}/{self._free(f'{day}/{folder}', file)}"

    def _free(self, folder: str, name: str, keep_extension: bool = True) -> str:
        taken = self.taken.setdefault(folder, set())
        stem, dot, extension = name.rpartition(".")
        stem, suffix = (stem, f".{extension}") if dot and keep_extension else (name, "")
        candidate, number = name, 1
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem} ({number}){suffix}"
        taken.add(candidate.casefold())
        return candidate


def contents_name() -> str:
    """ "00 Contents.pdf", "00 Sommaire.pdf", "00 Inhoud.pdf": first in the zip."""
    # The word outside the f-string: babel extracts no call written inside one.
    contents = _("Contents")
    return f"00 {storage.safe_part(contents)}.pdf"


def download_name(event: Event, language: str) -> str:
    return _("Briefing pack — %(event)s", event=event.text_in("name", language)) + ".zip"


def content_disposition(filename: str) -> str:
    """An attachment with its name, accents kept (RFC 6266 `filename*`) and a plain ASCII
    one for older clients."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    plain = " ".join(plain.replace('"', "").replace("\\", "").split()) or "briefing-pack.zip"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


# The contents page ---------------------------------------------------------------------


def contents_pdf(pack: Pack) -> bytes:
    """The contents page, in the request's language (the diplomat's saved language, which
    is the page's: eventapp/i18n.py `select_locale` puts it first for anyone logged in,
    so the pack reads as the agenda they clicked it from): the event, when the pack was
    made, then by day each session with documents (time, title, room) and its documents
    (title, name in the zip, type, size, language, version and date)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ..door.badge_pdf import register_fonts

    regular, bold = register_fonts()
    style = ParagraphStyle("text", fontName=regular, fontSize=9, leading=11.5)
    small = ParagraphStyle("small", parent=style, fontSize=8, leading=10)
    heading = ParagraphStyle("heading", parent=style, fontName=bold, fontSize=13, leading=16)
    title_style = ParagraphStyle("title", parent=style, fontName=bold, fontSize=18, leading=22)
    session_style = ParagraphStyle("session", parent=style, fontName=bold, fontSize=10.5)

    def text(value, paragraph_style=style):
        return Paragraph(escape(str(value)), paragraph_style)

    event, language = pack.event, pack.language
    story = [
        text(_("Briefing pack"), title_style),
        text(event.text_in("name", language), heading),
        Spacer(1, 2 * mm),
        text(_("Made on %(when)s (Brussels time).", when=date_long(pack.generated_at, time=True))),
        text(
            _(
                "The documents of the sessions on your agenda, in their latest version: "
                "a folder for each day, and in it one for each session."
            )
        ),
        Spacer(1, 4 * mm),
    ]
    if not pack.entries:
        story.append(text(_("There are no documents for the sessions on your agenda yet.")))
    width = A4[0] - 30 * mm
    header = [
        text(_("Document"), small),
        text(_("File in the pack"), small),
        text(_("Type"), small),
        text(_("Size"), small),
        text(_("Language"), small),
        text(_("Version"), small),
    ]
    table_style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), regular),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    columns = [w * width for w in (0.25, 0.31, 0.1, 0.1, 0.11, 0.13)]
    for day, sessions in _by_day(pack):
        story += [Spacer(1, 3 * mm), text(date_long(day), heading), Spacer(1, 1 * mm)]
        for session, entries in sessions:
            story.append(text(_session_line(session, event, language), session_style))
            rows = [header]
            for entry in entries:
                rows.append(_document_row(entry, language, text, small))
            story += [Table(rows, colWidths=columns, style=table_style), Spacer(1, 3 * mm)]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Briefing pack — %(event)s", event=event.text_in("name", language)),
        invariant=1,
    )
    document.build(story)
    return out.getvalue()


def _by_day(pack: Pack):
    """[(day, [(session, [entries])])], in the pack's order (the agenda's)."""
    days: dict[date, dict[int, tuple[Session, list[Entry]]]] = {}
    for entry in pack.entries:
        day = entry.session.starts_at.astimezone(pack.event.tz).date()
        sessions = days.setdefault(day, {})
        sessions.setdefault(entry.session.id, (entry.session, []))[1].append(entry)
    return [(day, list(sessions.values())) for day, sessions in days.items()]


def _session_line(session: Session, event: Event, language: str) -> str:
    start, end = (moment.astimezone(event.tz) for moment in (session.starts_at, session.ends_at))
    parts = [f"{start:%H:%M}–{end:%H:%M}", session.text_in("title", language)]
    if session.room is not None:
        parts.append(session.room.name)
    if session.is_cancelled:
        parts.append(_("Cancelled"))
    return " · ".join(parts)


def _document_row(entry: Entry, language: str, text, small):
    version = entry.version
    kind = storage.kind_of(version.content_type)
    if entry.path is None:
        where = _(
            "Missing: the file could not be found, so it is not in this pack. "
            "Please tell the organizers."
        )
    else:
        where = entry.name
    return [
        text(entry.document.text_in("title", language), small),
        text(where, small),
        text(kind.label if kind else version.content_type, small),
        text(filesize(version.size), small),
        text(entry.document.language.label, small),
        text(
            _("%(number)d, %(date)s", number=version.number, date=date_short(version.uploaded_at)),
            small,
        ),
    ]


# Streaming -------------------------------------------------------------------------------


class _Sink:
    """Where zipfile writes: it keeps the bytes until they are taken, and cannot seek
    (so zipfile writes data descriptors after each file instead of going back)."""

    def __init__(self):
        self.pieces: list[bytes] = []

    def write(self, data) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def stream(pack: Pack, contents: bytes) -> Iterator[bytes]:
    """The zip, piece by piece: the contents page first, then each file as it is read.
    Reads nothing from the database (the pack's files were listed before)."""
    return _zipped(
        pack.contents_name, _local(pack.generated_at, pack.event), contents, pack.included
    )


def _zipped(contents_name, contents_time, contents: bytes, files: list[Entry]):
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(_info(contents_name, contents_time), contents)
        yield sink.take()
        for file in files:
            info = _info(file.name, file.date_time)
            info.file_size = file.size  # zipfile writes ZIP64 sizes when this needs them
            with (
                file.path.open("rb") as source,
                archive.open(info, "w", force_zip64=file.size >= zipfile.ZIP64_LIMIT) as out,
            ):
                while chunk := source.read(CHUNK):
                    out.write(chunk)
                    yield sink.take()
            if data := sink.take():  # the data descriptor: CRC and sizes
                yield data
    if data := sink.take():  # the central directory
        yield data


def _local(moment: datetime, event: Event) -> tuple:
    return max(moment.astimezone(event.tz).timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def _info(name: str, date_time: tuple) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


__all__ = [
    "Pack",
    "Summary",
    "build",
    "content_disposition",
    "contents_pdf",
    "documents_on_agenda",
    "download_name",
    "stream",
    "summary_of",
]
