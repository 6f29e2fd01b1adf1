"""The IPTT as people read it: formatted for the page and the PDF, and as a table for XLSX/CSV.

The layout follows the indicator performance tracking tables cooperation agencies ask for
(USAID-style): one row per indicator, with its disaggregations below it; baseline value and
year; for every period the target, the actual and the % of target met; the life-of-strategy
target and actual; status, trend, responsible person and means of verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redpaz.strategy.models import Indicator
from redpaz.strategy.performance import Cell, Status, TrendAssessment
from redpaz.strategy.selectors.iptt import Iptt, IpttRow, PeriodColumn, period_label
from redpaz.web.exports import Column, Table

STATUS_LABELS = {
    Status.ON_TRACK: gettext_lazy("On track"),
    Status.OFF_TRACK: gettext_lazy("Off track"),
    Status.NO_DATA: gettext_lazy("No data"),
}
TREND_LABELS = {
    TrendAssessment.IMPROVING: gettext_lazy("Improving"),
    TrendAssessment.WORSENING: gettext_lazy("Worsening"),
    TrendAssessment.STABLE: gettext_lazy("Stable"),
    TrendAssessment.UNKNOWN: gettext_lazy("Not enough data"),
}
TREND_ARROWS = {
    TrendAssessment.IMPROVING: "▲",
    TrendAssessment.WORSENING: "▼",
    TrendAssessment.STABLE: "●",
    TrendAssessment.UNKNOWN: "·",
}


def fmt(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return ""
    # number_format cuts extra decimals off; a figure must be rounded (32.975 → 32.98).
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def decimals_of(indicator: Indicator) -> int:
    return indicator.decimals


@dataclass
class DisplayCell:
    target: str
    actual: str
    percent: str
    status: str
    target_derived: bool
    actual_derived: bool
    pending: bool
    incomplete: bool
    note: str
    url: str
    total: bool = False  # a year or the whole strategy, shaded among quarters


@dataclass
class DisplayRow:
    row: IpttRow
    cells: list[DisplayCell]
    baseline: str
    baseline_year: str
    status: str
    status_label: str
    status_period: str
    trend: str
    trend_label: str
    trend_arrow: str
    sparkline: SafeString
    breakdown: list[tuple[str, str, list[str]]]


def _cell(row: IpttRow, column: PeriodColumn, decimals: int, shade: bool) -> DisplayCell:
    cell: Cell = row.track.cells.get(column.period.key) or Cell(
        column.period, None, None, None, Status.NO_DATA
    )
    key = column.period.key
    result_status = row.statuses.get(key)
    return DisplayCell(
        target=fmt(cell.target, decimals),
        actual=fmt(cell.actual, decimals),
        percent=fmt(cell.percent, 0) + " %" if cell.percent is not None else "",
        status=cell.status.value,
        target_derived=cell.target_derived,
        actual_derived=cell.actual_derived,
        pending=cell.actual is not None and not cell.approved,
        incomplete=cell.actual is not None and not cell.complete,
        note=row.notes.get(key, "") if cell.actual is None or not cell.complete else "",
        total=shade and column.is_year,
        url=(
            f"{row.indicator.get_absolute_url()}results/{key}/"
            if result_status is not None or (cell.actual is not None and not cell.actual_derived)
            else ""
        ),
    )


def sparkline(values: Sequence[Decimal], width: int = 56, height: int = 16) -> SafeString:
    """A tiny line of the actuals (no axes), for the trend column."""
    if len(values) < 2:
        return mark_safe("")
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = (width - 4) / (len(values) - 1)
    points = " ".join(
        f"{2 + i * step:.1f},{height - 2 - float((v - low) / span) * (height - 4):.1f}"
        for i, v in enumerate(values)
    )
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="sparkline" width="{width}" height="{height}" aria-hidden="true">'
        f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>'
    )


def display(iptt: Iptt, columns: Sequence[PeriodColumn]) -> list[tuple[str, list[DisplayRow]]]:
    groups = []
    shade = any(not c.is_year for c in columns)  # shade years only among quarters
    for group in iptt.groups:
        rows = []
        for row in group.rows:
            indicator = row.indicator
            decimals = decimals_of(indicator)
            track = row.track
            rows.append(
                DisplayRow(
                    row=row,
                    cells=[_cell(row, column, decimals, shade) for column in columns],
                    baseline=fmt(indicator.baseline_value, decimals),
                    baseline_year=str(indicator.baseline_date.year)
                    if indicator.baseline_date
                    else "",
                    status=track.status.value,
                    status_label=str(STATUS_LABELS[track.status]),
                    status_period=period_label(track.status_period) if track.status_period else "",
                    trend=track.trend.assessment.value,
                    trend_label=str(TREND_LABELS[track.trend.assessment]),
                    trend_arrow=TREND_ARROWS[track.trend.assessment],
                    sparkline=sparkline(track.trend.values),
                    breakdown=[
                        (
                            b.dimension,
                            b.category,
                            [fmt(b.values.get(c.period.key), decimals) for c in columns],
                        )
                        for b in row.breakdown
                    ],
                )
            )
        groups.append((group.title, rows))
    return groups


def column_groups(columns: Sequence[PeriodColumn]) -> list[tuple[str, int]]:
    """(year label, number of period columns) for the top header row."""
    spans: list[tuple[str, int]] = []
    for column in columns:
        label = str(column.year) if column.year else period_label(column.period)
        if spans and spans[-1][0] == label:
            spans[-1] = (label, spans[-1][1] + 1)
        else:
            spans.append((label, 1))
    return spans


def _comments(row: IpttRow, columns: Sequence[PeriodColumn]) -> str:
    parts = []
    for column in columns:
        cell = row.track.cells.get(column.period.key)
        key = column.period.key
        if cell is None:
            continue
        label = period_label(column.period)
        if cell.actual is not None and not cell.approved:
            parts.append(_("%(p)s: not yet approved") % {"p": label})
        if cell.actual is not None and not cell.complete:
            parts.append(_("%(p)s: incomplete data") % {"p": label})
        if cell.actual is None and row.notes.get(key):
            parts.append(f"{label}: {row.notes[key]}")
    return "; ".join(parts)


def iptt_table(iptt: Iptt, columns: Sequence[PeriodColumn]) -> Table:
    """The IPTT as one table for XLSX and CSV."""
    strategy = iptt.strategy
    head: list[Column] = [
        Column(strategy.component_label),
        Column(_("Code"), width=9),
        Column(_("Indicator"), width=48),
        Column(_("Level"), width=10),
        Column(_("Unit"), width=14),
        Column(_("Desired direction"), width=11),
        Column(_("Cumulative mode"), width=14),
        Column(_("Disaggregation"), width=22),
        Column(_("Baseline"), kind="decimal", group=_("Baseline")),
        Column(_("Year"), kind="int", group=_("Baseline"), width=7),
    ]
    period_columns: list[Column] = []
    for column in columns:
        heading = (
            f"{column.year} · {column.label}"
            if column.year and column.label != str(column.year)
            else column.label
        )
        period_columns += [
            Column(_("Target"), kind="decimal", group=heading),
            Column(_("Actual"), kind="decimal", group=heading),
            Column(_("% met"), kind="percent", decimals=0, group=heading, width=8),
        ]
    tail = [
        Column(_("Status"), width=12),
        Column(_("Status period"), width=12),
        Column(_("Trend"), width=12),
        Column(_("Responsible"), width=20),
        Column(_("Means of verification"), width=40),
        Column(_("Comments"), width=50),
    ]
    rows: list[list[Any]] = []
    for group in iptt.groups:
        for row in group.rows:
            indicator = row.indicator
            values: list[Any] = [
                str(indicator.component) if indicator.component else _("Strategy level"),
                indicator.code,
                indicator.name,
                indicator.get_level_display(),
                indicator.get_unit_display(),
                indicator.get_direction_display(),
                indicator.get_mode_display(),
                "",
                indicator.baseline_value,
                indicator.baseline_date.year if indicator.baseline_date else None,
            ]
            for column in columns:
                cell = row.track.cells.get(column.period.key)
                values += [cell.target, cell.actual, cell.percent] if cell else [None, None, None]
            track = row.track
            values += [
                str(STATUS_LABELS[track.status]),
                period_label(track.status_period) if track.status_period else "",
                str(TREND_LABELS[track.trend.assessment]),
                str(indicator.responsible or ""),
                indicator.means_of_verification,
                _comments(row, columns),
            ]
            rows.append(values)
            for breakdown in row.breakdown:
                sub: list[Any] = [
                    values[0],
                    indicator.code,
                    f"   {breakdown.dimension}: {breakdown.category}",
                    "",
                    "",
                    "",
                    "",
                    f"{breakdown.dimension}: {breakdown.category}",
                    None,
                    None,
                ]
                for column in columns:
                    sub += [None, breakdown.values.get(column.period.key), None]
                sub += ["", "", "", "", "", ""]
                rows.append(sub)
    title = _("Indicator performance tracking table (IPTT) · %(name)s") % {"name": strategy.name}
    return Table(
        title=title,
        subtitle=subtitle(iptt),
        columns=[*head, *period_columns, *tail],
        rows=rows,
        source=source_note(iptt),
        notes=method_notes(),
        sheet_name="IPTT",
        frozen_columns=3,
    )


def subtitle(iptt: Iptt) -> str:
    strategy = iptt.strategy
    parts = [
        f"{strategy.organisation} · {strategy.territory.name}",
        _("%(start)s to %(end)s") % {"start": strategy.start, "end": strategy.end},
        _("Figures as of %(date)s") % {"date": iptt.today},
    ]
    if iptt.approved_only:
        parts.append(_("approved figures only"))
    return " · ".join(parts)


def source_note(iptt: Iptt) -> str:
    return _(
        "Source: RedPaz. Computed figures come from the data imported into RedPaz (each links to "
        "the records behind it); reported figures come with their evidence and approval record."
    )


def method_notes() -> list[str]:
    return [
        _(
            "% met = distance covered from the baseline to the target: (actual - baseline) / "
            "(target - baseline) for increases, (baseline - actual) / (baseline - target) for "
            "decreases; running totals start at zero."
        ),
        _(
            "On track: at least the strategy's threshold of the target met (85 percent unless "
            "changed); no data: target, actual or part of the data of the period missing."
        ),
        _(
            "Non-cumulative: each period stands alone, the life of the strategy is the latest "
            "period. Cumulative: running totals from the start. Cumulative non-summing: running "
            "figures that cannot be added (a year is its latest quarter)."
        ),
    ]
