"""Read point records: one row per victim or event, with a time and coordinates.

The model is Medellín's SISC/MEData homicide file (FECHA_HECHO with its -05:00 offset, LONGITUD,
LATITUD, SEXO, EDAD, MODALIDAD, LUGAR, NOMBRE_BARRIO, COMUNA), but any CSV (any delimiter and
encoding, gzip or not) or workbook with a time and two coordinate columns works; other column
names can be given. Files reach a million rows, so every check is vectorised and reports the
first rows of each problem rather than building a message per row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from redpaz.ingest.encoding import file_suffix, repair_mojibake, sniff
from redpaz.ingest.errors import IngestError, Problem, ProblemCollector
from redpaz.ingest.placement import coordinate_checks
from redpaz.ingest.tables import (
    EXCEL_SUFFIXES,
    column_lookup,
    find_header,
    header_key,
    read_grids,
)
from redpaz.ingest.text import normalize_name
from redpaz.ingest.values import (
    clean_text,
    flag_rows,
    is_blank,
    map_unique,
    parse_ages,
    parse_counts,
    parse_numbers,
    parse_sex,
    parse_times,
    parse_timestamps,
)

POINT_COLUMNS: dict[str, tuple[str, ...]] = {
    "datetime": (
        "FECHA_HECHO",
        "FECHA HECHO",
        "FECHA HORA",
        "FECHA_HORA",
        "FECHA",
        "DATETIME",
        "TIMESTAMP",
        "DATE",
    ),
    "time": ("HORA", "HORA HECHO", "HORA_HECHO", "TIME"),
    "longitude": ("LONGITUD", "LONGITUDE", "LON", "LNG", "LONG", "X"),
    "latitude": ("LATITUD", "LATITUDE", "LAT", "Y"),
    "sex": ("SEXO", "GENERO"),
    "age": ("EDAD", "AGE"),
    "weapon": ("MODALIDAD", "ARMA", "ARMAS MEDIOS", "ARMA EMPLEADA", "ARMA MEDIO"),
    "place_type": ("LUGAR", "CLASE DE SITIO", "CLASE SITIO", "SITIO"),
    "place_name": ("NOMBRE_BARRIO", "NOMBRE BARRIO", "BARRIO"),
    "zone_name": ("COMUNA", "NOMBRE COMUNA", "COMUNA CORREGIMIENTO"),
    "count": ("CANTIDAD", "VICTIMAS", "COUNT"),
}
REQUIRED = ("datetime", "longitude", "latitude")
TEXT_ROLES = {"sex", "weapon", "place_type", "place_name", "zone_name"}
LABELS = {"datetime": "date and time", "longitude": "longitude", "latitude": "latitude"}


@dataclass
class PointTable:
    """Validated point records, in file order, with the spreadsheet row of each."""

    path: Path
    headers: dict[str, str]  # canonical column -> header as printed
    # row, occurred_at (UTC, NaT when only the day is known), date (local day), longitude,
    # latitude (NaN when missing), sex, age (Int64), weapon, place_type, place_name, zone_name,
    # count
    records: pd.DataFrame
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str = ""

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def victims(self) -> int:
        return int(self.records["count"].sum())


def read_points(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    timezone: str = "America/Bogota",
) -> PointTable:
    """Read and check a point file; raise ``IngestError`` naming file, row and column of problems.

    ``columns`` maps canonical names (datetime, longitude, latitude, sex, age, weapon,
    place_type, place_name, zone_name, count, time) to the file's headers when they differ.
    """
    path = Path(path)
    label = path.name
    frame, first_row, encoding = _read_frame(path)
    if frame.empty:
        raise IngestError("the file has a header but no data rows", file=label)
    frame.columns = [repair_mojibake(str(c)).strip() for c in frame.columns]
    positions = _columns(frame, columns, label)
    headers = {key: frame.columns[pos] for key, pos in positions.items()}
    ignored = [c for i, c in enumerate(frame.columns) if i not in positions.values()]
    rows = pd.Series(np.arange(len(frame), dtype=np.int64) + first_row, index=frame.index)

    def column(key: str) -> pd.Series:
        if key not in positions:
            return pd.Series(None, index=frame.index, dtype=object)
        values = frame.iloc[:, positions[key]]
        # Names can carry mojibake; times and coordinates (a million distinct values) cannot.
        if key in TEXT_ROLES and (values.dtype == object or pd.api.types.is_string_dtype(values)):
            return map_unique(values, _repair)
        return values

    problems = ProblemCollector(path)
    warnings: list[str] = []

    instants, dates, bad_dates = parse_timestamps(column("datetime"), timezone=timezone)
    flag_rows(
        problems,
        bad_dates,
        rows,
        lambda v: f"unreadable date and time {v!r}",
        field=headers["datetime"],
        values=column("datetime"),
    )
    flag_rows(
        problems, dates.isna() & ~bad_dates, rows, "the date is empty", field=headers["datetime"]
    )
    if "time" in positions:
        instants = _with_clock_time(instants, dates, column("time"), timezone, warnings)

    lon, bad_lon = parse_numbers(column("longitude"), decimal="auto")
    lat, bad_lat = parse_numbers(column("latitude"), decimal="auto")
    for key, bad, values in (
        ("longitude", bad_lon, column("longitude")),
        ("latitude", bad_lat, column("latitude")),
    ):
        flag_rows(
            problems,
            bad,
            rows,
            lambda v: f"{v!r} is not a number",
            field=headers[key],
            values=values,
        )
    lon_values = lon.to_numpy(dtype=float, copy=True)
    lat_values = lat.to_numpy(dtype=float, copy=True)
    # 0,0 is how some exports write "not geocoded": a missing point, not one off Africa.
    zeros = (lon_values == 0) & (lat_values == 0)
    lon_values[zeros] = np.nan
    lat_values[zeros] = np.nan
    swapped, outside = coordinate_checks(lon_values, lat_values)
    flag_rows(
        problems,
        swapped,
        rows,
        "latitude and longitude seem swapped (the latitude is a Colombian longitude and the "
        "longitude a Colombian latitude)",
        field=headers["latitude"],
    )
    flag_rows(
        problems,
        outside,
        rows,
        "the coordinates are outside Colombia (check the columns and the coordinate system: "
        "decimal degrees, WGS 84)",
        field=headers["longitude"],
    )
    missing = np.isnan(lon_values) | np.isnan(lat_values)
    missing_count = int((missing & ~bad_lon.to_numpy() & ~bad_lat.to_numpy()).sum())
    if missing_count:
        warnings.append(f"{missing_count:,} rows have no coordinates: kept, in no zone")

    if "count" in positions:
        counts, bad_counts = parse_counts(column("count"))
        flag_rows(
            problems,
            bad_counts,
            rows,
            lambda v: f"{v!r} is not a non-negative whole number",
            field=headers["count"],
            values=column("count"),
        )
    else:
        counts = pd.Series(1, index=frame.index, dtype="int64")

    sexes, bad_sex = parse_sex(column("sex"))
    if bad_sex.any():
        _warn_values(warnings, column("sex")[bad_sex], headers.get("sex", "sex"))
    ages, bad_ages = parse_ages(column("age"))
    if bad_ages.any():
        _warn_values(
            warnings, column("age")[bad_ages], headers.get("age", "age"), what="implausible ages"
        )
    problems.raise_if_any()

    records = pd.DataFrame(
        {
            "row": rows,
            "occurred_at": instants,
            "date": dates,
            "longitude": lon_values,
            "latitude": lat_values,
            "sex": sexes,
            "age": ages,
            "weapon": clean_text(column("weapon"), max_length=120),
            "place_type": clean_text(column("place_type"), max_length=120),
            "place_name": clean_text(column("place_name")),
            "zone_name": clean_text(column("zone_name")),
            "count": counts,
        }
    ).reset_index(drop=True)
    return PointTable(path, headers, records, ignored, warnings, encoding)


def _repair(value: object) -> object:
    return repair_mojibake(value) if isinstance(value, str) else value


def _read_frame(path: Path) -> tuple[pd.DataFrame, int, str]:
    """The table with its header, the spreadsheet row of its first data row, and the encoding."""
    label = path.name
    if not path.exists():
        raise IngestError("file not found", file=str(path))
    if path.stat().st_size == 0:
        raise IngestError("the file is empty", file=label)
    suffix = file_suffix(path)
    if suffix in EXCEL_SUFFIXES:
        for grid in read_grids(path).values():
            header = find_header(grid, _looks_like_header)
            if header is None:
                continue
            body = grid.iloc[header + 1 :]
            body = body[~body.map(is_blank).all(axis=1)]
            body.columns = [str(v) for v in grid.iloc[header].tolist()]
            return body.reset_index(drop=True), int(body.index.min() or 0) + header + 2, ""
        raise IngestError(
            "unknown layout: no header row with date, longitude and latitude columns",
            file=label,
        )
    try:
        encoding, delimiter = sniff(path)
    except (OSError, EOFError) as exc:
        raise IngestError(f"cannot read the file: {exc}", file=label) from None
    try:
        frame = _read_csv(path, delimiter, encoding)
    except pd.errors.EmptyDataError:
        raise IngestError("the file is empty", file=label) from None
    except pd.errors.ParserError as exc:
        raise IngestError(
            f"the file is not well-formed delimited text: {exc}", file=label
        ) from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise IngestError(f"cannot read the file: {exc}", file=label) from None
    return frame, 2, encoding


def _read_csv(path: Path, delimiter: str, encoding: str) -> pd.DataFrame:
    """All cells as text; Arrow's multi-threaded parser first, pandas' own for a precise error.

    Arrow reads a million rows three times faster but reports a malformed line vaguely; the C
    parser then names it.
    """
    options: dict[str, Any] = {
        "sep": delimiter,
        "encoding": encoding,
        "dtype": str,
        "keep_default_na": False,
        "na_values": [""],
        "compression": "infer",
    }
    if len(delimiter) == 1:
        try:
            return pd.read_csv(path, engine="pyarrow", **options)
        except (ValueError, pd.errors.ParserError, pa.ArrowException):
            pass
    return pd.read_csv(path, engine="c", on_bad_lines="error", **options)


def _looks_like_header(cells: list[str]) -> bool:
    found = column_lookup(cells, POINT_COLUMNS)
    return {"longitude", "latitude"} <= found.keys()


def _columns(frame: pd.DataFrame, given: Mapping[str, str] | None, label: str) -> dict[str, int]:
    keys = [header_key(c) for c in frame.columns]
    positions = column_lookup(keys, POINT_COLUMNS)
    problems = []
    for canonical, header in (given or {}).items():
        if canonical not in POINT_COLUMNS:
            raise IngestError(
                f"unknown column role {canonical!r}; use one of {', '.join(POINT_COLUMNS)}",
                file=label,
            )
        wanted = normalize_name(header)
        if wanted in keys:
            positions[canonical] = keys.index(wanted)
        else:
            problems.append(
                Problem(f"no column named {header!r} (given for {canonical})", file=label, row=1)
            )
    for key in REQUIRED:
        if key not in positions:
            problems.append(
                Problem(
                    f"missing required column: {LABELS[key]} (expected one of "
                    f"{', '.join(POINT_COLUMNS[key][:3])})",
                    file=label,
                    row=1,
                    field=LABELS[key],
                )
            )
    if problems:
        raise IngestError(problems)
    return positions


def _with_clock_time(
    instants: pd.Series, dates: pd.Series, times: pd.Series, timezone: str, warnings: list[str]
) -> pd.Series:
    """Instants from a date column and a separate HORA column (local time)."""
    seconds, bad = parse_times(times)
    if bad.any():
        warnings.append(f"{int(bad.sum()):,} rows have an unreadable time: kept with the day only")
    known = seconds.notna() & instants.isna() & dates.notna()
    if known.any():
        local = dates[known] + pd.to_timedelta(seconds[known], unit="s")
        instants = instants.copy()
        instants[known] = local.dt.tz_localize(
            timezone, ambiguous="NaT", nonexistent="NaT"
        ).dt.tz_convert("UTC")
    return instants


def _warn_values(
    warnings: list[str], values: pd.Series, field: str, *, what: str = "unrecognised values"
) -> None:
    counts = values.astype(str).value_counts()
    shown = ", ".join(f"{name!r} ({n:,})" for name, n in counts.head(5).items())
    warnings.append(f"{what} in {field}, stored as not reported: {shown}")


def extra_json(values: pd.Series, key: str) -> pd.Series:
    """A JSON object per row holding one attribute ({"comuna": "BELEN"}), or "{}" when blank."""
    return map_unique(
        values, lambda v: "{}" if is_blank(v) else json.dumps({key: v}, ensure_ascii=False)
    )
