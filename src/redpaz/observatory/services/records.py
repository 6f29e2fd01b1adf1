"""Store event records in bulk: PostgreSQL COPY of Arrow-written CSV, or batched INSERTs on SQLite.

A million records through the ORM would build a million model instances; here a DataFrame of
checked records goes to the database column by column. Values are converted the way Django
stores them (dates as ISO text and times in UTC on SQLite, JSON as text), so the ORM reads the
rows back exactly as if it had written them. Always called inside the import's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection, transaction

from redpaz.observatory.models import EventRecord

COLUMNS = [
    "source_id",
    "crime_id",
    "batch_id",
    "source_row",
    "date",
    "occurred_at",
    "municipality_id",
    "zone_id",
    "count",
    "sex",
    "age",
    "age_group",
    "weapon",
    "place_type",
    "place_name",
    "place_key",
    "latitude",
    "longitude",
    "extra",
]
TEXT_COLUMNS = ("sex", "age_group", "weapon", "place_type", "place_name", "place_key")
# Rows per INSERT batch on SQLite (its statement cache makes executemany fast).
SQLITE_BATCH = 50_000
# Bytes per write to PostgreSQL's COPY.
COPY_BLOCK = 1 << 20


class RecordWriter:
    """Write checked records of one batch, source and (default) crime."""

    def __init__(self, *, source_id: int, crime_id: int, batch_id: int):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("records must be written inside the import's transaction")
        self.source_id = source_id
        self.crime_id = crime_id
        self.batch_id = batch_id
        self.written = 0
        self.table = EventRecord._meta.db_table

    def write(self, frame: pd.DataFrame) -> int:
        """Store the rows of ``frame`` (see ``to_columns`` for its columns); return how many."""
        if frame.empty:
            return 0
        if connection.vendor == "postgresql":
            self._copy(self.to_arrow(frame))
        else:
            self._insert(self.to_columns(frame), len(frame))
        self.written += len(frame)
        return len(frame)

    def to_columns(self, frame: pd.DataFrame) -> dict[str, list[Any]]:
        """Database values per column, for SQLite.

        ``frame`` has row, date, municipality_id and optionally crime_id, occurred_at, zone_id,
        count, sex, age, age_group, weapon, place_type, place_name, place_key, latitude,
        longitude, extra (dict or JSON text).
        """
        size = len(frame)

        def given(name: str, default: Any) -> pd.Series:
            if name in frame:
                return frame[name]
            return pd.Series([default] * size, index=frame.index, dtype=object)

        columns: dict[str, list[Any]] = {
            "source_id": [self.source_id] * size,
            "crime_id": _ints(given("crime_id", self.crime_id)),
            "batch_id": [self.batch_id] * size,
            "source_row": _ints(frame["row"]),
            "date": _days(frame["date"]),
            "occurred_at": _instants(given("occurred_at", None)),
            "municipality_id": _ints(frame["municipality_id"]),
            "zone_id": _ints(given("zone_id", None)),
            "count": _ints(given("count", 1)),
            "age": _ints(given("age", None)),
            "latitude": _floats(given("latitude", None)),
            "longitude": _floats(given("longitude", None)),
            "extra": _json(given("extra", None)),
        }
        for name in TEXT_COLUMNS:
            columns[name] = given(name, "").fillna("").astype(str).tolist()
        return columns

    def _rows(self, columns: dict[str, list[Any]]) -> Iterator[tuple[Any, ...]]:
        return zip(*(columns[name] for name in COLUMNS), strict=True)

    def to_arrow(self, frame: pd.DataFrame) -> pa.Table:
        """The rows as an Arrow table with the database's types, for PostgreSQL's COPY."""
        size = len(frame)

        def given(name: str, default: Any) -> pd.Series:
            if name in frame:
                return frame[name]
            return pd.Series([default] * size, index=frame.index, dtype=object)

        def integers(values: pd.Series) -> pa.Array:
            return pa.array(pd.array(values.tolist(), dtype="Int64"), type=pa.int64())

        def texts(values: pd.Series) -> pa.Array:
            return pa.array(values.fillna("").astype(object), type=pa.string(), from_pandas=True)

        days = pd.to_datetime(frame["date"], errors="coerce")
        if getattr(days.dt, "tz", None) is not None:
            days = days.dt.tz_localize(None)
        instants = pd.to_datetime(given("occurred_at", None), errors="coerce", utc=True)
        arrays = {
            "source_id": pa.array(np.full(size, self.source_id, dtype=np.int64)),
            "crime_id": integers(given("crime_id", self.crime_id)),
            "batch_id": pa.array(np.full(size, self.batch_id, dtype=np.int64)),
            "source_row": integers(frame["row"]),
            "date": pa.array(days.to_numpy(dtype="datetime64[D]"), type=pa.date32()),
            "occurred_at": pa.array(instants, type=pa.timestamp("us", tz="UTC")),
            "municipality_id": integers(frame["municipality_id"]),
            "zone_id": integers(given("zone_id", None)),
            "count": integers(given("count", 1)),
            "age": integers(given("age", None)),
            "latitude": pa.array(pd.to_numeric(given("latitude", None)), from_pandas=True),
            "longitude": pa.array(pd.to_numeric(given("longitude", None)), from_pandas=True),
            "extra": pa.array(_json(given("extra", None)), type=pa.string()),
        }
        for name in TEXT_COLUMNS:
            arrays[name] = texts(given(name, ""))
        return pa.table({name: arrays[name] for name in COLUMNS})

    def _copy(self, table: pa.Table) -> None:
        # CSV written by Arrow in C++: empty unquoted cells are NULL, "" is an empty string.
        sink = pa.BufferOutputStream()
        pacsv.write_csv(
            table, sink, pacsv.WriteOptions(include_header=False, quoting_style="needed")
        )
        data = memoryview(sink.getvalue())
        quoted = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
        sql = (
            f"COPY {connection.ops.quote_name(self.table)} ({quoted}) FROM STDIN WITH (FORMAT csv)"
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(sql) as copy:
                for start in range(0, len(data), COPY_BLOCK):
                    copy.write(data[start : start + COPY_BLOCK])

    def _insert(self, columns: dict[str, list[Any]], size: int) -> None:
        quoted = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
        marks = ", ".join(["%s"] * len(COLUMNS))
        table = connection.ops.quote_name(self.table)
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608 - names from the model
        rows = list(self._rows(columns))
        with connection.cursor() as cursor:
            for start in range(0, size, SQLITE_BATCH):
                cursor.executemany(sql, rows[start : start + SQLITE_BATCH])


def _ints(values: pd.Series) -> list[Any]:
    if pd.api.types.is_integer_dtype(values) and not values.isna().any():
        return values.astype("int64").tolist()
    return [None if pd.isna(v) else int(v) for v in values.tolist()]


def _floats(values: pd.Series) -> list[Any]:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    out: list[Any] = numbers.tolist()
    if np.isnan(numbers).any():
        out = [None if v != v else v for v in out]
    return out


def _days(values: pd.Series) -> list[Any]:
    stamps = pd.to_datetime(values, errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    text = np.datetime_as_string(stamps.to_numpy(dtype="datetime64[D]"), unit="D")
    return [None if t == "NaT" else t for t in text.tolist()]


def _instants(values: pd.Series) -> list[Any]:
    stamps = pd.to_datetime(values, errors="coerce", utc=True)
    if stamps.isna().all():
        return [None] * len(values)
    naive = stamps.dt.tz_localize(None).to_numpy(dtype="datetime64[s]")
    text = np.datetime_as_string(naive, unit="s")
    # Django keeps aware datetimes on SQLite as UTC "YYYY-MM-DD HH:MM:SS" text, so that string
    # comparisons in lookups hold.
    return [None if t == "NaT" else t.replace("T", " ") for t in text.tolist()]


def _json(values: pd.Series) -> list[Any]:
    if pd.api.types.is_string_dtype(values) and not values.isna().any():
        return values.replace("", "{}").tolist()

    def one(value: Any) -> str:
        if isinstance(value, str):
            return value or "{}"
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return "{}"

    return [one(v) for v in values.tolist()]
