"""Badges as PDF: A6 portrait, one a page, or four A6 badges on an A4 sheet with cut marks.

Drawn with ReportLab on a canvas rather than laid out with Platypus: a badge is a fixed
card whose every box is known, and the person's name must shrink to its box, not flow
onto another page. DejaVu Sans (shipped in fonts/, its licence beside it) is embedded:
the PDF standard fonts have no Ł, Ş or ễ, and a name printed with boxes is a guest
stopped at the door.

The QR code is drawn as vector squares from segno's matrix, 4 modules of quiet zone
around it and 45 mm wide (version 2: 1.4 mm a module), so a laser printout scans from
arm's length; the code is printed under it in groups of four, to type when a camera
fails. Labels and dates are in the current request's language (the organizer's).
"""

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import segno
from flask_babel import gettext as _
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..i18n import current_language, date_short
from ..models import Event, Registration, RegistrationStatus

LAYOUTS = ("a6", "a4")

# Who gets a badge: those expected at the palace (registered or confirmed).
BADGE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONTS = Path(__file__).parent / "fonts"

BADGE_WIDTH, BADGE_HEIGHT = A6
MARGIN = 8 * mm
QR_SIZE = 45 * mm  # quiet zone included
QR_BORDER = 4  # modules of quiet zone: what the QR standard asks for
NAME_BOX_HEIGHT = 62  # points: two lines of a long name, or one large line
NAME_MAX_SIZE = 26
NAME_ONE_LINE_MIN = 16  # below this, a name reads better on two larger lines
LINE_HEIGHT = 1.2
GREY = Color(0.55, 0.55, 0.55)
CUT_MARK = 5 * mm


def has_badge(registration: Registration) -> bool:
    """Whether the registration gets a badge: the diplomat is expected (registered or
    confirmed). Cancelled, declined, rejected and invited do not."""
    return registration.status in BADGE_STATUSES


def badge_holders(registrations: Iterable[Registration]) -> list[Registration]:
    """The registrations among these that get a badge, in the same order."""
    return [registration for registration in registrations if has_badge(registration)]


def register_fonts() -> tuple[str, str]:
    """The shipped fonts (every accent and script a name can hold), registered with
    ReportLab once: their names, regular and bold. Other PDFs of the app use them too."""
    _register_fonts()
    return FONT, FONT_BOLD


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONTS / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONTS / "DejaVuSans-Bold.ttf")))


def badges_pdf(
    event: Event,
    registrations: Sequence[Registration],
    codes: dict[int, str],
    layout: str = "a6",
) -> bytes:
    """The badges of `registrations` (codes by registration id, from
    `badges.ensure_badge_codes`) as a PDF: `layout` "a6" (one a page) or "a4" (four a
    sheet, 2 × 2, with cut marks). Raises ValueError for another layout."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout {layout!r}")
    _register_fonts()
    language = current_language()
    event_name = event.text_in("name", language)
    buffer = io.BytesIO()
    page_size = A6 if layout == "a6" else A4
    canvas = Canvas(buffer, pagesize=page_size, pageCompression=1, invariant=1)
    canvas.setTitle(_("Badges: %(event)s", event=event_name))
    canvas.setAuthor(_("FPS Foreign Affairs, Foreign Trade and Development Cooperation"))
    canvas.setCreator("eventapp")
    if layout == "a6":
        for registration in registrations:
            _draw_badge(canvas, 0, 0, event_name, registration, codes[registration.id])
            canvas.showPage()
    else:
        sheet_width, sheet_height = A4
        for start in range(0, len(registrations), 4):
            _draw_cut_marks(canvas, sheet_width, sheet_height)
            for place, registration in enumerate(registrations[start : start + 4]):
                column, row = place % 2, place // 2
                x = column * sheet_width / 2
                y = sheet_height - (row + 1) * sheet_height / 2
                _draw_badge(canvas, x, y, event_name, registration, codes[registration.id])
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_badge(canvas, x0, y0, event_name, registration: Registration, code: str) -> None:
    """One badge in the A6 box whose lower left corner is (x0, y0), drawn top down."""
    width = BADGE_WIDTH - 2 * MARGIN
    centre = x0 + BADGE_WIDTH / 2
    top = y0 + BADGE_HEIGHT - MARGIN
    user = registration.user
    profile = user.profile

    # The event's name, small, at most two lines.
    canvas.setFillColor(black)
    size, lines = _fitted(event_name, FONT_BOLD, width, max_size=10, min_size=6, max_lines=2)
    top = _draw_lines(canvas, centre, top, lines, FONT_BOLD, size)
    top -= 4
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    canvas.line(x0 + MARGIN, top, x0 + BADGE_WIDTH - MARGIN, top)
    top -= 8

    # The name, as large as its box allows, centred in the box.
    size, lines = _name_lines(user.full_name, width)
    used = len(lines) * size * LINE_HEIGHT
    _draw_lines(canvas, centre, top - (NAME_BOX_HEIGHT - used) / 2, lines, FONT_BOLD, size)
    top -= NAME_BOX_HEIGHT + 6

    # Function and post.
    if profile is not None:
        for text in (str(profile.function.label), profile.post):
            size, lines = _fitted(text, FONT, width, max_size=11, min_size=6, max_lines=1)
            top = _draw_lines(canvas, centre, top, lines, FONT, size)
    top -= 4

    # The days attending.
    days = " · ".join(date_short(day) for day in registration.days)
    if days:
        size, lines = _fitted(
            days, FONT, width, max_size=9, min_size=6, max_lines=3, separator=" · "
        )
        _draw_lines(canvas, centre, top, lines, FONT, size)

    # The QR code and, under it, the code to type.
    code_size = 8
    code_y = y0 + MARGIN
    qr_bottom = code_y + code_size * LINE_HEIGHT + 1
    _draw_qr(canvas, centre - QR_SIZE / 2, qr_bottom, QR_SIZE, code)
    canvas.setFillColor(black)
    canvas.setFont(FONT, code_size)
    canvas.drawCentredString(centre, code_y, grouped(code))


def grouped(code: str) -> str:
    """The code in groups of four ("ABCD EFGH …"), as printed and shown: easier to type."""
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


def _draw_qr(canvas, x, y, size, code: str) -> None:
    """The QR code of `code` as filled squares, quiet zone included in `size`; runs of
    dark modules in a row are one rectangle (a smaller file, no seams)."""
    qr = segno.make(code, error="m")
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=QR_BORDER)]
    module = size / len(rows)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    path = canvas.beginPath()
    for row_number, row in enumerate(rows):
        top = y + size - (row_number + 1) * module
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + start * module, top, (column - start) * module, module)
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_cut_marks(canvas, width, height) -> None:
    """Short light lines where the sheet is cut in four: on the middle lines, outside
    the badges' margins, so a slightly misaligned cut leaves no mark on a badge."""
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    middle_x, middle_y = width / 2, height / 2
    inset = 6 * mm  # inside most printers' printable area
    canvas.line(middle_x, inset, middle_x, inset + CUT_MARK)
    canvas.line(middle_x, height - inset, middle_x, height - inset - CUT_MARK)
    canvas.line(inset, middle_y, inset + CUT_MARK, middle_y)
    canvas.line(width - inset, middle_y, width - inset - CUT_MARK, middle_y)
    canvas.line(middle_x - CUT_MARK / 2, middle_y, middle_x + CUT_MARK / 2, middle_y)
    canvas.line(middle_x, middle_y - CUT_MARK / 2, middle_x, middle_y + CUT_MARK / 2)


