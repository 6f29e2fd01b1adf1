"""Read past mediation records from a spreadsheet or a KoboToolbox/ODK export (no Django).

The file is XLSX/XLS or CSV. A TOML mapping says which header holds each field and how the
file's answers translate into RedPaz's values (see docs/mappings/kobo-mediaciones.toml); without
a mapping the headers are RedPaz's field names. Kobo and ODK exports name choices by their
``name`` (or by their label, when exported "with labels"): give the XLSForm and labels are turned
back into names before the value maps apply.

Every problem names the file, the row (as a spreadsheet shows it) and the field; nothing is
returned while there is one.
"""

from __future__ import annotations

import tomllib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd

from redpaz.ingest.errors import IngestError, Problem, ProblemCollector
from redpaz.ingest.text import normalize_code, normalize_name
from redpaz.ingest.values import DAY_FIRST_FORMATS, _one_date, is_blank

CONFLICT_TYPES = (
    "between_groups",
    "family",
    "neighbours",
    "debt",
    "retaliation",
    "partner",
    "school",
    "other",
)
RISKS = ("low", "medium", "high", "imminent")
OUTCOMES = ("resolved", "de_escalated", "referred", "failed", "ongoing")
REFERRALS = (
    "police",
    "icbf",
    "family_commissary",
    "health",
    "justice_house",
    "prosecutor",
    "social_services",
    "other",
)
AGE_GROUPS = ("0-13", "14-17", "18-28", "29-59", "60+")
CHOICES = {
    "conflict_type": CONFLICT_TYPES,
    "risk": RISKS,
    "outcome": OUTCOMES,
    "referrals": REFERRALS,
    "age_groups": AGE_GROUPS,
}
MULTI = {"referrals", "age_groups"}
BOOLEANS = ("groups_involved", "weapons_involved", "retaliation")
COUNTS = ("parties_count", "parties_women", "parties_men")
TEXTS = ("actions", "notes")
FIELDS = {
    "uuid": "record identifier (KoboToolbox _uuid, ODK instanceID); keeps re-imports single",
    "occurred_at": "date (or date and time) of the mediation",
    "time": "clock time, when separate from the date",
    "zone_code": "code of the zone (comuna, barrio...)",
    "zone_name": "name of the zone",
    "latitude": "latitude (decimal degrees)",
    "longitude": "longitude (decimal degrees)",
    "gps": "a Kobo/ODK geopoint: 'latitude longitude altitude accuracy'",
    **{name: "one of: " + ", ".join(values) for name, values in CHOICES.items()},
    **dict.fromkeys(BOOLEANS, "yes/no"),
    **dict.fromkeys(COUNTS, "whole number"),
    **dict.fromkeys(TEXTS, "text"),
    "follow_up_due": "date of the planned follow-up visit",
    "follow_up_done": "date the follow-up visit was made",
}
REQUIRED = ("occurred_at", "conflict_type", "risk", "outcome")
YES = {"si", "yes", "true", "1", "x", "verdadero", "s", "y"}
NO = {"no", "false", "0", "falso", "n", ""}


@dataclass(frozen=True)
class MediationMapping:
    columns: dict[str, str]  # field -> header in the file
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> raw -> value
    sheet: str | None = None
    source_name: str = ""
    publisher: str = ""
    label_column: str | None = None  # XLSForm choices column holding the exported labels
    xlsform: Path | None = None
    path: Path | None = None


@dataclass
class MediationRow:
    row: int
    uuid: uuid.UUID | None
    occurred_at: datetime
    zone_code: str
    zone_name: str
    values: dict[str, Any]
    follow_up_due: date | None = None
    follow_up_done: date | None = None


def default_mapping() -> MediationMapping:
    return MediationMapping(columns={name: name for name in FIELDS})


def read_mapping(path: str | Path) -> MediationMapping:
    """Parse a mapping file; raise IngestError naming the key of every problem."""
    path = Path(path)
    if not path.exists():
        raise IngestError("mapping file not found", file=str(path))
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"not a valid TOML file: {exc}", file=path.name) from exc
    problems = ProblemCollector(path)
    columns = {str(k): str(v) for k, v in spec.get("columns", {}).items()}
    for name in columns:
        if name not in FIELDS:
            problems.add(f"unknown field; use one of: {', '.join(FIELDS)}", field=f"columns.{name}")
    for name in REQUIRED:
        if name not in columns:
            problems.add("required field has no column", field=f"columns.{name}")
    if not ({"zone_code", "zone_name"} & set(columns)):
        problems.add("give zone_code or zone_name", field="columns")
    values: dict[str, dict[str, str]] = {}
    for name, table in spec.get("values", {}).items():
        if name not in CHOICES and name not in BOOLEANS:
            problems.add("values can only be given for choice fields", field=f"values.{name}")
            continue
        allowed = CHOICES.get(name, ("yes", "no"))
        for raw, value in table.items():
            if value not in allowed:
                problems.add(
                    f"'{value}' is not one of: {', '.join(allowed)}", field=f"values.{name}.{raw}"
                )
        values[name] = {normalize_name(raw): str(value) for raw, value in table.items()}
    source = spec.get("source", {})
    form = spec.get("xlsform", {})
    problems.raise_if_any()
    return MediationMapping(
        columns=columns,
        values=values,
        sheet=source.get("sheet"),
        source_name=source.get("name", ""),
        publisher=source.get("publisher", ""),
        label_column=form.get("label_column"),
        xlsform=(path.parent / form["file"]) if form.get("file") else None,
        path=path,
    )


