import io

from openpyxl import load_workbook

from eventapp.spreadsheets import csv_bytes, safe_cell, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://evil")', "+32 2 501 81 11", "-1", "@SUM(A1)", "\tx", "\rx"]


def test_cells_that_look_like_formulas_are_made_plain_text():
    assert [safe_cell(value) for value in HOSTILE] == ["'" + value for value in HOSTILE]
    assert safe_cell("Vanderlinden") == "Vanderlinden"
    assert safe_cell(12) == 12
    assert safe_cell(-1) == -1  # a number, not text a spreadsheet could run
    assert safe_cell(None) == ""


def test_yes_and_no_are_written_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert (safe_cell(True), safe_cell(False)) == ("Oui", "Non")


def test_csv_has_a_bom_for_excel_and_protects_every_cell():
    data = csv_bytes(["name", "remark"], [["Hélène", "=1+1"]])
    assert data.startswith("\ufeff".encode())
    assert "Hélène,'=1+1" in data.decode("utf-8")


def test_xlsx_stores_hostile_values_as_text_not_formulas():
    data = xlsx_bytes({"Attendees": (["name", "remark"], [["Hélène", "=1+1"]])})
    sheet = load_workbook(io.BytesIO(data))["Attendees"]
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"
