"""Read the Policía Nacional's yearly releases (DIJIN, SIEDCO) of homicides and other crimes.

Each release is one sheet: institution and title lines ("HOMICIDIOS", "PERÍODO DEL 01 DE ENERO AL
31 DE DICIEMBRE AÑO 2011"), a header row that moves from year to year and whose names drift
("FECHA DE HECHO", "CANTIDAD ", "*AGRUPA EDAD PERSONA"), one row per aggregated cell (municipality x
date x weapon x sex x age group, with its CANTIDAD), a TOTAL row that must equal the sum of
CANTIDAD, and footer lines with the source and the extraction date. Columns change order (2021)
and CODIGO DANE is the 8-digit populated-place code, stored as a number in some years and as text
in others; older files have no code at all and are placed by department and municipality name.

The reader does not know which municipalities exist: it returns codes and names, and the importer
checks them against the territory tables, naming the row of every unknown one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from redpaz.ingest.errors import IngestError, Problem, ProblemCollector
from redpaz.ingest.tables import column_lookup, find_header, header_key, read_grids
from redpaz.ingest.text import normalize_code, normalize_name
from redpaz.ingest.values import (
    clean_text,
    extraction_date_in,
    is_blank,
    map_unique,
    parse_age_group,
    parse_counts,
    parse_dates,
    parse_sex,
    period_in,
)

PUBLISHER = "Policía Nacional – DIJIN (SIEDCO)"

COLUMNS: dict[str, tuple[str, ...]] = {
    "department": ("DEPARTAMENTO", "DEPTO", "DPTO"),
    "municipality": ("MUNICIPIO", "MPIO"),
    "code": ("CODIGO DANE", "COD DANE", "CODIGO DIVIPOLA", "DIVIPOLA", "CODIGO MUNICIPIO"),
    "weapon": ("ARMAS MEDIOS", "ARMA MEDIO", "ARMAS MEDIO", "ARMA EMPLEADA", "ARMAS"),
    "date": ("FECHA HECHO", "FECHA DE HECHO", "FECHA DEL HECHO", "FECHA"),
    "sex": ("GENERO", "SEXO"),
    "age_group": ("AGRUPA EDAD PERSONA", "AGRUPA EDAD", "GRUPO EDAD", "GRUPO ETARIO"),
    "count": ("CANTIDAD", "CANTIDAD VICTIMAS", "VICTIMAS"),
}
REQUIRED = ("date", "count")

# Crime types by the words of a release's title, most specific first; slugs are the observatory's.
CRIME_TITLES: tuple[tuple[str, str], ...] = (
    (r"HOMICIDIOS? (?:EN )?ACCIDENTES? (?:DE )?TRANSITO", "homicidio-transito"),
    (r"HOMICID", "homicidio"),
    (r"LESIONES PERSONALES", "lesiones-personales"),
    (r"HURTO (?:A )?PERSONAS", "hurto-personas"),
    (r"HURTO (?:A )?RESIDENCIAS", "hurto-residencias"),
    (r"HURTO (?:A |AL )?COMERCIO", "hurto-comercio"),
    (r"VIOLENCIA INTRAFAMILIAR", "violencia-intrafamiliar"),
    (r"DELITOS SEXUALES", "delitos-sexuales"),
    (r"EXTORSION", "extorsion"),
    (r"SECUESTRO", "secuestro"),
    (r"AMENAZAS", "amenazas"),
    (r"TERRORISMO", "terrorismo"),
)
_INSTITUTION_LINES = ("MINISTERIO", "POLICIA NACIONAL", "DIRECCION", "GRUPO", "OFICINA")


def crime_from_title(text: str) -> str | None:
    normalized = normalize_name(text)
    for pattern, slug in CRIME_TITLES:
        if re.search(pattern, normalized):
            return slug
    return None


@dataclass
class PoliciaRelease:
    """One release, read and checked: its title, period, extraction date and aggregated rows."""

    path: Path
    sheet: str
    title: str  # the crime line as printed ("HOMICIDIOS", "HOMICIDO INTENCIONAL")
    crime: str | None  # crime slug guessed from the title
    period: tuple[date, date] | None  # as printed in the title
    extraction_date: date | None  # as printed in the footer
    total: int | None  # the TOTAL row
    header_row: int  # spreadsheet row of the header
    headers: dict[str, str]  # canonical column -> header as printed
    # row, date, code (5 digits or ""), department, municipality, weapon, sex, age_group, count,
    # extra (dict of the other columns, or None)
    records: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    @property
    def victims(self) -> int:
        return int(self.records["count"].sum())

    @property
    def label(self) -> str:
        return self.path.name


def read_policia(path: str | Path) -> PoliciaRelease:
    """Read one release; raise ``IngestError`` naming file, row and column of every problem."""
    path = Path(path)
    grids = read_grids(path)
    for sheet, grid in grids.items():
        header = find_header(grid, _looks_like_header)
        if header is not None:
            return _read_sheet(path, sheet, grid, header)
    raise IngestError(
        "unknown layout: no header row with FECHA HECHO, CANTIDAD and CODIGO DANE (or "
        "DEPARTAMENTO and MUNICIPIO) in the first 60 rows of "
        + ("any sheet" if len(grids) > 1 else "the sheet"),
        file=path.name,
    )


def _looks_like_header(cells: list[str]) -> bool:
    found = column_lookup(cells, COLUMNS)
    return len(found) >= 3 and ("date" in found or "count" in found)


def _read_sheet(path: Path, sheet: str, grid: pd.DataFrame, header: int) -> PoliciaRelease:
    label = path.name
    cells = [header_key(v) for v in grid.iloc[header].tolist()]
    positions = column_lookup(cells, COLUMNS)
    printed = {key: str(grid.iat[header, pos]).strip() for key, pos in positions.items()}
    header_row = header + 1
    missing = [key for key in REQUIRED if key not in positions]
    if "code" not in positions and not {"department", "municipality"} <= positions.keys():
        missing.append("code")
    if missing:
        names = {
            "date": "FECHA HECHO",
            "count": "CANTIDAD",
            "code": "CODIGO DANE (or DEPARTAMENTO and MUNICIPIO)",
        }
        raise IngestError(
            [
                Problem(
                    f"missing required column {names[key]}",
                    file=label,
                    row=header_row,
                    field=names[key],
                )
                for key in missing
            ]
        )

    above = [_row_text(grid.iloc[i]) for i in range(header)]
    body = grid.iloc[header + 1 :]
    end, total_index = _data_end(body, positions)
    data = body.loc[: end - 1] if end is not None else body
    footer = [_row_text(grid.loc[i]) for i in body.index if end is not None and i >= end]
    data = data[~blank_cells(data).all(axis=1)]
    if data.empty:
        raise IngestError("the release has a header but no data rows", file=label)

    problems = ProblemCollector(path)
    warnings: list[str] = []
    rows = pd.Series(data.index + 1, index=data.index)

    def column(key: str) -> pd.Series:
        return data[positions[key]] if key in positions else pd.Series(None, index=data.index)

    dates, bad_dates = parse_dates(column("date"))
    blank_dates = dates.isna() & ~bad_dates
    for index in data.index[bad_dates.to_numpy()]:
        problems.add(
            f"unreadable date {column('date')[index]!r}", row=index + 1, field=printed["date"]
        )
    for index in data.index[blank_dates.to_numpy()]:
        problems.add("the date is empty", row=index + 1, field=printed["date"])

    counts, bad_counts = parse_counts(column("count"))
    for index in data.index[bad_counts.to_numpy()]:
        problems.add(
            f"{_show(column('count')[index])} is not a non-negative whole number",
            row=index + 1,
            field=printed["count"],
        )
    zero = int(((counts == 0) & ~bad_counts).sum())
    if zero:
        warnings.append(f"{zero} rows have CANTIDAD 0 (kept; they add nothing)")

    codes = _codes(column("code"), data.index, problems, printed.get("code", "CODIGO DANE"))
    departments = clean_text(column("department"))
    municipalities = clean_text(column("municipality"))
    nowhere = (codes == "") & ((departments == "") | (municipalities == ""))
    for index in data.index[nowhere.to_numpy()]:
        problems.add(
            "no CODIGO DANE and no department and municipality name",
            row=index + 1,
            field=printed.get("code", "MUNICIPIO"),
        )

    sexes, bad_sex = parse_sex(column("sex"))
    _warn_unknown(warnings, column("sex")[bad_sex], printed.get("sex", "GENERO"))
    groups, bad_groups = parse_age_group(column("age_group"))
    _warn_unknown(warnings, column("age_group")[bad_groups], printed.get("age_group", ""))

    title_lines = [t for t in above if t and not normalize_name(t).startswith(_INSTITUTION_LINES)]
    crime = next((c for c in (crime_from_title(t) for t in title_lines) if c), None)
    title = next((t for t in title_lines if crime_from_title(t)), "")
    if not title:
        title = next((t for t in title_lines if "PERIODO" not in normalize_name(t)), "")
    period = period_in(above)
    if period is not None:
        outside = dates.notna() & ((dates < period[0]) | (dates > period[1]))
        for index in data.index[outside.to_numpy()]:
            problems.add(
                f"the date {dates[index]} is outside the period in the title "
                f"({period[0]} to {period[1]})",
                row=index + 1,
                field=printed["date"],
            )

    total = None
    if total_index is not None:
        total_cell = grid.at[total_index, positions["count"]]
        parsed_total, bad_total = parse_counts(pd.Series([total_cell]))
        total = int(parsed_total.iloc[0])
        if bad_total.iloc[0]:
            problems.add(
                f"the TOTAL row holds {_show(total_cell)}, not a whole number",
                row=total_index + 1,
                field=printed["count"],
            )
            total = None
    problems.raise_if_any()

    victims = int(counts.sum())
    if total is not None and int(total) != victims:
        raise IngestError(
            [
                Problem(
                    f"the TOTAL row says {int(total):,} but the rows add up to {victims:,}: the "
                    "file is incomplete or was edited",
                    file=label,
                    row=total_index + 1 if total_index is not None else None,
                    field=printed["count"],
                )
            ]
        )
    if total is None:
        warnings.append("no TOTAL row: the sum of CANTIDAD could not be checked")
    extraction = extraction_date_in(footer + above)
    if extraction is None:
        warnings.append("no extraction date found in the footer")

    extra = _extra_columns(grid, header, data, positions)
    records = pd.DataFrame(
        {
            "row": rows.astype("int64"),
            "date": dates,
            "code": codes,
            "department": departments,
            "municipality": municipalities,
            "weapon": clean_text(column("weapon"), max_length=120),
            "sex": sexes,
            "age_group": groups,
            "count": counts,
            "extra": extra,
        }
    ).reset_index(drop=True)
    return PoliciaRelease(
        path=path,
        sheet=sheet,
        title=title.strip(),
        crime=crime,
        period=period,
        extraction_date=extraction,
        total=int(total) if total is not None else None,
        header_row=header_row,
        headers=printed,
        records=records,
        warnings=warnings,
    )


def blank_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Whether each cell is empty, computed once per distinct value of each column."""
    return pd.DataFrame(
        {column: map_unique(frame[column], is_blank).astype(bool) for column in frame.columns},
        index=frame.index,
    )


