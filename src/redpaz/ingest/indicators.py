"""Read municipal indicator tables (one value per municipality and year), such as DANE's
unmet basic needs (NBI, % of people), into validated records.

The table needs a municipality code column and a value column; the year comes from a year
column or is given by the caller. Codes are DIVIPOLA codes, zero-padded to 5 digits (Excel
turns 05001 into 5001).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.tables import column_lookup, find_header, header_key, read_grids

CODE_ALIASES = ("municipio_code", "codigo municipio", "cod_mpio", "divipola", "codigo dane", "mpio")
YEAR_ALIASES = ("year", "ano", "año", "vigencia")


@dataclass(frozen=True)
class IndicatorRecord:
    code: str  # 5-digit DIVIPOLA municipality code
    year: int
    value: float
    row: int  # spreadsheet row, for messages


@dataclass(frozen=True)
class IndicatorTable:
    path: Path
    sheet: str
    column: str  # the header of the value column as written in the file
    records: list[IndicatorRecord]


def read_municipal_indicator(
    path: str | Path,
    *,
    value_aliases: tuple[str, ...],
    year: int | None = None,
    low: float | None = None,
    high: float | None = None,
) -> IndicatorTable:
    """Read every municipality's value; fail once with every bad row (file, row, field).

    ``value_aliases`` are the accepted headers of the value column; ``low``/``high`` bound the
    valid values (0 and 100 for a percentage).
    """
    path = Path(path)
    grids = read_grids(path)
    value_keys = {header_key(a) for a in value_aliases}
    code_keys = {header_key(a) for a in CODE_ALIASES}
    for sheet, grid in grids.items():
        header = find_header(
            grid,
            lambda cells: bool(value_keys & set(cells)) and bool(code_keys & set(cells)),
        )
        if header is None:
            continue
        cells = [header_key(v) for v in grid.iloc[header].tolist()]
        columns = column_lookup(
            cells, {"code": CODE_ALIASES, "value": value_aliases, "year": YEAR_ALIASES}
        )
        if "year" not in columns and year is None:
            raise IngestError(
                "the table has no year column: say which year it describes (--year)",
                file=path.name,
            )
        return _records(path, sheet, grid, header, columns, year, low, high)
    raise IngestError(
        f"no sheet has a municipality code column and a {value_aliases[0]!r} column",
        file=path.name,
    )


def _records(
    path: Path,
    sheet: str,
    grid: pd.DataFrame,
    header: int,
    columns: dict[str, int],
    year: int | None,
    low: float | None,
    high: float | None,
) -> IndicatorTable:
    problems = ProblemCollector(path)
    names = grid.iloc[header].tolist()
    value_name = str(names[columns["value"]]).strip()
    records: list[IndicatorRecord] = []
    seen: dict[tuple[str, int], int] = {}
    for index in range(header + 1, len(grid)):
        row = grid.iloc[index].tolist()
        number = index + 1
        raw_code = row[columns["code"]]
        raw_value = row[columns["value"]]
        if _blank(raw_code) and _blank(raw_value):
            continue
        code = _code(raw_code)
        if code is None:
            problems.add(f"{raw_code!r} is not a municipality code", row=number, field="code")
            continue
        value = _number(raw_value)
        if value is None:
            problems.add(f"{raw_value!r} is not a number", row=number, field=value_name)
            continue
        if (low is not None and value < low) or (high is not None and value > high):
            problems.add(f"{value} is outside {low}-{high}", row=number, field=value_name)
            continue
        row_year = _year(row[columns["year"]]) if "year" in columns else year
        if row_year is None:
            problems.add(f"{row[columns['year']]!r} is not a year", row=number, field="year")
            continue
        if (code, row_year) in seen:
            earlier = seen[(code, row_year)]
            problems.add(
                f"municipality {code} appears twice for {row_year} (also row {earlier})",
                row=number,
                field="code",
            )
            continue
        seen[(code, row_year)] = number
        records.append(IndicatorRecord(code, row_year, value, number))
    problems.raise_if_any()
    if not records:
        raise IngestError("the table has no rows", file=path.name)
    return IndicatorTable(path, sheet, value_name, records)


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def _code(value: object) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4,5}", text):
        return text.zfill(5)
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or _blank(value):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("%", "")
        if re.fullmatch(r"-?\d+,\d+", text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _year(value: object) -> int | None:
    number = _number(value)
    if number is None or not number.is_integer() or not 1900 <= number <= 2100:
        return None
    return int(number)
