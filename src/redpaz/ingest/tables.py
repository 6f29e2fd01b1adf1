"""Read spreadsheets and delimited text as raw grids, and find where their header really is.

Official releases put titles above the header and notes below the data, and the header moves from
year to year, so readers here return cells without assuming any header; ``find_header`` locates it.
Row numbers reported to people are spreadsheet rows (1-based), i.e. ``frame index + 1``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from redpaz.ingest.errors import IngestError
from redpaz.ingest.text import normalize_name
from redpaz.ingest.workbooks import diagnose_workbook

EXCEL_SUFFIXES = {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
VECTOR_SUFFIXES = {".geojson", ".json", ".gpkg", ".shp", ".zip"}
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


def read_grids(path: str | Path) -> dict[str, pd.DataFrame]:
    """Return every sheet of the file as a grid of cells (no header, all rows kept)."""
    path = Path(path)
    label = path.name
    if not path.exists():
        raise IngestError("file not found", file=str(path))
    if path.stat().st_size == 0:
        raise IngestError("the file is empty", file=label)
    suffixes = [s.lower() for s in path.suffixes]
    suffix = suffixes[-1] if suffixes else ""
    if suffix == ".gz" and len(suffixes) >= 2:
        suffix = suffixes[-2]
    if suffix in EXCEL_SUFFIXES:
        return _read_workbook(path)
    if suffix in TEXT_SUFFIXES:
        return {"": read_text_grid(path)}
    if suffix in VECTOR_SUFFIXES:
        return {"": _read_vector_attributes(path)}
    raise IngestError(
        f"unsupported file type {suffix or '(none)'}: use .xlsx, .xls, .csv, .tsv or .geojson",
        file=label,
    )


def _read_workbook(path: Path) -> dict[str, pd.DataFrame]:
    label = path.name
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    except Exception as exc:  # noqa: BLE001 - calamine raises many types for broken files
        message = diagnose_workbook(path) or str(exc) or type(exc).__name__
        if "password" in message.lower() or "encrypt" in message.lower():
            message = "the workbook is password-protected; save an unprotected copy"
        raise IngestError(f"cannot read the workbook: {message}", file=label) from None
    if not sheets or all(frame.empty for frame in sheets.values()):
        raise IngestError("the workbook has no data", file=label)
    return {str(name): frame for name, frame in sheets.items()}


def read_text_grid(path: Path) -> pd.DataFrame:
    """Read delimited text of unknown encoding and delimiter as a grid of strings."""
    label = path.name
    raw = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise IngestError(f"the compressed file is damaged: {exc}", file=label) from None
    text = decode_text(raw)
    if not text.strip():
        raise IngestError("the file is empty", file=label)
    delimiter = sniff_delimiter(text)
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError:
        # Title lines above the header have fewer cells than the rows below: read row by row.
        return _ragged_grid(text, delimiter)


def _ragged_grid(text: str, delimiter: str) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    padded = [
        [cell if cell != "" else None for cell in r] + [None] * (width - len(r)) for r in rows
    ]
    return pd.DataFrame(padded, columns=range(width), dtype=object)


def decode_text(raw: bytes) -> str:
    """Decode bytes trying UTF-8 first, then the Windows and Latin-1 code pages."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1", errors="replace")


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
        return max(counts, key=lambda d: counts[d])


def _read_vector_attributes(path: Path) -> pd.DataFrame:
    import geopandas as gpd

    try:
        frame = gpd.read_file(path, engine="pyogrio", ignore_geometry=True)
    except Exception as exc:  # noqa: BLE001 - GDAL reports many failure types
        raise IngestError(f"cannot read the file: {exc}", file=path.name) from None
    header = pd.DataFrame([list(frame.columns)], columns=range(len(frame.columns)))
    body = pd.DataFrame(frame.to_numpy(), columns=range(len(frame.columns)))
    return pd.concat([header, body], ignore_index=True)


def header_key(value: object) -> str:
    """A header cell reduced for comparison: '* FECHA DE HECHO ' -> 'FECHA DE HECHO'."""
    return normalize_name(value)


def find_header(
    grid: pd.DataFrame, accept: Callable[[list[str]], bool], *, max_scan: int = 60
) -> int | None:
    """Return the index of the first row (within ``max_scan``) whose cells ``accept`` likes."""
    for index in range(min(max_scan, len(grid))):
        cells = [header_key(v) for v in grid.iloc[index].tolist()]
        if accept(cells):
            return index
    return None


def column_lookup(cells: Iterable[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map each canonical column name to its position, using normalised header aliases."""
    positions: dict[str, int] = {}
    normalised = list(cells)
    for canonical, names in aliases.items():
        keys = {normalize_name(n) for n in names}
        for position, cell in enumerate(normalised):
            if cell in keys:
                positions[canonical] = position
                break
    return positions


_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def parse_count(value: object) -> int | None:
    """Return a non-negative integer from a cell, or None if it is not one (blank included)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        if value != value or value < 0 or not value.is_integer():
            return None
        return int(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if _THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", "")
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdigit() else None