def _row_text(row: pd.Series) -> str:
    return " ".join(str(v).strip() for v in row.tolist() if not is_blank(v))


def _show(value: object) -> str:
    return "an empty cell" if is_blank(value) else repr(value)


def _data_end(body: pd.DataFrame, positions: dict[str, int]) -> tuple[int | None, int | None]:
    """Index where the data ends (TOTAL row or first footer line) and the TOTAL row's index."""
    date_col, count_col = positions["date"], positions["count"]
    is_total = pd.Series(False, index=body.index)
    for column in body.columns:
        keys = map_unique(body[column], lambda v: normalize_name(v) if isinstance(v, str) else "")
        is_total |= keys.isin({"TOTAL", "TOTAL GENERAL", "TOTALES"})
    blank = blank_cells(body)
    blank_date = blank[date_col]
    blank_count = blank[count_col]
    has_text = ~blank.all(axis=1)
    footer = has_text & blank_date & blank_count
    total_rows = body.index[(is_total & blank_date).to_numpy()]
    footer_rows = body.index[footer.to_numpy()]
    total_index = int(total_rows[0]) if len(total_rows) else None
    candidates = [i for i in (total_index, footer_rows[0] if len(footer_rows) else None) if i]
    end = min(candidates) if candidates else None
    if total_index is not None and end is not None and end < total_index:
        # A note line before the TOTAL row: the TOTAL row still ends the data.
        end = total_index
    return end, total_index


