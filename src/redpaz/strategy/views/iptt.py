"""The IPTT page and its XLSX, PDF and CSV exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from redpaz.strategy.reporting import (
    column_groups,
    display,
    iptt_table,
    method_notes,
    source_note,
    subtitle,
)
from redpaz.strategy.selectors.iptt import iptt_build
from redpaz.strategy.views.common import load
from redpaz.web.exports import csv_response, pdf_response, xlsx_response


@login_required
@require_GET
def iptt(request: HttpRequest, pk: int) -> HttpResponse:
    strategy, access = load(request, pk)
    periods = request.GET.get("periods")
    quarterly = (
        strategy.quarterly if periods not in ("years", "quarters") else periods == "quarters"
    )
    table = iptt_build(strategy, approved_only=access.approved_only, quarterly=quarterly)
    columns = table.columns
    export = request.GET.get("format", "html")
    filename = f"iptt-{slugify(strategy.name)[:60]}-{timezone.localdate():%Y%m%d}"
    if export == "xlsx":
        return xlsx_response(iptt_table(table, columns), f"{filename}.xlsx")
    if export == "csv":
        return csv_response(iptt_table(table, columns), f"{filename}.csv")
    if export == "pdf":
        years = [c for c in columns if c.is_year]
        quarter_tables = []
        if quarterly:
            for year in table.years:
                quarter_columns = [c for c in columns if c.year == year.year and not c.is_year]
                if quarter_columns:
                    width = 4 + 3 * len(quarter_columns)
                    groups = display(table, quarter_columns)
                    quarter_tables.append((year.year, quarter_columns, groups, width))
        return pdf_response(
            "strategy/iptt_pdf.html",
            {
                "strategy": strategy,
                "iptt": table,
                "columns": years,
                "groups": display(table, years),
                "width": 4 + 3 * len(years),
                "quarter_tables": quarter_tables,
                "subtitle": subtitle(table),
                "source": source_note(table),
                "notes": method_notes(),
                "title": strategy.name,
            },
            f"{filename}.pdf",
            request=request,
        )
    return render(
        request,
        "strategy/iptt.html",
        {
            "strategy": strategy,
            "access": access,
            "iptt": table,
            "columns": columns,
            "spans": [(label, span * 3) for label, span in column_groups(columns)],
            "width": 4 + 3 * len(columns),
            "groups": display(table, columns),
            "subtitle": subtitle(table),
            "source": source_note(table),
            "notes": method_notes(),
            "periods": "quarters" if quarterly else "years",
        },
    )