def _draw_lines(canvas, centre, top, lines, font, size) -> float:
    """Centred lines from `top` down; returns the y under the last one."""
    canvas.setFont(font, size)
    for line in lines:
        top -= size * LINE_HEIGHT
        canvas.drawCentredString(centre, top + size * 0.25, line)
    return top


def _width(text: str, font: str, size: float = 1) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _name_lines(name: str, width: float) -> tuple[float, list[str]]:
    """The name's font size and lines: one line as large as fits (at most
    NAME_MAX_SIZE), or two when one line would be smaller than NAME_ONE_LINE_MIN and
    two lines are larger. Any name fits: the size goes down until it does."""
    name = " ".join(name.split())
    one = min(NAME_MAX_SIZE, width / max(_width(name, FONT_BOLD), 1e-6))
    one = min(one, NAME_BOX_HEIGHT / LINE_HEIGHT)
    if one >= NAME_ONE_LINE_MIN or " " not in name:
        return one, [name]
    first, second = _best_split(name, FONT_BOLD)
    widest = max(_width(first, FONT_BOLD), _width(second, FONT_BOLD))
    two = min(NAME_MAX_SIZE, width / widest, NAME_BOX_HEIGHT / (2 * LINE_HEIGHT))
    return (two, [first, second]) if two > one else (one, [name])


def _best_split(text: str, font: str) -> tuple[str, str]:
    """`text` cut at the space that makes its widest half the narrowest."""
    words = text.split(" ")
    splits = [(" ".join(words[:at]), " ".join(words[at:])) for at in range(1, len(words))]
    return min(splits, key=lambda pair: max(_width(pair[0], font), _width(pair[1], font)))


def _fitted(
    text: str,
    font: str,
    width: float,
    *,
    max_size: float,
    min_size: float,
    max_lines: int,
    separator: str = " ",
) -> tuple[float, list[str]]:
    """`text` in at most `max_lines` lines of `width`, wrapped at `separator`, at the
    largest size from `max_size` down to `min_size` (by half points); failing that, on
    `max_lines` lines at whatever smaller size makes them fit."""
    size = max_size
    while size >= min_size:
        lines = _wrapped(text, font, size, width, separator)
        if len(lines) <= max_lines and all(_width(line, font, size) <= width for line in lines):
            return size, lines
        size -= 0.5
    lines = _wrapped(text, font, min_size, width, separator)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [separator.join(lines[max_lines - 1 :])]
    widest = max(_width(line, font) for line in lines) or 1.0
    return min(min_size, width / widest), lines


def _wrapped(text: str, font: str, size: float, width: float, separator: str) -> list[str]:
    lines: list[str] = []
    for part in text.split(separator):
        if not part.strip():
            continue
        if lines and _width(f"{lines[-1]}{separator}{part}", font, size) <= width:
            lines[-1] = f"{lines[-1]}{separator}{part}"
        else:
            lines.append(part)
    return lines or [""]
