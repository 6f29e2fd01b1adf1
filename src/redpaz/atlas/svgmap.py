"""A static map as SVG, for the PDF report (WeasyPrint runs no JavaScript, so no Leaflet).

Polygons are projected equirectangularly with the longitude scaled by the cosine of the mean
latitude, which is accurate enough at the scale of a city or a department.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def svg_map(
    shapes: list[tuple[dict[str, Any], str, str]],
    *,
    title: str,
    description: str,
    width: int = 520,
) -> SafeString:
    """``shapes``: (GeoJSON geometry, fill colour, label) per place."""
    points = [p for geometry, _f, _l in shapes for ring in _rings(geometry) for p in ring]
    if not points:
        return mark_safe("")
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = (max(lons) - min(lons)) * scale_x or 1e-9
    span_y = (max(lats) - min(lats)) or 1e-9
    height = max(120, round(width * span_y / span_x))
    k = min(width / span_x, height / span_y)

    def xy(p: list[float]) -> str:
        return f"{(p[0] - min(lons)) * scale_x * k:.1f},{(max(lats) - p[1]) * k:.1f}"

    paths = []
    for geometry, fill, label in shapes:
        d = " ".join("M" + " L".join(xy(p) for p in ring) + " Z" for ring in _rings(geometry))
        paths.append(
            f'<path d="{d}" fill="{escape(fill)}" stroke="#334155" stroke-width="0.6">'
            f"<title>{escape(label)}</title></path>"
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{''.join(paths)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - numbers and escaped text only
