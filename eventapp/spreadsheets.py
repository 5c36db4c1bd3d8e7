"""CSV and XLSX files for organizers, safe to open in Excel or LibreOffice.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken as a
formula by spreadsheet programs; a name or a remark typed by anyone could then run in
an organizer's spreadsheet. Such cells are written with a leading apostrophe.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    """The value as a cell that no spreadsheet will run as a formula.

    Every CSV and XLSX cell the app writes goes through here. Numbers stay numbers (a
    negative one is not text that could be a formula); yes and no are in the reader's
    language.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel shows accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX workbook with one sheet per entry: {title: (header, rows)}."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([safe_cell(name) for name in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            # Strings are stored as text cells: openpyxl would otherwise treat "=..." as
            # a formula even after safe_cell, so set the data type explicitly.
            sheet.append([safe_cell(value) for value in row])
        for row in sheet.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
