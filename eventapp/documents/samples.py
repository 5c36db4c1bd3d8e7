"""Small, real files of each kind a document may be: the demo week's briefing documents
(scripts/demo) and the tests' uploads are made here, so both go through the same checks
as an organizer's files.

The same arguments give the same bytes (no date of making inside), so the same file has
the same SHA-256 every time: a reloaded demo finds its files in the folder, and a test
can upload "the same file twice".
"""

import io
import re
import zipfile

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ..door.badge_pdf import register_fonts


def pdf(title: str, lines: list[str] = ()) -> bytes:
    """A one-page A4 PDF: a title and lines of text (any script DejaVu Sans holds)."""
    regular, bold = register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setTitle(title)
    width, height = A4
    canvas.setFont(bold, 18)
    canvas.drawString(60, height - 80, title)
    canvas.setFont(regular, 11)
    for number, line in enumerate(lines):
        canvas.drawString(60, height - 120 - 16 * number, line)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def png(width: int = 4, height: int = 4, shade: int = 0x33) -> bytes:
    """A grey PNG image."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([shade]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document (Office Open XML) with these paragraphs."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    return _zip(parts.items())


def xlsx(rows: list[list]) -> bytes:
    """A one-sheet Excel workbook with these rows."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(out) as made:
        parts = [(entry.filename, made.read(entry)) for entry in made.infolist()]
    return _zip(parts)


# Office files carry when they were made (in docProps/core.xml and each zip entry).
FIXED_TIME = (2026, 1, 5, 9, 0, 0)
OFFICE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _zip(parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            content = content.encode() if isinstance(content, str) else content
            content = OFFICE_DATES.sub(rb"\g<1>2026-01-05T09:00:00Z\g<3>", content)
            entry = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return out.getvalue()
