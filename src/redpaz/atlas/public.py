"""Figures a municipality publishes for accountability, with small numbers suppressed.

Counts from 1 to ``REDPAZ_SUPPRESSION_THRESHOLD - 1`` are shown as "<threshold" and other cells
are hidden as needed so that none can be derived from totals (see ``analysis.suppression``).
The tables by sex, by age group and by weapon share their yearly totals, so they are suppressed
together. No point or zone data is published: only municipal aggregates of national releases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from redpaz.analysis.suppression import SuppressedTable, suppress_linked
from redpaz.atlas.cache import cached
from redpaz.atlas.maps import source_note
from redpaz.observatory.datasets import DEFAULT_SOURCE
from redpaz.observatory.models import AgeGroup, Sex
from redpaz.observatory.selectors import (
    CoverageStatus,
    EventFilter,
    coverage_status,
    covered_years,
    records,
)
from redpaz.territory.models import AGE_MAX, Territory
from redpaz.territory.selectors import population_in_range

YEARS = 6
WEAPONS = 3  # the most common weapons get a column each; the rest are "other"


@dataclass
class PublicTable:
    title: str
    columns: list[str]  # inner columns, then "Total"
    rows: list[tuple[str, list[str], list[int]]]  # (year, labels, status per cell)
    total: tuple[list[str], list[int]]


@dataclass
class PublicFigures:
    years: list[int]
    tables: list[PublicTable]
    rates: list[tuple[int, float | None]]  # (year, rate; None when the count is suppressed)
    threshold: int
    source_note: str

    @property
    def largest_hidden(self) -> int:
        return self.threshold - 1

    @property
    def missing_years(self) -> list[int]:
        """Years inside the period that no release covers (left out, not counted as zero)."""
        return [y for y in range(self.years[0], self.years[-1] + 1) if y not in self.years]


def threshold() -> int:
    return int(getattr(settings, "REDPAZ_SUPPRESSION_THRESHOLD", 5))


def public_figures(municipality: Territory, crime: str = "homicidio") -> PublicFigures | None:
    return cached(
        "public", (municipality.pk, crime, threshold()), None, lambda: _figures(municipality, crime)
    )


def _figures(municipality: Territory, crime: str) -> PublicFigures | None:
    covered = covered_years(source=DEFAULT_SOURCE, crime=crime)
    status = coverage_status(
        source=DEFAULT_SOURCE, crime=crime, municipality_codes=[municipality.code], years=covered
    )
    years = [y for y in covered if status[(municipality.code, y)] == CoverageStatus.FULL][-YEARS:]
    if not years:
        return None
    filters = EventFilter.years(DEFAULT_SOURCE, crime, years[0], years[-1])
    qs = records(filters).filter(municipality=municipality).annotate(year=ExtractYear("date"))
    by: dict[str, dict[tuple[int, str], int]] = {}
    for field in ("sex", "age_group", "weapon"):
        by[field] = {
            (int(y), v or ""): int(n)
            for y, v, n in qs.values_list("year", field).annotate(n=Sum("count")).order_by()
        }
    weapon_totals: dict[str, int] = {}
    for (_y, w), n in by["weapon"].items():
        weapon_totals[w] = weapon_totals.get(w, 0) + n
    top = [w for w, _n in sorted(weapon_totals.items(), key=lambda i: -i[1]) if w][:WEAPONS]
    layouts: list[tuple[str, str, list[tuple[str | None, str]]]] = [
        (_("Victims by year and sex"), "sex", [(s.value, str(s.label)) for s in Sex]),
        (
            _("Victims by year and age group"),
            "age_group",
            [(a.value, str(a.label)) for a in AgeGroup],
        ),
        (
            _("Victims by year and weapon"),
            "weapon",
            [(w, w.capitalize()) for w in top] + [(None, _("Other"))],
        ),
    ]
    matrices = []
    for _title, field, columns in layouts:
        matrix = []
        for year in years:
            row = []
            for value, _label in columns:
                if value is None:
                    row.append(
                        sum(n for (y, w), n in by[field].items() if y == year and w not in top)
                    )
                else:
                    row.append(by[field].get((year, value), 0))
            matrix.append(row)
        matrices.append(matrix)
    limit = threshold()
    suppressed = suppress_linked(matrices, threshold=limit)
    tables = [
        _table(title, [label for _v, label in columns], years, result)
        for (title, _f, columns), result in zip(layouts, suppressed, strict=True)
    ]
    population = population_in_range(
        [municipality.pk], years, sex="total", age_from=0, age_to=AGE_MAX
    )
    first = suppressed[0]
    rates: list[tuple[int, float | None]] = []
    for k, year in enumerate(years):
        people = population.get((municipality.pk, year))
        if first.status[k, -1] or not people:
            rates.append((year, None))
        else:
            rates.append((year, float(first.values[k, -1] / people * 100_000)))
    batches = sorted(qs.order_by().values_list("batch_id", flat=True).distinct())
    return PublicFigures(years, tables, rates, limit, source_note(DEFAULT_SOURCE, batches))


def _table(
    title: str, columns: list[str], years: list[int], result: SuppressedTable
) -> PublicTable:
    n_rows, n_cols = result.values.shape
    rows = [
        (
            str(year),
            [result.label(i, j) for j in range(n_cols)],
            [int(result.status[i, j]) for j in range(n_cols)],
        )
        for i, year in enumerate(years)
    ]
    total = (
        [result.label(n_rows - 1, j) for j in range(n_cols)],
        [int(result.status[n_rows - 1, j]) for j in range(n_cols)],
    )
    return PublicTable(title, [*columns, _("Total")], rows, total)


def published_numbers(figures: PublicFigures) -> list[Any]:
    """Every number the page shows (for checks: none may be from 1 to threshold - 1)."""
    out: list[Any] = []
    for table in figures.tables:
        for _year, labels, _status in table.rows:
            out.extend(labels)
        out.extend(table.total[0])
    return out
