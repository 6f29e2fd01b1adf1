"""Writing analysis tables as CSV, JSON, an aligned text table or GeoJSON, with stable columns.

A missing value is an empty CSV cell, ``null`` in JSON and GeoJSON, and blank in a table:
never NaN, never "inf", never 0.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import pandas as pd

FORMATS = ("csv", "json", "table", "geojson")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    fmt: str,
    stream: Writable,
    *,
    decimals: Mapping[str, int] | None = None,
    geometries: Mapping[str, Any] | None = None,
    properties: Mapping[str, Any] | None = None,
) -> None:
    """Write ``frame[columns]``; ``geometries`` (code -> GeoJSON geometry) for "geojson"."""
    rows = _records(frame, columns, decimals or {})
    if fmt == "csv":
        # object dtype keeps integers as integers next to empty (missing) cells
        table = pd.DataFrame(rows, columns=list(columns), dtype=object)
        stream.write(table.to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        stream.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "table":
        table = pd.DataFrame(rows, columns=list(columns), dtype=object)
        text = table.where(table.notna(), "").to_string(index=False)
        stream.write(text + "\n")
    elif fmt == "geojson":
        if geometries is None:
            raise ValueError("GeoJSON output needs geometries")
        features = [
            {"type": "Feature", "geometry": geometries.get(row["code"]), "properties": row}
            for row in rows
        ]
        collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
        if properties:
            collection["properties"] = dict(properties)
        stream.write(json.dumps(collection, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")


def _records(
    frame: pd.DataFrame, columns: Sequence[str], decimals: Mapping[str, int]
) -> list[dict[str, Any]]:
    out = []
    for values in frame[list(columns)].itertuples(index=False, name=None):
        row = {}
        for column, value in zip(columns, values, strict=True):
            row[column] = _clean(value, decimals.get(column))
        out.append(row)
    return out


def _clean(value: Any, places: int | None) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar -> Python
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if places is not None:
            value = round(value, places)
            if places == 0:
                return int(value)
        return value
    return value
