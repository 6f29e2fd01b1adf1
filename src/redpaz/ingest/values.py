"""Cell values shared by the violence-data readers: dates, counts, sex, age, Spanish dates in text.

Every parser works on the distinct values of a column and maps the result back, because official
files repeat the same few hundred dates, sexes and age groups over hundreds of thousands of rows.
Each returns the parsed values and a boolean mask of the cells it could not read, so that the
reader can name every bad row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

import numpy as np
import pandas as pd

from redpaz.ingest.tables import parse_count
from redpaz.ingest.text import normalize_name

SPANISH_MONTHS = {
    "ENERO": 1,
    "FEBRERO": 2,
    "MARZO": 3,
    "ABRIL": 4,
    "MAYO": 5,
    "JUNIO": 6,
    "JULIO": 7,
    "AGOSTO": 8,
    "SEPTIEMBRE": 9,
    "SETIEMBRE": 9,
    "OCTUBRE": 10,
    "NOVIEMBRE": 11,
    "DICIEMBRE": 12,
}

# Cells that say "unknown" rather than holding a bad value.
UNKNOWN_MARKERS = {
    "",
    "NO REPORTA",
    "NO REPORTADO",
    "NO REPORTADA",
    "SIN DATO",
    "SIN DATOS",
    "SIN INFORMACION",
    "NO INFORMA",
    "DESCONOCIDO",
    "NO APLICA",
    "ND",
    "NA",
    "N A",
    "N D",
    "NAN",
    "NONE",
}

SEX_VALUES = {
    "MASCULINO": "male",
    "HOMBRE": "male",
    "M": "male",
    "H": "male",
    "MALE": "male",
    "FEMENINO": "female",
    "MUJER": "female",
    "F": "female",
    "FEMALE": "female",
}

# The Policía's groups follow Ley 1098 de 2006 (art. 3): children 0-12, adolescents 13-17.
AGE_GROUP_VALUES = {
    "ADULTOS": "adult",
    "ADULTO": "adult",
    "ADOLESCENTES": "adolescent",
    "ADOLESCENTE": "adolescent",
    "MENORES": "child",
    "MENOR": "child",
    "NINOS": "child",
    "NINAS": "child",
    "NINOS NINAS": "child",
}

MAX_AGE = 120
# Excel stores dates as days since 1899-12-30; plausible serials for 1955-2100.
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_EXCEL_SERIALS = (20000, 73000)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def map_unique(values: pd.Series, parse: object) -> pd.Series:
    """Apply ``parse`` to each distinct value once and map the results back onto the column."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [parse(u) for u in uniques]  # type: ignore[operator]
    missing = parse(None)  # type: ignore[operator]
    table = np.empty(len(parsed) + 1, dtype=object)
    table[: len(parsed)] = parsed
    table[-1] = missing
    return pd.Series(table[codes], index=values.index, dtype=object)


# --- dates ------------------------------------------------------------------------------------


def _one_date(value: object, formats: tuple[str, ...]) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _EXCEL_SERIALS[0] <= value <= _EXCEL_SERIALS[1]:
            return (_EXCEL_EPOCH + pd.Timedelta(days=float(value))).date()
        return None
    text = str(value).strip()
    # "2011-01-01 00:00:00" and ISO timestamps: the date is the first ten characters.
    if re.match(r"^\d{4}-\d{2}-\d{2}([ T].*)?$", text):
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


DAY_FIRST_FORMATS = (
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%y",
    "%d/%m/%Y %H:%M:%S",
)


def parse_dates(
    values: pd.Series, *, date_format: str | None = None
) -> tuple[pd.Series, pd.Series]:
    """Return (dates as ``datetime.date`` objects or None, mask of non-blank unreadable cells).

    Accepts spreadsheet dates, ISO text, day-first text (Colombian usage) and Excel serials; an
    explicit ``date_format`` is tried first.
    """
    formats = ((date_format,) if date_format else ()) + DAY_FIRST_FORMATS
    parsed = map_unique(values, lambda v: _one_date(v, formats))
    blank = values.map(is_blank).astype(bool)
    bad = parsed.isna() & ~blank
    return parsed, bad