def read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """The file as text cells (CSV: delimiter sniffed; workbook: first sheet or ``sheet``)."""
    try:
        if path.suffix.lower() in {".csv", ".txt"}:
            return pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
        return pd.read_excel(path, sheet_name=sheet or 0, dtype=object, engine="calamine")
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise IngestError(f"cannot read the file: {exc}", file=path.name) from exc


def xlsform_labels(path: Path, label_column: str | None) -> dict[str, dict[str, str]]:
    """Question name -> {normalised choice label: choice name} for select questions."""
    try:
        survey = pd.read_excel(path, sheet_name="survey", dtype=str, engine="calamine")
        choices = pd.read_excel(path, sheet_name="choices", dtype=str, engine="calamine")
    except (ValueError, OSError) as exc:
        raise IngestError(
            f"cannot read the XLSForm (survey and choices sheets): {exc}", file=path.name
        ) from exc
    label = label_column or next((c for c in choices.columns if str(c).startswith("label")), None)
    if label is None or label not in choices.columns or "list_name" not in choices.columns:
        raise IngestError("the choices sheet has no list_name or label column", file=path.name)
    by_list: dict[str, dict[str, str]] = {}
    for values in choices.to_dict("records"):
        list_name, name, text = values.get("list_name"), values.get("name"), values.get(label)
        if is_blank(list_name) or is_blank(name):
            continue
        by_list.setdefault(str(list_name), {})[normalize_name(text)] = str(name)
    questions: dict[str, dict[str, str]] = {}
    for kind, name in zip(survey.get("type", []), survey.get("name", []), strict=False):
        if is_blank(kind) or is_blank(name):
            continue
        parts = str(kind).split()
        if len(parts) == 2 and parts[0] in {"select_one", "select_multiple"}:
            questions[str(name)] = by_list.get(parts[1], {})
    return questions


def read_mediations(
    path: str | Path, mapping: MediationMapping, *, xlsform: Path | None = None
) -> list[MediationRow]:
    """Read and check every row; raise IngestError with all the problems found."""
    path = Path(path)
    frame = read_table(path, mapping.sheet)
    headers = [str(c).strip() for c in frame.columns]
    frame.columns = headers
    problems = ProblemCollector(path)
    for name, header in mapping.columns.items():
        if header not in headers and name in REQUIRED:
            problems.add(f"column '{header}' is not in the file", field=name)
    zone_headers = [mapping.columns[n] for n in ("zone_code", "zone_name") if n in mapping.columns]
    if not set(zone_headers) & set(headers):
        problems.add(f"no zone column ({' or '.join(zone_headers)}) in the file", field="zone")
    problems.raise_if_any()
    columns = {name: header for name, header in mapping.columns.items() if header in headers}
    form = xlsform or mapping.xlsform
    labels = xlsform_labels(form, mapping.label_column) if form else {}
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        row = _row(
            {str(k): v for k, v in record.items()}, index + 2, columns, mapping, labels, problems
        )
        if row is not None:
            rows.append(row)
    problems.raise_if_any()
    if not rows:
        raise IngestError([Problem("the file has no records", file=path.name)])
    return rows


def _cell(record: dict[str, Any], columns: dict[str, str], name: str) -> Any:
    header = columns.get(name)
    if header is None:
        return None
    value = record.get(header)
    return None if is_blank(value) else value


def _choice(
    raw: Any,
    name: str,
    header: str,
    mapping: MediationMapping,
    labels: dict[str, dict[str, str]],
) -> str | None:
    text = str(raw).strip()
    question = labels.get(header.rsplit("/", 1)[-1], {})
    text = question.get(normalize_name(text), text)
    allowed = CHOICES.get(name, ())
    if text in allowed:
        return text
    return mapping.values.get(name, {}).get(normalize_name(text))


