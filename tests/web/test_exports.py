"""Tables to CSV and XLSX, templates to PDF: what every report download relies on."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from redpaz.web.exports import Column, Table, csv_text, pdf_bytes, xlsx_bytes, xlsx_response


def _table() -> Table:
    return Table(
        title="Homicidios por comuna",
        subtitle="Medellín, 2021",
        columns=[
            Column("Comuna"),
            Column("Víctimas", kind="int", group="2021"),
            Column("Tasa", kind="decimal", group="2021"),
            Column("% meta", kind="percent", decimals=0, group="2021"),
        ],
        rows=[
            ["La Candelaria", 80, Decimal("95.1234"), Decimal("50")],
            ['=HYPERLINK("http://evil")', 1, None, None],
        ],
        source="Fuente: SISC Medellín",
        notes=["Tasas por 100.000 habitantes."],
        frozen_columns=1,
    )


def test_csv_has_one_header_row_and_plain_values() -> None:
    lines = csv_text(_table()).splitlines()
    assert lines[0] == "Comuna,2021 · Víctimas,2021 · Tasa,2021 · % meta"
    assert lines[1] == "La Candelaria,80,95.1234,50"
    # A formula-looking text is written as text, never run by a spreadsheet.
    assert lines[2].startswith("\"'=HYPERLINK")


def test_xlsx_keeps_numbers_as_numbers_with_grouped_headers_and_the_source() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(_table()))).active
    assert sheet["A1"].value == "Homicidios por comuna"
    assert sheet["A2"].value == "Medellín, 2021"
    assert sheet["B4"].value == "2021" and "B4:D4" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[5]] == ["Comuna", "Víctimas", "Tasa", "% meta"]
    assert sheet["B6"].value == 80 and sheet["C6"].value == 95.1234
    assert sheet["D6"].value == 0.5 and sheet["D6"].number_format == "0%"
    assert sheet["A7"].value.startswith("=HYPERLINK") and sheet["A7"].data_type == "s"
    assert sheet["A9"].value == "Fuente: SISC Medellín"
    assert sheet.freeze_panes == "B6"


def test_xlsx_response_is_an_attachment() -> None:
    response = xlsx_response(_table(), "homicidios.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="homicidios.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_pdf_renders_html_with_weasyprint() -> None:
    pdf = pdf_bytes("<html><body><h1>Acta</h1><table><tr><td>1</td></tr></table></body></html>")
    assert pdf.startswith(b"%PDF") and len(pdf) > 500
