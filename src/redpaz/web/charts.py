"""Charts as Vega-Lite specs rendered to SVG on the server (vl-convert).

One spec serves the page, the PDF and the XLSX export; no JavaScript runs in the browser. Every
chart carries an accessible title and description, and a table with the same numbers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

VEGA_LITE_VERSION = "5.20"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
PALETTE = ["#0f5c6e", "#c2410c", "#6b7280", "#15803d", "#7c3aed", "#b45309", "#0369a1"]
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")


@dataclass
class Chart:
    """A rendered chart and the table that says the same thing in words and numbers."""

    title: str
    description: str
    svg: SafeString
    columns: Sequence[str] = field(default_factory=list)
    rows: Sequence[Sequence[Any]] = field(default_factory=list)
    source: str = ""


def base_config() -> dict[str, Any]:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "gridColor": "#e5e7eb"},
        "legend": {
            "labelFontSize": 11,
            "titleFontSize": 11,
            "orient": "bottom",
            "direction": "vertical",
            "labelLimit": 480,
        },
        "range": {"category": PALETTE},
        "background": "white",
    }


def render(
    spec: dict[str, Any],
    *,
    title: str,
    description: str,
    columns: Sequence[str] = (),
    rows: Sequence[Sequence[Any]] = (),
    source: str = "",
) -> Chart:
    """Render a Vega-Lite spec to an accessible SVG chart with its table alternative."""
    full = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": base_config(),
        **spec,
    }
    language = (get_language() or "es").split("-")[0]
    svg = _render_cached(json.dumps(full, sort_keys=True, default=str), language)
    return Chart(
        title=title,
        description=description,
        svg=_accessible(svg, title, description),
        columns=list(columns),
        rows=[list(r) for r in rows],
        source=source,
    )


# Number formats of the chart axes, by interface language (Colombian usage for Spanish).
NUMBER_LOCALES: dict[str, dict[str, Any]] = {
    "es": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}


@lru_cache(maxsize=256)
def _render_cached(spec_json: str, language: str) -> str:
    import vl_convert as vlc

    return str(
        vlc.vegalite_to_svg(
            json.loads(spec_json),
            vl_version=VEGA_LITE_VERSION,
            format_locale=NUMBER_LOCALES.get(language, NUMBER_LOCALES["es"]),
        )
    )


def _accessible(svg: str, title: str, description: str) -> SafeString:
    key = hashlib.sha1(f"{title}|{description}".encode(), usedforsecurity=False).hexdigest()[:10]
    title_id, desc_id = f"chart-t-{key}", f"chart-d-{key}"
    attrs = f' role="img" aria-labelledby="{title_id} {desc_id}"'
    head = (
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    svg = _SVG_OPEN.sub(lambda m: f"<svg{m.group(1)}{attrs}>{head}", svg, count=1)
    return mark_safe(svg)  # noqa: S308 - produced by vl-convert from our own spec; text escaped above


def line_chart(
    data: Sequence[dict[str, Any]],
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    color: str | None = None,
    color_title: str | None = None,
    width: int = 560,
    height: int = 220,
    x_type: str = "ordinal",
) -> dict[str, Any]:
    """A line chart spec (with points) for a series by year or month."""
    x_axis: dict[str, Any] = {"labelAngle": 0}
    if x_type == "quantitative":  # years: whole numbers without thousands separators
        x_axis.update({"format": "d", "tickMinStep": 1})
    encoding: dict[str, Any] = {
        "x": {
            "field": x,
            "type": x_type,
            "title": x_title,
            "axis": x_axis,
            "scale": {"zero": False} if x_type == "quantitative" else {},
        },
        "y": {"field": y, "type": "quantitative", "title": y_title, "axis": {"format": ",d"}},
        "tooltip": [{"field": x}, {"field": y, "format": ","}],
    }
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": color_title or color}
    return {
        "width": width,
        "height": height,
        "data": {"values": list(data)},
        "mark": {"type": "line", "point": True},
        "encoding": encoding,
    }
