"""Distinct participants of a strategy: aggregates only (for analysts, committees, donors)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from redpaz.accounts.access import capabilities
from redpaz.participants import access, selectors
from redpaz.participants.views.common import require
from redpaz.strategy.categories import categories
from redpaz.web import exports

# Public and donor outputs show counts under this as "<5" (a person could be recognised).
SMALL = 5
DIMENSIONS = (
    ("component", "Component"),
    ("programme", "Programme"),
    ("sex", "Sex"),
    ("age_group", "Age group"),
    ("ethnicity", "Ethnicity"),
    ("zone", "Zone"),
)


def _suppress(user: Any) -> bool:
    """Whether small counts are hidden: for those who see aggregates only."""
    return not (set(access.VIEW_CAPABILITIES) & capabilities(user))


def _shown(value: Any, suppress: bool) -> Any:
    number = int(value)
    if suppress and 0 < number < SMALL:
        return f"<{SMALL}"
    return number


def _tables(user: Any, strategy: Any, start: date, end: date) -> tuple[int | str, list[Any]]:
    data = selectors.counts_table(strategy=strategy, start=start, end=end)
    suppress = _suppress(user)
    labels = {
        "component": _("Component"),
        "programme": _("Programme"),
        "sex": _("Sex"),
        "age_group": _("Age group"),
        "ethnicity": _("Ethnicity"),
        "zone": _("Zone"),
    }
    tables = []
    for dimension, _name in DIMENSIONS:
        values = data["by"].get(dimension, {})
        if dimension == "programme":
            names = dict(strategy.components.values_list("programmes__code", "programmes__name"))
        else:
            names = dict(categories(dimension, strategy))
        rows = [
            (f"{code} · {names[code]}" if dimension == "programme" else names.get(code, code),
             _shown(value, suppress))
            for code, value in sorted(values.items())
        ]  # fmt: skip
        tables.append((labels[dimension], rows))
    return _shown(data["total"], suppress), tables


@login_required
@require_GET
def counts(request: HttpRequest) -> HttpResponse:
    require(access.sees_aggregates(request.user))
    strategies = selectors.strategies_with_participants(user=request.user)
    strategy = None
    if request.GET.get("strategy", "").isdigit():
        strategy = strategies.filter(pk=int(request.GET["strategy"])).first()
    strategy = strategy or strategies.first()
    year = request.GET.get("year", "")
    total: Any = None
    tables: list[Any] = []
    if strategy is not None:
        start, end = strategy.start, strategy.end
        if year.isdigit() and strategy.start.year <= int(year) <= strategy.end.year:
            start, end = max(start, date(int(year), 1, 1)), min(end, date(int(year), 12, 31))
        else:
            year = ""
        total, tables = _tables(request.user, strategy, start, end)
        if request.GET.get("format") in ("csv", "xlsx"):
            table = exports.Table(
                title=_("Distinct participants · %(s)s") % {"s": strategy.name},
                subtitle=f"{start} – {end}",
                columns=[_("Dimension"), _("Category"), exports.Column(_("People"))],
                rows=[[_("Total"), "", total]]
                + [[label, name, value] for label, rows in tables for name, value in rows],
                source=_("RedPaz · each person counted once; counts under 5 hidden for donors."),
            )
            if request.GET["format"] == "xlsx":
                return exports.xlsx_response(table, "participantes-agregados.xlsx")
            return exports.csv_response(table, "participantes-agregados.csv")
    return render(
        request,
        "participants/counts.html",
        {
            "strategies": strategies,
            "strategy": strategy,
            "year": year,
            "years": range(strategy.start.year, strategy.end.year + 1) if strategy else [],
            "total": total,
            "tables": tables,
            "suppress": _suppress(request.user),
        },
    )
