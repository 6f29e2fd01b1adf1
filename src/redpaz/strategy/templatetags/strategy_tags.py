"""Number formatting for indicator values, in the interface language's conventions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from redpaz.strategy.reporting import fmt

register = template.Library()


@register.filter
def num(value: Decimal | None, decimals: int = 0) -> str:
    """``{{ value|num:indicator.decimals }}``: grouped thousands, fixed decimals, "—" if empty."""
    text = fmt(value, int(decimals))
    return text or "—"


@register.filter
def pct(value: Decimal | None) -> str:
    return f"{fmt(value, 0)} %" if value is not None else "—"


@register.filter
def latest_cell(row: Any) -> Any:
    """The cell the indicator's status was judged on, or its latest cell with an actual."""
    track = row.track
    if track.status_period is not None:
        return track.cell(track.status_period)
    cells = sorted(
        (c for c in track.cells.values() if c.actual is not None and c.period.key != "LOP"),
        key=lambda c: c.period.sort_key,
    )
    return cells[-1] if cells else None


@register.simple_tag(takes_context=True)
def access_to(context: dict[str, Any], strategy: Any) -> Any:
    """``{% access_to strategy as access %}`` where a view did not pass it."""
    from redpaz.strategy.access import strategy_access

    request = context.get("request")
    return strategy_access(getattr(request, "user", None), strategy)
