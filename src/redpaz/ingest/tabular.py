"""Read any table of violence records through a small mapping file (TOML).

The mapping names the file's columns for each role (date, place by code or by name, crime type,
count, victim attributes), how to read the file when it cannot be guessed, how to translate
values, and what the import covers. Example for the Policía's "hurto a personas" files::

    [source]
    slug = "policia-siedco"
    crime = "hurto-personas"

    [columns]
    date = "Fecha"
    time = "Hora"
    municipality_code = "Código DANE"
    zone_name = "Barrio"
    count = "Cantidad"
    sex = "Sexo"
    age = "Edad"
    weapon = "Arma empleada"
    place_type = "Clase de sitio"
    extra = ["Zona", "Móvil Agresor", "Móvil Victima"]

    [zones]
    level = "barrio"

    [coverage]
    territory = "CO"

Files of more than a million rows are read in chunks: each chunk is checked and handed to the
importer, which stores it inside the import's single transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from redpaz.ingest.encoding import file_suffix, repair_mojibake, sniff
from redpaz.ingest.errors import IngestError, Problem, ProblemCollector
from redpaz.ingest.mapping import ROLES, TableMapping, read_mapping
from redpaz.ingest.placement import coordinate_checks
from redpaz.ingest.policia import crime_from_title
from redpaz.ingest.tables import EXCEL_SUFFIXES, read_grids
from redpaz.ingest.text import normalize_code, normalize_name
from redpaz.ingest.values import (
    clean_text,
    flag_rows,
    is_blank,
    map_unique,
    parse_age_group,
    parse_ages,
    parse_counts,
    parse_dates,
    parse_numbers,
    parse_sex,
    parse_times,
    parse_timestamps,
)

CHUNK_ROWS = 200_000

__all__ = ["ROLES", "TableChunk", "TableMapping", "TableReader", "read_mapping"]


@dataclass
class TableChunk:
    """Checked rows of one chunk of the file (spreadsheet row numbers in ``row``)."""

    records: pd.DataFrame
    rows_read: int


@dataclass
class TableReader:
    """Reads a table in chunks with a mapping; collects problems and warnings across chunks."""

    path: Path
    mapping: TableMapping
    chunk_rows: int = CHUNK_ROWS
    problems: ProblemCollector = field(init=False)
    warnings: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    unknown_values: dict[str, dict[str, int]] = field(default_factory=dict)
    # role -> header as it appears in the file (known once the header row is read)
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.problems = ProblemCollector(self.path)
        self._extra_headers: list[str] = []

    def chunks(self) -> Iterator[TableChunk]:
        path = self.path
        label = path.name
        if not path.exists():
            raise IngestError("file not found", file=str(path))
        if path.stat().st_size == 0:
            raise IngestError("the file is empty", file=label)
        excel = file_suffix(path) in EXCEL_SUFFIXES
        frames: Iterator[tuple[pd.DataFrame, int]] = self._workbook() if excel else self._text()
        seen_any = False
        for frame, first_row in frames:
            if frame.empty:
                continue
            seen_any = True
            yield TableChunk(self._check(frame, first_row), len(frame))
        if not seen_any:
            raise IngestError("the file has a header but no data rows", file=label)

    # --- reading ------------------------------------------------------------------------------

    def _workbook(self) -> Iterator[tuple[pd.DataFrame, int]]:
        grids = read_grids(self.path)
        sheet = self.mapping.sheet
        if sheet is not None and sheet not in grids:
            raise IngestError(
                [
                    Problem(
                        f"no sheet named {sheet!r}; the sheets are: {', '.join(grids)}",
                        file=self.path.name,
                        field="read.sheet",
                    )
                ]
            )
        grid = grids[sheet] if sheet is not None else next(iter(grids.values()))
        header = self.mapping.header_row - 1
        body = grid.iloc[header + 1 :]
        body = body[~body.map(is_blank).all(axis=1)]
        body.columns = [str(v).strip() if not is_blank(v) else "" for v in grid.iloc[header]]
        self._check_headers(list(body.columns))
        first = header + 2
        rows = body.index.to_numpy() + 1
        yield body.reset_index(drop=True).assign(__row__=rows), first

    def _text(self) -> Iterator[tuple[pd.DataFrame, int]]:
        label = self.path.name
        try:
            encoding, delimiter = sniff(self.path)
        except (OSError, EOFError) as exc:
            raise IngestError(f"cannot read the file: {exc}", file=label) from None
        self.encoding = self.mapping.encoding or encoding
        self.delimiter = self.mapping.delimiter or delimiter
        skip = self.mapping.header_row - 1
        try:
            reader = pd.read_csv(
                self.path,
                sep=self.delimiter,
                encoding=self.encoding,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                compression="infer",
                skiprows=skip,
                chunksize=self.chunk_rows,
                engine="c",
            )
            offset = skip + 2  # spreadsheet row of the first data row
            for number, frame in enumerate(reader):
                if number == 0:
                    frame.columns = [repair_mojibake(str(c)).strip() for c in frame.columns]
                    self._check_headers(list(frame.columns))
                    columns = list(frame.columns)
                else:
                    frame.columns = columns
                rows = np.arange(len(frame), dtype=np.int64) + offset
                offset += len(frame)
                yield frame.reset_index(drop=True).assign(__row__=rows), int(rows[0])
        except pd.errors.EmptyDataError:
            raise IngestError("the file is empty", file=label) from None
        except pd.errors.ParserError as exc:
            raise IngestError(
                f"the file is not well-formed delimited text: {exc}", file=label
            ) from None
        except (UnicodeDecodeError, EOFError, OSError) as exc:
            raise IngestError(
                f"cannot read the file as {self.encoding} text: {exc}", file=label
            ) from None

    def _check_headers(self, headers: list[str]) -> None:
        present = {normalize_name(h) for h in headers}
        wanted = [*self.mapping.columns.items(), *(("extra", h) for h in self.mapping.extra)]
        missing = [
            Problem(
                f"missing required column {header!r} (named for {role} in the mapping); the "
                f"file's columns are: {', '.join(headers)}",
                file=self.path.name,
                row=self.mapping.header_row,
                field=header,
            )
            for role, header in wanted
            if normalize_name(header) not in present
        ]
        if missing:
            raise IngestError(missing)
        self.headers = {
            role: next(h for h in headers if normalize_name(h) == normalize_name(name))
            for role, name in self.mapping.columns.items()
        }
        self._extra_headers = [
            next(h for h in headers if normalize_name(h) == normalize_name(name))
            for name in self.mapping.extra
        ]

    # --- checking -----------------------------------------------------------------------------

    def _column(self, frame: pd.DataFrame, role: str) -> pd.Series:
        header = self.headers.get(role)
        if header is None:
            return pd.Series(None, index=frame.index, dtype=object)
        return map_unique(frame[header], lambda v: repair_mojibake(v) if isinstance(v, str) else v)

    def _check(self, frame: pd.DataFrame, first_row: int) -> pd.DataFrame:
        mapping = self.mapping
        problems = self.problems
        rows = frame["__row__"]
        headers = self.headers
        out = pd.DataFrame({"row": rows.astype("int64")})

        raw_dates = self._column(frame, "date")
        if "time" in headers:
            days, bad = parse_dates(raw_dates, date_format=mapping.date_format)
            dates = pd.to_datetime(days, errors="coerce")
            seconds, bad_time = parse_times(self._column(frame, "time"))
            if bad_time.any():
                self._count_unknown("time", self._column(frame, "time")[bad_time])
            local = dates + pd.to_timedelta(seconds.fillna(0), unit="s")
            instants = local.dt.tz_localize(
                "America/Bogota", ambiguous="NaT", nonexistent="NaT"
            ).dt.tz_convert("UTC")
            instants = instants.where(seconds.notna())
        else:
            instants, dates, bad = parse_timestamps(raw_dates)
            if mapping.date_format:
                days, bad = parse_dates(raw_dates, date_format=mapping.date_format)
                dates = pd.to_datetime(days, errors="coerce")
        flag_rows(
            problems,
            bad,
            rows,
            lambda v: f"unreadable date {v!r}",
            field=headers["date"],
            values=raw_dates,
        )
        flag_rows(problems, dates.isna() & ~bad, rows, "the date is empty", field=headers["date"])
        out["date"] = dates
        out["occurred_at"] = instants

        out["municipality_code"] = self._municipality_codes(frame, rows)
        out["department"] = clean_text(self._column(frame, "department"))
        out["municipality"] = clean_text(self._column(frame, "municipality"))
        out["zone_code"] = map_unique(self._column(frame, "zone_code"), normalize_code)
        out["zone_name"] = clean_text(self._column(frame, "zone_name"))
        out["crime"] = self._crimes(frame, rows)

        if "count" in headers:
            counts, bad_counts = parse_counts(self._column(frame, "count"))
            flag_rows(
                problems,
                bad_counts,
                rows,
                lambda v: (
                    f"{'an empty cell' if is_blank(v) else repr(v)} is not a non-negative "
                    "whole number"
                ),
                field=headers["count"],
                values=self._column(frame, "count"),
            )
            out["count"] = counts
        else:
            out["count"] = 1

        out["sex"] = self._mapped(frame, "sex", parse_sex)
        out["age_group"] = self._mapped(frame, "age_group", parse_age_group)
        ages, bad_ages = parse_ages(self._column(frame, "age"))
        if bad_ages.any():
            self._count_unknown("age", self._column(frame, "age")[bad_ages])
        out["age"] = ages
        out["weapon"] = clean_text(self._column(frame, "weapon"), max_length=120)
        out["place_type"] = clean_text(self._column(frame, "place_type"), max_length=120)

        lon, bad_lon = parse_numbers(self._column(frame, "longitude"), decimal=mapping.decimal)
        lat, bad_lat = parse_numbers(self._column(frame, "latitude"), decimal=mapping.decimal)
        for role, bad_values in (("longitude", bad_lon), ("latitude", bad_lat)):
            if role in headers:
                flag_rows(
                    problems,
                    bad_values,
                    rows,
                    lambda v: f"{v!r} is not a number",
                    field=headers[role],
                    values=self._column(frame, role),
                )
        lon_values = lon.to_numpy(dtype=float, copy=True)
        lat_values = lat.to_numpy(dtype=float, copy=True)
        swapped, outside = coordinate_checks(lon_values, lat_values)
        if "latitude" in headers:
            flag_rows(
                problems,
                swapped,
                rows,
                "latitude and longitude seem swapped",
                field=headers["latitude"],
            )
            flag_rows(
                problems,
                outside,
                rows,
                "the coordinates are outside Colombia",
                field=headers["longitude"],
            )
        out["longitude"] = lon_values
        out["latitude"] = lat_values
        out["extra"] = self._extra(frame)
        return out

    def _municipality_codes(self, frame: pd.DataFrame, rows: pd.Series) -> pd.Series:
        if "municipality_code" not in self.headers:
            if len(self.mapping.municipalities) == 1:
                return pd.Series(self.mapping.municipalities[0], index=frame.index, dtype=object)
            return pd.Series("", index=frame.index, dtype=object)

        def one(value: object) -> str | None:
            if is_blank(value):
                return ""
            text = normalize_code(value)
            if not text.isdigit():
                return None
            if len(text) in (7, 8):
                return text.zfill(8)[:5]
            if len(text) in (4, 5):
                return text.zfill(5)
            return None

        raw = self._column(frame, "municipality_code")
        codes = map_unique(raw, one)
        flag_rows(
            self.problems,
            codes.isna(),
            rows,
            lambda v: f"{v!r} is not a DIVIPOLA code",
            field=self.headers["municipality_code"],
            values=raw,
        )
        return codes.fillna("").astype(object)

    def _crimes(self, frame: pd.DataFrame, rows: pd.Series) -> pd.Series:
        if "crime" not in self.headers:
            return pd.Series(self.mapping.crime, index=frame.index, dtype=object)
        table = self.mapping.values.get("crime", {})

        def one(value: object) -> str | None:
            key = normalize_name(value)
            if key in table:
                return table[key]
            return crime_from_title(key)

        raw = self._column(frame, "crime")
        crimes = map_unique(raw, one)
        flag_rows(
            self.problems,
            crimes.isna(),
            rows,
            lambda v: f"unknown crime type {v!r}: map it in [values.crime]",
            field=self.headers["crime"],
            values=raw,
        )
        return crimes.astype(object)

    def _mapped(self, frame: pd.DataFrame, role: str, parse: Any) -> pd.Series:
        raw = self._column(frame, role)
        table = self.mapping.values.get(role)
        if table:
            raw = map_unique(raw, lambda v: table.get(normalize_name(v), v))
        parsed, bad = parse(raw)
        if bad.any():
            self._count_unknown(role, raw[bad])
        return parsed

    def _count_unknown(self, role: str, values: pd.Series) -> None:
        seen = self.unknown_values.setdefault(role, {})
        for value, count in values.astype(str).value_counts().items():
            seen[str(value)] = seen.get(str(value), 0) + int(count)

    def _extra(self, frame: pd.DataFrame) -> pd.Series:
        if not self._extra_headers:
            return pd.Series("{}", index=frame.index, dtype=object)
        cleaned = {h: clean_text(self._column_by_header(frame, h)) for h in self._extra_headers}
        keys = list(cleaned)
        stacked = zip(*(cleaned[k].tolist() for k in keys), strict=True)
        return pd.Series(
            [
                json.dumps(
                    {k: v for k, v in zip(keys, values, strict=True) if v}, ensure_ascii=False
                )
                for values in stacked
            ],
            index=frame.index,
            dtype=object,
        )

    def _column_by_header(self, frame: pd.DataFrame, header: str) -> pd.Series:
        return map_unique(frame[header], lambda v: repair_mojibake(v) if isinstance(v, str) else v)

    def describe_unknown(self) -> list[str]:
        """Warnings for values that were stored as not reported."""
        lines = []
        for role, seen in self.unknown_values.items():
            shown = ", ".join(
                f"{value!r} ({count:,})"
                for value, count in sorted(seen.items(), key=lambda item: -item[1])[:5]
            )
            header = self.headers.get(role, role)
            lines.append(f"unrecognised values in {header}, stored as not reported: {shown}")
        return lines