def parse_times(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (seconds after midnight as float or NaN, mask of unreadable cells) for clock times."""

    def one(value: object) -> float | None:
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.hour * 3600 + value.minute * 60 + value.second
        if hasattr(value, "hour") and hasattr(value, "minute"):
            return value.hour * 3600 + value.minute * 60 + getattr(value, "second", 0)
        if isinstance(value, float) and 0 <= value < 1:  # an Excel fraction of a day
            return round(value * 86400)
        match = re.match(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$", str(value).strip())
        if not match:
            return None
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        return hour * 3600 + minute * 60 + second

    parsed = map_unique(values, one)
    blank = values.map(is_blank).astype(bool)
    seconds = pd.to_numeric(parsed, errors="coerce")
    return seconds, seconds.isna() & ~blank


def spanish_date(day: str | int, month: str, year: str | int) -> date | None:
    """date(2020, 7, 15) from ("15", "JULIO", "2020"); None when it is not a real date."""
    number = SPANISH_MONTHS.get(normalize_name(month))
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


# "DATOS EXTRAIDOS EL DIA 15 DE JULIO DEL AÑO 2020", "... EL DIA 12 DE JULIO 2023",
# "... EL DIA 1 DE MAYO DE 2024" (matched on the normalised text: no accents, upper case).
_EXTRACTION = re.compile(
    r"EXTRA[IÍ]DOS? (?:EL )?(?:DIA )?(\d{1,2}) (?:DE )?([A-Z]+) (?:DE |DEL )?(?:ANO )?(\d{4})"
)


def extraction_date_in(texts: Iterable[str]) -> date | None:
    """The extraction date printed in a release's footer, if any line states one."""
    for text in texts:
        match = _EXTRACTION.search(normalize_name(text))
        if match:
            found = spanish_date(match[1], match[2], match[3])
            if found:
                return found
    return None


_PERIOD = re.compile(
    r"(?:DEL |DE )?(\d{1,2}) (?:DE )?([A-Z]+)(?: (?:DE |DEL )?(?:ANO )?(\d{4}))?"
    r" (?:AL|HASTA(?: EL)?) (\d{1,2}) (?:DE )?([A-Z]+) (?:DE |DEL )?(?:ANO )?(\d{4})"
)


def period_in(texts: Iterable[str]) -> tuple[date, date] | None:
    """The period a title states: "PERÍODO DEL 01 DE ENERO AL 31 DE DICIEMBRE AÑO 2011"."""
    for text in texts:
        normalized = normalize_name(text)
        if "PERIODO" not in normalized and " AL " not in normalized:
            continue
        match = _PERIOD.search(normalized)
        if not match:
            continue
        end = spanish_date(match[4], match[5], match[6])
        if end is None:
            continue
        start_year = int(match[3]) if match[3] else end.year
        start = spanish_date(match[1], match[2], start_year)
        if start is not None and start > end and not match[3]:
            start = spanish_date(match[1], match[2], end.year - 1)
        if start is not None and start <= end:
            return start, end
    return None


# --- counts, sexes and ages -------------------------------------------------------------------


def parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (counts as int64, 0 where bad, mask of cells that are not non-negative integers)."""
    parsed = map_unique(values, parse_count)
    bad = parsed.isna()
    return parsed.fillna(0).astype("int64"), bad


def parse_sex(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return ("male"/"female"/"" per cell, mask of values that are neither nor 'unknown')."""

    def one(value: object) -> str | None:
        key = normalize_name(value)
        if key in SEX_VALUES:
            return SEX_VALUES[key]
        if key in UNKNOWN_MARKERS or key in {"NO DEFINIDO", "INDETERMINADO", "SIN ESTABLECER"}:
            return ""
        return None

    parsed = map_unique(values, one)
    bad = parsed.isna()
    return parsed.fillna(""), bad


def parse_age_group(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (AgeGroup value or "" per cell, mask of unrecognised values)."""

    def one(value: object) -> str | None:
        key = normalize_name(value)
        if key in AGE_GROUP_VALUES:
            return AGE_GROUP_VALUES[key]
        if key in UNKNOWN_MARKERS:
            return ""
        return None

    parsed = map_unique(values, one)
    bad = parsed.isna()
    return parsed.fillna(""), bad


def parse_ages(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (age in years as nullable Int64, mask of cells that are not a plausible age)."""

    def one(value: object) -> int | bool | None:
        if is_blank(value) or normalize_name(value) in UNKNOWN_MARKERS:
            return None
        text = str(value).strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return False
        if number != number or number < 0 or number > MAX_AGE or not number.is_integer():
            return False
        return int(number)

    parsed = map_unique(values, one)
    bad = parsed.map(lambda v: v is False).astype(bool)
    ages = [
        None if flag else value for value, flag in zip(parsed.tolist(), bad.tolist(), strict=True)
    ]
    return pd.Series(ages, index=values.index, dtype="Int64"), bad


def parse_numbers(values: pd.Series, *, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """Return (floats, mask of non-blank cells that are not numbers); "6,25" with decimal=","."""
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        return numbers, pd.Series(False, index=values.index)
    text = values.astype("string").str.strip()
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    elif decimal == "auto":
        # A comma and no point is a decimal comma ("6,2514"); both means thousands separators.
        comma_only = text.str.contains(",", regex=False) & ~text.str.contains(".", regex=False)
        text = text.where(~comma_only, text.str.replace(",", ".", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    blank = text.isna() | (text == "")
    return numbers, numbers.isna() & ~blank.fillna(True).astype(bool)


def clean_text(values: pd.Series, *, max_length: int = 200) -> pd.Series:
    """Strip, collapse spaces, blank out unknown markers' NaN; cut to ``max_length``."""

    def one(value: object) -> str:
        if is_blank(value):
            return ""
        return " ".join(str(value).split())[:max_length]

    return map_unique(values, one).astype(object)


# --- timestamps -------------------------------------------------------------------------------

_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_DATE_ONLY = r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})$"
_DAY_FIRST_TIMESTAMPS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M:%S")


def parse_timestamps(
    values: pd.Series, *, timezone: str = "America/Bogota"
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return (instants in UTC, local calendar dates, mask of unreadable non-blank cells).

    Text with an offset ("2019-04-23T07:30:00.000-05:00") keeps it; text without one is local
    time in ``timezone``. Cells that give only a day get a date and no instant (NaT).
    """
    index = values.index
    instants = pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]")
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = pd.to_datetime(values)
        local = stamps.dt.tz_localize(timezone) if stamps.dt.tz is None else stamps
        instants = local.dt.tz_convert("UTC")
        dates = instants.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
        return instants, dates, pd.Series(False, index=index)
    if values.dtype == object and not values.map(lambda v: isinstance(v, str)).all():
        values = values.map(lambda v: None if is_blank(v) else str(v))
    text = values.astype("string").str.strip()
    text = text.where(text != "")
    blank = text.isna()
    date_only = text.str.match(_DATE_ONLY).fillna(False).astype(bool)
    with_offset = text.str.contains(_OFFSET, regex=True).fillna(False).astype(bool) & ~date_only
    if with_offset.any():
        instants[with_offset] = pd.to_datetime(
            text[with_offset], format="ISO8601", utc=True, errors="coerce"
        )
    naive_rows = ~with_offset & ~blank & ~date_only
    if naive_rows.any():
        naive = pd.to_datetime(text[naive_rows], format="ISO8601", errors="coerce")
        for fmt in _DAY_FIRST_TIMESTAMPS:
            pending = naive.isna()
            if not pending.any():
                break
            naive[pending] = pd.to_datetime(text[naive_rows][pending], format=fmt, errors="coerce")
        instants[naive_rows] = naive.dt.tz_localize(
            timezone, ambiguous="NaT", nonexistent="NaT"
        ).dt.tz_convert("UTC")
    dates = instants.dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()
    if date_only.any():
        days, _unreadable = parse_dates(text[date_only].astype(object))
        dates[date_only] = pd.to_datetime(days, errors="coerce")
    bad = dates.isna() & ~blank
    return instants, dates, bad


# --- reporting bad rows -----------------------------------------------------------------------

# Rows named one by one before the rest of a column's problems are summed up.
ROWS_NAMED = 50


def flag_rows(
    problems: object,
    mask: pd.Series | np.ndarray,
    rows: pd.Series | np.ndarray,
    message: object,
    *,
    field: str | None,
    values: pd.Series | None = None,
) -> int:
    """Add a problem for each flagged row (the first ``ROWS_NAMED``, then a summary); return count.

    ``message`` is a text, or a function of the cell value when ``values`` is given.
    """
    flagged = np.flatnonzero(np.asarray(mask, dtype=bool))
    row_numbers = np.asarray(rows)
    for position in flagged[:ROWS_NAMED]:
        if callable(message):
            text = message(values.iloc[position] if values is not None else None)
        else:
            text = str(message)
        problems.add(text, row=int(row_numbers[position]), field=field)  # type: ignore[attr-defined]
    if len(flagged) > ROWS_NAMED:
        problems.add(  # type: ignore[attr-defined]
            f"... and {len(flagged) - ROWS_NAMED:,} more rows with the same problem "
            f"(up to row {int(row_numbers[flagged[-1]]):,})",
            field=field,
        )
    return len(flagged)
