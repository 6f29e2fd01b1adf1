"""The mapping file of a table import: which column holds what, how to read and what it covers.

A mapping is TOML; see ``redpaz.ingest.tabular`` for the reader that applies it and the user guide
for every key. Every mistake is reported with the key it concerns (``columns.date``).
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from redpaz.ingest.errors import IngestError, Problem
from redpaz.ingest.text import normalize_code, normalize_name

ROLES = {
    "date": "date of the event (or date and time)",
    "time": "clock time, when separate from the date",
    "municipality_code": "DIVIPOLA code of the municipality (5 digits) or populated place (8)",
    "department": "department name (with municipality, when there is no code)",
    "municipality": "municipality name",
    "zone_code": "code of the zone (comuna, barrio...)",
    "zone_name": "name of the zone, matched to the zones of the municipality",
    "crime": "crime type",
    "count": "number of victims the row stands for (default 1)",
    "sex": "sex of the victim",
    "age": "age of the victim in years",
    "age_group": "age group (ADULTOS, ADOLESCENTES, MENORES)",
    "weapon": "weapon or means",
    "place_type": "type of place (street, home...)",
    "latitude": "latitude (decimal degrees)",
    "longitude": "longitude (decimal degrees)",
}
VALUE_ROLES = {"crime", "sex", "age_group"}


@dataclass(frozen=True)
class TableMapping:
    """A parsed, checked mapping file."""

    path: Path
    sha256: str
    source_slug: str
    source_name: str
    publisher: str
    crime: str | None  # constant crime slug, when there is no crime column
    columns: dict[str, str]  # role -> header as in the file
    extra: tuple[str, ...]  # other headers kept as attributes
    values: dict[str, dict[str, str]]  # role -> normalised raw value -> value
    sheet: str | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str = "auto"
    date_format: str | None = None
    header_row: int = 1
    zone_level: str | None = None
    coverage_territory: str = "CO"
    coverage_start: date | None = None
    coverage_end: date | None = None
    extraction_date: date | None = None
    municipalities: tuple[str, ...] = ()  # only rows of these municipalities are imported

    @property
    def label(self) -> str:
        return self.path.name


def read_mapping(path: str | Path) -> TableMapping:
    """Parse and check a mapping file; raise ``IngestError`` naming the key of every problem."""
    path = Path(path)
    label = path.name
    if not path.exists():
        raise IngestError("mapping file not found", file=str(path))
    raw = path.read_bytes()
    try:
        spec = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"the mapping is not valid TOML: {exc}", file=label) from None
    problems: list[Problem] = []

    def problem(message: str, key: str) -> None:
        problems.append(Problem(message, file=label, field=key))

    known_tables = {"source", "columns", "read", "values", "zones", "coverage", "filter"}
    for key in spec:
        if key not in known_tables:
            problem(f"unknown section [{key}]; use {', '.join(sorted(known_tables))}", key)
    source = _table(spec, "source", problem)
    columns_spec = _table(spec, "columns", problem)
    read = _table(spec, "read", problem)
    zones = _table(spec, "zones", problem)
    coverage = _table(spec, "coverage", problem)
    values_spec = _table(spec, "values", problem)
    filters = _table(spec, "filter", problem)

    slug = str(source.get("slug", "")).strip()
    if not slug:
        problem('the source needs a slug (e.g. slug = "policia-siedco")', "source.slug")
    columns: dict[str, str] = {}
    extra: tuple[str, ...] = ()
    for role, header in columns_spec.items():
        if role == "extra":
            if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
                problem("extra must be a list of column names", "columns.extra")
            else:
                extra = tuple(header)
        elif role not in ROLES:
            problem(f"unknown role {role!r}; roles are: {', '.join(ROLES)}", f"columns.{role}")
        elif not isinstance(header, str) or not header.strip():
            problem("must be the name of a column", f"columns.{role}")
        else:
            columns[role] = header
    if "date" not in columns:
        problem('the date column is required (date = "...")', "columns.date")
    if not (
        "municipality_code" in columns
        or {"department", "municipality"} <= columns.keys()
        or filters.get("municipality")
    ):
        problem(
            "the place is required: municipality_code, or department and municipality",
            "columns.municipality_code",
        )
    crime = source.get("crime")
    if crime is not None and not isinstance(crime, str):
        problem('must be a crime type identifier such as "homicidio"', "source.crime")
    if "crime" not in columns and not crime:
        problem("give the crime type: source.crime, or a crime column", "source.crime")
    values: dict[str, dict[str, str]] = {}
    for role, table in values_spec.items():
        if role not in VALUE_ROLES or not isinstance(table, dict):
            problem(f"value maps are for {', '.join(sorted(VALUE_ROLES))}", f"values.{role}")
            continue
        values[role] = {normalize_name(k): str(v) for k, v in table.items()}
    level = zones.get("level")
    if ("zone_name" in columns or "zone_code" in columns) and not level:
        problem('zone columns need the zone level (e.g. level = "barrio")', "zones.level")
    decimal = str(read.get("decimal", "auto"))
    if decimal not in {".", ",", "auto"}:
        problem('decimal must be ".", "," or "auto"', "read.decimal")
    header_row = read.get("header_row", 1)
    if not isinstance(header_row, int) or header_row < 1:
        problem("header_row must be a row number (1 = first row)", "read.header_row")
        header_row = 1
    municipalities = filters.get("municipality", [])
    if isinstance(municipalities, str):
        municipalities = [municipalities]
    mpio_codes = tuple(normalize_code(c, 5) for c in municipalities)
    for code in mpio_codes:
        if not (code.isdigit() and len(code) == 5):
            problem(f"{code!r} is not a 5-digit DIVIPOLA code", "filter.municipality")
    if problems:
        raise IngestError(problems)
    return TableMapping(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        source_slug=slug,
        source_name=str(source.get("name", "") or slug),
        publisher=str(source.get("publisher", "")),
        crime=crime or None,
        columns=columns,
        extra=extra,
        values=values,
        sheet=read.get("sheet"),
        delimiter=read.get("delimiter"),
        encoding=read.get("encoding"),
        decimal=decimal,
        date_format=read.get("date_format"),
        header_row=header_row,
        zone_level=str(level) if level else None,
        coverage_territory=normalize_code(coverage.get("territory", "CO")) or "CO",
        coverage_start=_date(coverage.get("start"), "coverage.start", label),
        coverage_end=_date(coverage.get("end"), "coverage.end", label),
        extraction_date=_date(source.get("extraction_date"), "source.extraction_date", label),
        municipalities=mpio_codes,
    )


def _table(spec: dict[str, Any], key: str, problem: Any) -> dict[str, Any]:
    value = spec.get(key, {})
    if not isinstance(value, dict):
        problem(f"[{key}] must be a table", key)
        return {}
    return value


def _date(value: object, key: str, label: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise IngestError(
            [Problem(f"{value!r} is not a date (YYYY-MM-DD)", file=label, field=key)]
        ) from None