def _codes(values: pd.Series, index: pd.Index, problems: ProblemCollector, field: str) -> pd.Series:
    """Municipality codes (5 digits) from CODIGO DANE: 8-digit place codes or 5-digit codes."""

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

    parsed = map_unique(values, one)
    for position in index[parsed.isna().to_numpy()]:
        problems.add(
            f"{values[position]!r} is not a DIVIPOLA code (8-digit populated place or "
            "5-digit municipality)",
            row=position + 1,
            field=field,
        )
    return parsed.fillna("").astype(object)


def _warn_unknown(warnings: list[str], values: pd.Series, field: str) -> None:
    if values.empty:
        return
    counts = values.astype(str).value_counts()
    shown = ", ".join(f"{name!r} ({n})" for name, n in counts.head(5).items())
    warnings.append(f"unrecognised values in {field}, stored as not reported: {shown}")


def _extra_columns(
    grid: pd.DataFrame, header: int, data: pd.DataFrame, positions: dict[str, int]
) -> pd.Series:
    """Other columns of the release (e.g. DELITO in sexual-crime releases) as a dict per row."""
    known = set(positions.values())
    others = {
        str(grid.iat[header, int(col)]).strip(): col
        for col in data.columns
        if col not in known and not is_blank(grid.iat[header, int(col)])
    }
    if not others:
        return pd.Series(None, index=data.index, dtype=object)
    frame = pd.DataFrame({name: clean_text(data[col]) for name, col in others.items()})
    return pd.Series(frame.to_dict("records"), index=data.index, dtype=object)
