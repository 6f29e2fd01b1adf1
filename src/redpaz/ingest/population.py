"""Read population tables: DANE municipal projections (long or wide by year), DANE national
projections by sex and single year of age, and zone tables (comunas, barrios) by code or name.

The layout is recognised from the header wherever it sits in the sheet; an unrecognised file is
refused with the columns that were expected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.tables import (
    column_lookup,
    find_header,
    header_key,
    parse_count,
    read_grids,
)
from redpaz.ingest.text import normalize_code, normalize_name

AGE_MAX = 150  # same sentinel as territory.models.AGE_MAX ("and over")
SEXES = ("total", "male", "female")

MUNICIPAL_ALIASES: dict[str, tuple[str, ...]] = {
    "department_code": ("departamento_code", "dp", "cod_dpto", "codigo_departamento", "cod_depto"),
    "department_name": ("departamento", "dpnom", "nombre_departamento", "nom_dpto"),
    "code": (
        "municipio_code",
        "dpmp",
        "cod_mpio",
        "codigo_municipio",
        "codigo_dane",
        "cod_dane",
        "divipola",
        "mpio_ccnct",
    ),
    "name": ("municipio", "mpio", "nombre_municipio", "nom_mpio"),
}
ZONE_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("codigo", "code", "cod", "comuna", "id_barrio", "cod_barrio", "codigo_zona"),
    "name": ("nombre", "name", "barrio", "nombre_barrio", "zona", "nombre_zona"),
}
VALUE_ALIASES: dict[str, tuple[str, ...]] = {
    "year": ("year", "ano", "anio", "vigencia", "periodo"),
    "value": ("poblacion", "population", "total", "valor", "pob_total", "habitantes"),
    "sex": ("sexo", "sex"),
    "age_from": ("edad_desde", "age_from", "edad_min"),
    "age_to": ("edad_hasta", "age_to", "edad_max"),
}
SEX_VALUES = {
    "TOTAL": "total",
    "AMBOS SEXOS": "total",
    "AMBOS": "total",
    "T": "total",
    "HOMBRES": "male",
    "HOMBRE": "male",
    "MASCULINO": "male",
    "MALE": "male",
    "M": "male",
    "H": "male",
    "MUJERES": "female",
    "MUJER": "female",
    "FEMENINO": "female",
    "FEMALE": "female",
    "F": "female",
}
_AGE_LABEL = re.compile(r"^(HOMBRES|MUJERES|TOTAL) (\d+) ANOS?( Y MAS)?$")
_WIDE_YEAR = re.compile(r"^(?:TOTAL |POBLACION |POB )?((?:19|20)\d\d)(?: 0)?$")


@dataclass(frozen=True)
class PopulationRecord:
    row: int
    code: str
    name: str
    year: int
    value: int
    sex: str = "total"
    age_from: int = 0
    age_to: int = AGE_MAX
    department_code: str = ""
    department_name: str = ""


@dataclass
class PopulationTable:
    """Validated population records and what kind of territory they describe."""

    layout: str  # municipal_long | municipal_wide | national_by_age | zone_long | zone_wide
    level: str  # municipality | country | zone
    records: list[PopulationRecord]
    series_slug: str
    series_name: str
    publisher: str
    base_year: int | None
    sheet: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.records})


def read_population(path: str | Path) -> PopulationTable:
    """Read a population file of any supported layout, or fail naming file, row and field."""
    path = Path(path)
    grids = read_grids(path)
    seen_headers: list[str] = []
    for sheet, grid in grids.items():
        if grid.empty:
            continue
        for reader in (_national_by_age, _municipal, _zone):
            table = reader(path, sheet, grid)
            if table is not None:
                return table
        first = grid.iloc[: min(len(grid), 15)].astype(str).agg(" ".join, axis=1).tolist()
        seen_headers.append(f"sheet {sheet or '1'}: " + " | ".join(first[:3])[:200])
    raise IngestError(
        "unknown population layout: expected DANE municipal projections (municipio_code, year, "
        "poblacion, or one column per year), DANE national projections by sex and age, or a zone "
        "table (codigo or nombre, año, poblacion, or total_<year> columns)",
        file=path.name,
    )


# --- layouts ----------------------------------------------------------------------------------


def _year_of(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        year = int(value)
    else:
        match = _WIDE_YEAR.match(header_key(value))
        if not match:
            return None
        year = int(match.group(1))
    return year if 1900 <= year <= 2100 else None


def _year_columns(header: Sequence[object]) -> dict[int, int]:
    """Positions of year columns in a wide header, the first occurrence of each year only."""
    columns: dict[int, int] = {}
    for position, cell in enumerate(header):
        year = _year_of(cell)
        if year is not None and year not in columns:
            columns[year] = position
    return columns


def _municipal(path: Path, sheet: str, grid: pd.DataFrame) -> PopulationTable | None:
    def accept(cells: list[str]) -> bool:
        found = column_lookup(cells, MUNICIPAL_ALIASES)
        return "code" in found

    header_row = find_header(grid, accept)
    if header_row is None:
        return None
    header = grid.iloc[header_row].tolist()
    cols = column_lookup([header_key(c) for c in header], {**MUNICIPAL_ALIASES, **VALUE_ALIASES})
    year_cols = _year_columns(header)
    if "year" in cols and "value" in cols:
        layout = "municipal_long"
    elif len(year_cols) >= 1:
        layout = "municipal_wide"
    else:
        return None

    problems = ProblemCollector(path)
    records: list[PopulationRecord] = []
    body = grid.iloc[header_row + 1 :]
    for index, row in zip(body.index, body.itertuples(index=False), strict=True):
        cells = list(row)
        number = int(index) + 1
        raw_code = cells[cols["code"]]
        code = normalize_code(raw_code, 5)
        if not code:
            if _blank(cells):
                continue
            # Notes and sources below the table have no code; stop at the first of them.
            if _looks_like_note(cells):
                break
            problems.add("the municipality code is empty", row=number, field=header[cols["code"]])
            continue
        if not (code.isdigit() and len(code) == 5):
            if _looks_like_note(cells):
                break
            problems.add(
                f"{raw_code!r} is not a 5-digit DIVIPOLA municipality code",
                row=number,
                field=str(header[cols["code"]]),
            )
            continue
        name = _text(cells[cols["name"]]) if "name" in cols else ""
        dept_code = (
            normalize_code(cells[cols["department_code"]], 2)
            if "department_code" in cols
            else code[:2]
        )
        dept_name = _text(cells[cols["department_name"]]) if "department_name" in cols else ""
        if dept_code != code[:2]:
            problems.add(
                f"department code {dept_code} does not match municipality code {code}",
                row=number,
                field=str(header[cols["department_code"]]),
            )
            continue
        records.extend(
            _row_records(
                cells,
                number,
                cols,
                header,
                year_cols,
                problems,
                code=code,
                name=name,
                department_code=dept_code,
                department_name=dept_name,
            )
        )
    _check_unique(records, problems)
    problems.raise_if_any()
    if not records:
        raise IngestError("the table has a header but no data rows", file=path.name)
    years = sorted({r.year for r in records})
    # DANE projections from 2018 on rest on the 2018 census; earlier ones on the 2005 census.
    base = 2018 if years[0] >= 2018 else 2005
    return PopulationTable(
        layout=layout,
        level="municipality",
        records=records,
        series_slug=f"dane-cnpv{base}",
        series_name=f"DANE, proyecciones de población (base CNPV {base})",
        publisher="DANE",
        base_year=base,
        sheet=sheet,
    )


def _national_by_age(path: Path, sheet: str, grid: pd.DataFrame) -> PopulationTable | None:
    def accept(cells: list[str]) -> bool:
        return {"TERRITORIO", "ANO", "AREA GEOGRAFICA"} <= set(cells)

    header_row = find_header(grid, accept)
    if header_row is None or header_row + 1 >= len(grid):
        return None
    top = [header_key(c) for c in grid.iloc[header_row].tolist()]
    sub = [header_key(c) for c in grid.iloc[header_row + 1].tolist()]
    year_col = top.index("ANO")
    area_col = top.index("AREA GEOGRAFICA")
    territory_col = top.index("TERRITORIO")
    targets: list[tuple[int, str, int, int]] = []  # position, sex, age_from, age_to
    block = ""
    for position, (upper, lower) in enumerate(zip(top, sub, strict=False)):
        if upper:
            block = upper
        match = _AGE_LABEL.match(lower)
        if match:
            sex = {"HOMBRES": "male", "MUJERES": "female", "TOTAL": "total"}[match.group(1)]
            age = int(match.group(2))
            targets.append((position, sex, age, AGE_MAX if match.group(3) else age))
        elif lower in ("TOTAL", "HOMBRES", "MUJERES") and block == "TOTAL":
            sex = {"TOTAL": "total", "HOMBRES": "male", "MUJERES": "female"}[lower]
            targets.append((position, sex, 0, AGE_MAX))
    if not targets:
        return None
    problems = ProblemCollector(path)
    records: list[PopulationRecord] = []
    for index in range(header_row + 2, len(grid)):
        cells = grid.iloc[index].tolist()
        number = index + 1
        # Urban and rural rows repeat the total by area; only the total is kept.
        if normalize_name(cells[area_col]) != "TOTAL":
            continue
        territory = normalize_name(cells[territory_col])
        if not territory.startswith("TOTAL NACIONAL") and territory != "NACIONAL":
            continue
        year = _year_of(cells[year_col])
        if year is None:
            problems.add(f"{cells[year_col]!r} is not a year", row=number, field="AÑO")
            continue
        for position, sex, age_from, age_to in targets:
            value = parse_count(cells[position])
            if value is None:
                problems.add(
                    f"{cells[position]!r} is not a non-negative whole number",
                    row=number,
                    field=str(grid.iloc[header_row + 1, position]),
                )
                continue
            records.append(
                PopulationRecord(
                    row=number,
                    code="CO",
                    name="Colombia",
                    year=year,
                    value=value,
                    sex=sex,
                    age_from=age_from,
                    age_to=age_to,
                )
            )
    _check_unique(records, problems)
    problems.raise_if_any()
    if not records:
        raise IngestError("no national total rows found", file=path.name)
    return PopulationTable(
        layout="national_by_age",
        level="country",
        records=records,
        series_slug="dane-cnpv2018",
        series_name="DANE, proyecciones de población (base CNPV 2018)",
        publisher="DANE",
        base_year=2018,
        sheet=sheet,
    )


def _zone(path: Path, sheet: str, grid: pd.DataFrame) -> PopulationTable | None:
    def accept(cells: list[str]) -> bool:
        found = column_lookup(cells, ZONE_ALIASES)
        return bool(found) and (
            "year" in column_lookup(cells, VALUE_ALIASES) or bool(_year_columns(cells))
        )

    header_row = find_header(grid, accept)
    if header_row is None:
        return None
    header = grid.iloc[header_row].tolist()
    keys = [header_key(c) for c in header]
    cols = column_lookup(keys, {**ZONE_ALIASES, **VALUE_ALIASES})
    year_cols = _year_columns(header)
    if "year" in cols and "value" in cols:
        layout = "zone_long"
    elif year_cols:
        layout = "zone_wide"
    else:
        return None
    problems = ProblemCollector(path)
    records: list[PopulationRecord] = []
    body = grid.iloc[header_row + 1 :]
    for index, row in zip(body.index, body.itertuples(index=False), strict=True):
        cells = list(row)
        number = int(index) + 1
        if _blank(cells):
            continue
        code = normalize_code(cells[cols["code"]]) if "code" in cols else ""
        name = _text(cells[cols["name"]]) if "name" in cols else ""
        if not code and not name:
            problems.add("the zone has neither code nor name", row=number)
            continue
        records.extend(
            _row_records(cells, number, cols, header, year_cols, problems, code=code, name=name)
        )
    _check_unique(records, problems)
    problems.raise_if_any()
    if not records:
        raise IngestError("the table has a header but no data rows", file=path.name)
    return PopulationTable(
        layout=layout,
        level="zone",
        records=records,
        series_slug="",
        series_name="",
        publisher="",
        base_year=None,
        sheet=sheet,
    )


# --- helpers ----------------------------------------------------------------------------------


def _row_records(
    cells: list[object],
    number: int,
    cols: dict[str, int],
    header: list[object],
    year_cols: dict[int, int],
    problems: ProblemCollector,
    **identity: str,
) -> list[PopulationRecord]:
    """The records of one row: one year (long layout) or one per year column (wide layout)."""
    if "year" in cols and "value" in cols:
        year = _year_of(cells[cols["year"]])
        if year is None:
            problems.add(
                f"{cells[cols['year']]!r} is not a year",
                row=number,
                field=str(header[cols["year"]]),
            )
            return []
        pairs = [(year, cells[cols["value"]], str(header[cols["value"]]))]
    else:
        pairs = [(y, cells[p], str(header[p])) for y, p in year_cols.items()]
    sex, age_from, age_to = _sex_and_age(cells, cols, header, number, problems)
    out = []
    for year, raw_value, column in pairs:
        value = parse_count(raw_value)
        if value is None:
            problems.add(
                f"{raw_value!r} is not a non-negative whole number", row=number, field=column
            )
            continue
        out.append(
            PopulationRecord(
                row=number,
                year=year,
                value=value,
                sex=sex,
                age_from=age_from,
                age_to=age_to,
                **identity,
            )
        )
    return out


def _sex_and_age(
    cells: list[object],
    cols: dict[str, int],
    header: list[object],
    number: int,
    problems: ProblemCollector,
) -> tuple[str, int, int]:
    sex = "total"
    if "sex" in cols:
        raw = normalize_name(cells[cols["sex"]])
        if raw:
            if raw not in SEX_VALUES:
                problems.add(
                    f"{cells[cols['sex']]!r} is not a sex (Total, Hombres, Mujeres)",
                    row=number,
                    field=str(header[cols["sex"]]),
                )
            sex = SEX_VALUES.get(raw, "total")
    age_from, age_to = 0, AGE_MAX
    if "age_from" in cols:
        value = parse_count(cells[cols["age_from"]])
        if value is None and not _blank([cells[cols["age_from"]]]):
            problems.add(
                "the age is not a whole number", row=number, field=str(header[cols["age_from"]])
            )
        age_from = value or 0
    if "age_to" in cols:
        raw_to = cells[cols["age_to"]]
        value = parse_count(raw_to)
        if value is None and not _blank([raw_to]):
            problems.add(
                "the age is not a whole number", row=number, field=str(header[cols["age_to"]])
            )
        age_to = AGE_MAX if value is None else value
    if age_from > age_to:
        problems.add(f"age range {age_from}–{age_to} is reversed", row=number)
    return sex, age_from, age_to


def _check_unique(records: list[PopulationRecord], problems: ProblemCollector) -> None:
    seen: dict[tuple[str, str, int, str, int, int], int] = {}
    for record in records:
        key = (
            record.code,
            record.name if not record.code else "",
            record.year,
            record.sex,
            record.age_from,
            record.age_to,
        )
        if key in seen:
            problems.add(
                f"{record.code or record.name} {record.year} appears twice (also row {seen[key]})",
                row=record.row,
            )
        else:
            seen[key] = record.row


def _blank(cells: Sequence[object]) -> bool:
    return all(_text(c) == "" for c in cells)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _looks_like_note(cells: Sequence[object]) -> bool:
    """A footnote row: text in the first cell and nothing numeric after it."""
    filled = [c for c in cells if _text(c)]
    return len(filled) <= 2 and not any(parse_count(c) is not None for c in filled[1:])
