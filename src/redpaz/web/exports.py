"""Tables and pages as downloads: CSV and XLSX from a table, PDF from an HTML template.

A ``Table`` is a title, columns, rows and a source note. The same table serves the CSV (data
reuse: plain numbers, one header row), the XLSX (people: title, grouped headers, number formats,
frozen headers, the source under the data) and, through a template, the PDF (WeasyPrint). The
IPTT was the first user; observatory reports and committee minutes use the same functions.

Text cells that a spreadsheet would run as a formula (starting with = + - @) are written as
text, so that an exported name can never execute in the reader's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column: its header, how its values are formatted, and an optional header group."""

    label: str
    # text | int | decimal | percent (values in percent units: 50 means 50 %) | date
    kind: str = "text"
    decimals: int = 2
    # Consecutive columns with the same group share a merged header cell above theirs.
    group: str = ""
    width: int | None = None


@dataclass
class Table:
    title: str
    columns: Sequence[Column | str]
    rows: Sequence[Sequence[Any]]
    source: str = ""
    subtitle: str = ""
    notes: Sequence[str] = field(default_factory=list)
    sheet_name: str = ""
    # Columns kept visible when scrolling right (e.g. the indicator name).
    frozen_columns: int = 0

    @property
    def column_specs(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.column_specs)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _plain(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_text(table: Table) -> str:
    """The table as CSV text: one header row (group and label joined), plain values."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"{c.group} · {c.label}" if c.group else c.label for c in table.column_specs])
    for row in table.rows:
        writer.writerow([_plain(v) for v in row])
    return out.getvalue()


def csv_response(table: Table, filename: str) -> HttpResponse:
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents intact).
    body = "\ufeff" + csv_text(table)
    return _attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"), filename)


def xlsx_bytes(tables: Table | Sequence[Table]) -> bytes:
    """A workbook with one sheet per table."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate([tables] if isinstance(tables, Table) else tables):
        name = (table.sheet_name or table.title or f"Sheet {index + 1}")[:31]
        for char in "[]:*?/\\":
            name = name.replace(char, " ")
        _write_sheet(workbook.create_sheet(name), table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(tables: Table | Sequence[Table], filename: str) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE), filename)


_NUMBER_FORMATS = {
    "int": "#,##0",
    "date": "yyyy-mm-dd",
}


def _number_format(column: Column) -> str | None:
    if column.kind == "decimal":
        return "#,##0" + ("." + "0" * column.decimals if column.decimals else "")
    if column.kind == "percent":
        return "0" + ("." + "0" * min(column.decimals, 1) if column.decimals else "") + "%"
    return _NUMBER_FORMATS.get(column.kind)


def _cell_value(value: Any, column: Column) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "percent" and isinstance(value, int | float | Decimal):
        return float(value) / 100
    if isinstance(value, Decimal):
        return float(value) if column.kind != "int" else int(value)
    return value


def _write_sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns = table.column_specs
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6EA")
    thin = Side(style="thin", color="B8C1CA")
    boxed = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    row = 1
    sheet.cell(row=row, column=1, value=_text(table.title)).font = Font(bold=True, size=14)
    row += 1
    if table.subtitle:
        sheet.cell(row=row, column=1, value=_text(table.subtitle)).font = Font(italic=True)
        row += 1
    row += 1
    if table.has_groups:
        start = 0
        while start < len(columns):
            end = start
            while end + 1 < len(columns) and columns[end + 1].group == columns[start].group:
                end += 1
            cell = sheet.cell(row=row, column=start + 1, value=_text(columns[start].group) or None)
            cell.font, cell.fill, cell.alignment, cell.border = bold, header_fill, centre, boxed
            if end > start:
                sheet.merge_cells(
                    start_row=row, start_column=start + 1, end_row=row, end_column=end + 1
                )
            start = end + 1
        row += 1
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=_text(column.label))
        cell.font, cell.fill, cell.alignment, cell.border = bold, header_fill, centre, boxed
    header_row = row
    row += 1
    for values in table.rows:
        for index, (value, column) in enumerate(zip(values, columns, strict=False), start=1):
            cell = sheet.cell(row=row, column=index)
            converted = _cell_value(value, column)
            if isinstance(converted, str):
                cell.value = converted
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell.value = converted
                fmt = _number_format(column)
                if fmt and converted is not None:
                    cell.number_format = fmt
            cell.border = boxed
            if column.kind == "text":
                cell.alignment = Alignment(vertical="top", wrap_text=True)
        row += 1
    row += 1
    for line in [table.source, *table.notes]:
        if line:
            sheet.cell(row=row, column=1, value=_text(line)).font = Font(italic=True, size=9)
            row += 1
    for index, column in enumerate(columns, start=1):
        width = column.width or _guess_width(column, table.rows, index - 1)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=table.frozen_columns + 1)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _guess_width(column: Column, rows: Sequence[Sequence[Any]], index: int) -> float:
    if column.kind != "text":
        return max(9.0, min(16.0, len(column.label) + 2.0))
    longest = max([len(column.label)] + [len(str(r[index])) for r in rows[:200] if index < len(r)])
    return float(max(10, min(60, longest + 2)))


def pdf_bytes(html: str, *, base_url: str | None = None) -> bytes:
    """Render HTML (with its own CSS, see ``web/pdf/base.html``) to PDF with WeasyPrint."""
    from weasyprint import HTML

    result = HTML(string=html, base_url=base_url).write_pdf()
    if result is None:  # only when a target file is given
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(result)


def pdf_response(
    template_name: str,
    context: dict[str, Any],
    filename: str,
    *,
    request: HttpRequest | None = None,
) -> HttpResponse:
    """Render a template extending ``web/pdf/base.html`` to a PDF download."""
    context = {"generated_at": timezone.localtime(), **context}
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return _attachment(
        HttpResponse(pdf_bytes(html, base_url=base_url), content_type="application/pdf"), filename
    )