def _row(
    record: dict[str, Any],
    number: int,
    columns: dict[str, str],
    mapping: MediationMapping,
    labels: dict[str, dict[str, str]],
    problems: ProblemCollector,
) -> MediationRow | None:
    found = len(problems.problems)
    values: dict[str, Any] = {}
    day = _cell(record, columns, "occurred_at")
    when = _timestamp(day, _cell(record, columns, "time"))
    if when is None:
        problems.add(f"not a date: {day!r}", row=number, field="occurred_at")
    for name in CHOICES:
        raw = _cell(record, columns, name)
        if raw is None:
            if name in REQUIRED:
                problems.add("missing", row=number, field=name)
            continue
        if name in MULTI:
            picked = []
            for part in str(raw).replace(",", " ").replace(";", " ").split():
                value = _choice(part, name, columns[name], mapping, labels)
                if value is None:
                    problems.add(f"unknown value '{part}'", row=number, field=name)
                else:
                    picked.append(value)
            values[name] = sorted(set(picked))
        else:
            value = _choice(raw, name, columns[name], mapping, labels)
            if value is None:
                problems.add(f"unknown value '{raw}'", row=number, field=name)
            values[name] = value
    for name in BOOLEANS:
        raw = _cell(record, columns, name)
        text = normalize_name(raw) if raw is not None else ""
        text = mapping.values.get(name, {}).get(text, text).lower()
        if text in YES or text == "yes":
            values[name] = True
        elif text in NO:
            values[name] = False
        else:
            problems.add(f"not yes or no: '{raw}'", row=number, field=name)
    for name in COUNTS:
        raw = _cell(record, columns, name)
        if raw is None:
            continue
        try:
            values[name] = int(float(str(raw).replace(",", ".")))
        except ValueError:
            problems.add(f"not a whole number: '{raw}'", row=number, field=name)
    for name in TEXTS:
        raw = _cell(record, columns, name)
        values[name] = "" if raw is None else str(raw).strip()
    _point(record, columns, values, number, problems)
    raw_uuid = _cell(record, columns, "uuid")
    record_uuid = None
    if raw_uuid is not None:
        text = str(raw_uuid).strip().removeprefix("uuid:")
        try:
            record_uuid = uuid.UUID(text)
        except ValueError:
            problems.add(f"not a UUID: '{raw_uuid}'", row=number, field="uuid")
    zone_code = _cell(record, columns, "zone_code")
    zone_name = _cell(record, columns, "zone_name")
    if zone_code is None and zone_name is None:
        problems.add(
            "no zone", row=number, field="zone_code" if "zone_code" in columns else "zone_name"
        )
    due = _date(_cell(record, columns, "follow_up_due"), number, "follow_up_due", problems)
    done = _date(_cell(record, columns, "follow_up_done"), number, "follow_up_done", problems)
    if len(problems.problems) > found or when is None:
        return None
    return MediationRow(
        row=number,
        uuid=record_uuid,
        occurred_at=when,
        zone_code=normalize_code(zone_code) if zone_code is not None else "",
        zone_name=str(zone_name or ""),
        values=values,
        follow_up_due=due,
        follow_up_done=done,
    )


def _timestamp(day: Any, clock: Any) -> datetime | None:
    """A naive local timestamp from a date (or date and time) cell and an optional time cell."""
    if day is None:
        return None
    if isinstance(day, datetime | pd.Timestamp):
        stamp = pd.Timestamp(day)
        moment = stamp.to_pydatetime().replace(tzinfo=None)
    else:
        text = str(day).strip()
        try:
            # Kobo: "2023-04-05T18:30:00.000-05:00"; keep the local clock time.
            moment = datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            parsed = _one_date(text, DAY_FIRST_FORMATS)
            if parsed is None:
                return None
            moment = datetime.combine(parsed, time(12, 0))
    if clock is not None:
        try:
            hour = time.fromisoformat(str(clock).strip()[:8])
        except ValueError:
            return None
        moment = datetime.combine(moment.date(), hour)
    return moment


def _date(raw: Any, number: int, name: str, problems: ProblemCollector) -> date | None:
    if raw is None:
        return None
    parsed = _one_date(raw, DAY_FIRST_FORMATS)
    if parsed is None:
        problems.add(f"not a date: '{raw}'", row=number, field=name)
    return parsed


def _point(
    record: dict[str, Any],
    columns: dict[str, str],
    values: dict[str, Any],
    number: int,
    problems: ProblemCollector,
) -> None:
    lat, lon = _cell(record, columns, "latitude"), _cell(record, columns, "longitude")
    gps = _cell(record, columns, "gps")
    if gps is not None and lat is None:
        parts = str(gps).split()
        lat, lon = (parts[0], parts[1]) if len(parts) >= 2 else (gps, None)
    if lat is None and lon is None:
        values["latitude"] = values["longitude"] = None
        return
    try:
        values["latitude"], values["longitude"] = float(str(lat)), float(str(lon))
    except ValueError:
        problems.add(f"not a point: '{lat}', '{lon}'", row=number, field="latitude")
        return
    if not (-4.3 <= values["latitude"] <= 13.5 and -82.0 <= values["longitude"] <= -66.8):
        problems.add("the point is outside Colombia", row=number, field="latitude")
