"""Read a list of programme participants (CSV or workbook) into checked rows. No Django.

One row per person: document, names, date of birth, sex, ethnicity, zone, contact, the date of
enrolment and of their authorisation (Ley 1581 de 2012). Headers may be in Spanish or English,
in any order, below title lines. Every problem names the file, the row and the column; a file
with any problem imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from redpaz.ingest.errors import IngestError, ProblemCollector
from redpaz.ingest.tables import column_lookup, find_header, header_key, read_grids
from redpaz.ingest.text import normalize_name

ALIASES: dict[str, tuple[str, ...]] = {
    "document_type": ("tipo_documento", "tipo documento", "tipo de documento", "document_type"),
    "document_number": (
        "numero_documento",
        "número de documento",
        "numero de documento",
        "documento",
        "document_number",
    ),
    "given_names": ("nombres", "nombre", "given_names"),
    "first_surname": ("primer_apellido", "primer apellido", "first_surname"),
    "second_surname": ("segundo_apellido", "segundo apellido", "second_surname"),
    "birth_date": ("fecha_nacimiento", "fecha de nacimiento", "birth_date"),
    "sex": ("sexo", "sex"),
    "gender_identity": ("identidad_genero", "identidad de género", "gender_identity"),
    "ethnicity": ("etnia", "pertenencia etnica", "pertenencia étnica", "ethnicity"),
    "disability": ("discapacidad", "disability"),
    "victim": ("victima", "víctima", "victima del conflicto", "victim"),
    "zone": ("comuna", "zona", "barrio", "zone"),
    "phone": ("telefono", "teléfono", "celular", "phone"),
    "email": ("correo", "correo electronico", "email"),
    "address": ("direccion", "dirección", "address"),
    "enrolled_on": ("fecha_inscripcion", "fecha de inscripción", "fecha ingreso", "enrolled_on"),
    "consent_date": ("fecha_autorizacion", "fecha de autorización", "consent_date"),
    "consent_form": ("forma_autorizacion", "forma de autorización", "consent_form"),
    "guardian_name": ("acudiente", "nombre acudiente", "guardian_name"),
}
REQUIRED = ("given_names", "first_surname", "birth_date", "enrolled_on", "consent_date")
# The header of a participant list as RedPaz writes one (the demo, the benchmark): each field
# under its first name above.
LIST_HEADER = tuple(
    ALIASES[field][0]
    for field in (
        "document_type",
        "document_number",
        "given_names",
        "first_surname",
        "second_surname",
        "birth_date",
        "sex",
        "ethnicity",
        "disability",
        "victim",
        "zone",
        "phone",
        "enrolled_on",
        "consent_date",
    )
)
DOCUMENT_TYPES = {"CC", "TI", "RC", "CE", "PPT", "PA", "PEP"}
SEXES = {
    "F": "female", "MUJER": "female", "FEMENINO": "female", "FEMALE": "female",
    "M": "male", "H": "male", "HOMBRE": "male", "MASCULINO": "male", "MALE": "male",
    "I": "intersex", "INTERSEXUAL": "intersex", "INTERSEX": "intersex",
}  # fmt: skip
ETHNICITIES = {
    "INDIGENA": "indigena", "ROM": "rom", "GITANO": "rom", "RAIZAL": "raizal",
    "PALENQUERO": "palenquero", "NEGRO": "negro", "AFROCOLOMBIANO": "negro",
    "NEGRO AFROCOLOMBIANO": "negro", "AFRODESCENDIENTE": "negro", "NINGUNO": "ninguno",
    "NINGUNA": "ninguno", "NONE": "ninguno",
}  # fmt: skip
CONSENT_FORMS = {
    "ESCRITA": "written", "FIRMADA": "written", "WRITTEN": "written", "DIGITAL": "digital",
    "VERBAL": "verbal", "CONDUCTA": "conduct", "CONDUCT": "conduct",
}  # fmt: skip
YES = {"SI", "S", "X", "1", "YES", "TRUE", "VERDADERO"}
NO = {"NO", "N", "0", "FALSE", "FALSO", ""}


@dataclass
class ParticipantRow:
    row: int
    document_type: str
    document_number: str
    given_names: str
    first_surname: str
    second_surname: str
    birth_date: date
    sex: str
    gender_identity: str
    ethnicity: str
    disability: bool
    victim: bool
    zone: str
    phone: str
    email: str
    address: str
    enrolled_on: date
    consent_date: date
    consent_form: str
    guardian_name: str


def _accept(cells: list[str]) -> bool:
    found = column_lookup(cells, ALIASES)
    return all(name in found for name in ("given_names", "first_surname", "birth_date"))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    text = _text(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    return None


def read_participants(path: str | Path, *, today: date) -> list[ParticipantRow]:
    """Return the file's rows, checked; raise IngestError naming every problem found."""
    path = Path(path)
    sheets = read_grids(path)
    grid = next(iter(sheets.values()))
    header = find_header(grid, _accept)
    if header is None:
        raise IngestError(
            "no header with the columns nombres, primer_apellido and fecha_nacimiento was found "
            "in the first 60 rows",
            file=path.name,
        )
    headers = [header_key(v) for v in grid.iloc[header].tolist()]
    positions = column_lookup(headers, ALIASES)
    problems = ProblemCollector(path)
    for name in REQUIRED:
        if name not in positions:
            problems.add(f"the column {ALIASES[name][0]} is missing", row=header + 1, field=name)
    problems.raise_if_any()
    labels = {name: str(grid.iloc[header, pos]) for name, pos in positions.items()}
    rows: list[ParticipantRow] = []
    seen_documents: dict[str, int] = {}
    values = grid.iloc[header + 1 :].to_numpy(dtype=object)
    for offset, cells in enumerate(values):
        number = header + 2 + offset

        def cell(name: str, cells: Any = cells) -> Any:
            position = positions.get(name)
            return cells[position] if position is not None else None

        if all(_text(c) == "" for c in cells):
            continue
        row = _row(number, cell, labels, problems, today)
        if row is None:
            continue
        if row.document_number:
            key = normalize_name(row.document_number).replace(" ", "")
            if key in seen_documents:
                problems.add(
                    f"the document is repeated (first on row {seen_documents[key]})",
                    row=number,
                    field=labels.get("document_number"),
                )
            seen_documents[key] = number
        rows.append(row)
    problems.raise_if_any()
    if not rows:
        raise IngestError("the file has a header but no participants", file=path.name)
    return rows


def _row(
    number: int, cell: Any, labels: dict[str, str], problems: ProblemCollector, today: date
) -> ParticipantRow | None:
    before = len(problems.problems)

    def fail(message: str, name: str) -> None:
        problems.add(message, row=number, field=labels.get(name, name))

    given = _text(cell("given_names"))
    first = _text(cell("first_surname"))
    if not given:
        fail("the given names are empty", "given_names")
    if not first:
        fail("the first surname is empty", "first_surname")
    birth = _date(cell("birth_date"))
    if birth is None:
        fail(f"{_text(cell('birth_date'))!r} is not a date (use YYYY-MM-DD)", "birth_date")
    elif birth > today or birth.year < 1900:
        fail(f"the date of birth {birth} is impossible", "birth_date")
    enrolled = _date(cell("enrolled_on"))
    if enrolled is None:
        fail(f"{_text(cell('enrolled_on'))!r} is not a date (use YYYY-MM-DD)", "enrolled_on")
    consent = _date(cell("consent_date"))
    if consent is None:
        fail(
            "the date of the authorisation is missing or not a date: a person cannot be "
            "registered without it (Ley 1581 de 2012)",
            "consent_date",
        )
    document_type = normalize_name(cell("document_type")).replace(" ", "")
    if document_type and document_type not in DOCUMENT_TYPES:
        fail(f"unknown document type {document_type!r}", "document_type")
    raw_sex = normalize_name(cell("sex"))
    sex = SEXES.get(raw_sex, "")
    if raw_sex and not sex:
        fail(f"unknown sex {raw_sex!r} (use F, M or I)", "sex")
    raw_ethnicity = normalize_name(cell("ethnicity"))
    ethnicity = ETHNICITIES.get(raw_ethnicity, "")
    if raw_ethnicity and not ethnicity:
        fail(f"unknown ethnicity {raw_ethnicity!r}", "ethnicity")
    raw_form = normalize_name(cell("consent_form"))
    form = CONSENT_FORMS.get(raw_form, "written" if not raw_form else "")
    if not form:
        fail(f"unknown form of authorisation {raw_form!r}", "consent_form")
    flags = {}
    for name in ("disability", "victim"):
        raw = normalize_name(cell(name))
        if raw not in YES and raw not in NO:
            fail(f"{raw!r} is not yes or no (use SI or NO)", name)
        flags[name] = raw in YES
    if len(problems.problems) > before or birth is None or enrolled is None or consent is None:
        return None
    return ParticipantRow(
        row=number,
        document_type="PPT" if document_type == "PEP" else document_type,
        document_number=_text(cell("document_number")),
        given_names=given,
        first_surname=first,
        second_surname=_text(cell("second_surname")),
        birth_date=birth,
        sex=sex,
        gender_identity=_text(cell("gender_identity")),
        ethnicity=ethnicity,
        disability=flags["disability"],
        victim=flags["victim"],
        zone=_text(cell("zone")),
        phone=_text(cell("phone")),
        email=_text(cell("email")),
        address=_text(cell("address")),
        enrolled_on=enrolled,
        consent_date=consent,
        consent_form=form,
        guardian_name=_text(cell("guardian_name")),
    )
