"""Past mediations from a spreadsheet or a KoboToolbox export: all or nothing, errors that name
the file, row and field, the same file twice changes nothing."""

from __future__ import annotations

import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from redpaz.fieldwork.imports import mediations_import
from redpaz.fieldwork.models import Mediation
from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError
from redpaz.ingest.mediations import read_mapping

pytestmark = pytest.mark.django_db
MAPPING = Path(__file__).resolve().parents[2] / "docs" / "mappings" / "kobo-mediaciones.toml"
KOBO_HEADERS = [
    "_uuid",
    "datos/fecha",
    "datos/hora",
    "datos/comuna",
    "datos/ubicacion",
    "conflicto/tipo",
    "partes/personas",
    "partes/edades",
    "conflicto/armas",
    "conflicto/riesgo",
    "gestion/resultado",
    "gestion/remisiones",
    "seguimiento/fecha_programada",
    "seguimiento/fecha_realizada",
]


def _xlsx(path: Path, rows: list[list[object]], headers: list[str] = KOBO_HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _xlsform(path: Path) -> Path:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::Español (es)"])
    survey.append(["select_one tipos", "tipo", "Tipo de conflicto"])
    survey.append(["select_one riesgos", "riesgo", "Riesgo"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Español (es)"])
    choices.append(["tipos", "vecinos", "Entre vecinos"])
    choices.append(["tipos", "deudas", "Por deudas"])
    choices.append(["riesgos", "bajo", "Bajo"])
    choices.append(["riesgos", "inminente", "Inminente"])
    book.save(path)
    return path


def _row(record_uuid: str, **overrides: object) -> list[object]:
    values = {
        "_uuid": record_uuid,
        "datos/fecha": "2023-04-05",
        "datos/hora": "18:30:00",
        "datos/comuna": "La Candelaria",
        "datos/ubicacion": "6.2476 -75.5658 1500 5",
        "conflicto/tipo": "vecinos",
        "partes/personas": 3,
        "partes/edades": "jovenes adultos",
        "conflicto/armas": "no",
        "conflicto/riesgo": "bajo",
        "gestion/resultado": "resuelto",
        "gestion/remisiones": "",
        "seguimiento/fecha_programada": "2023-04-12",
        "seguimiento/fecha_realizada": "2023-04-12",
        **overrides,
    }
    return [values[h] for h in KOBO_HEADERS]


def test_a_kobo_export_with_labels_is_imported_with_its_xlsform(tmp_path: Path) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    export = _xlsx(
        tmp_path / "kobo.xlsx",
        [
            _row(first),
            _row(
                second,
                **{
                    "conflicto/tipo": "Por deudas",
                    "conflicto/riesgo": "Inminente",
                    "gestion/resultado": "remitido",
                    "gestion/remisiones": "policia casa_justicia",
                    "datos/ubicacion": "",
                    "datos/comuna": "10",
                    "seguimiento/fecha_realizada": "",
                },
            ),
        ],
    )
    outcome = mediations_import(
        path=export,
        municipality_code="05001",
        mapping=read_mapping(MAPPING),
        xlsform=_xlsform(tmp_path / "form.xlsx"),
    )
    assert outcome.created and outcome.batch.rows_stored == 2
    stored = Mediation.objects.get(uuid=second)
    assert (stored.conflict_type, stored.risk, stored.outcome) == ("debt", "imminent", "referred")
    assert stored.referrals == ["justice_house", "police"]
    assert stored.zone.name == "La Candelaria" and stored.precision == "zone"
    assert stored.alerted_at is None  # past records alert nobody
    plain = Mediation.objects.get(uuid=first)
    assert plain.age_groups == ["18-28", "29-59"]
    assert (plain.latitude, plain.longitude, plain.precision) == (6.2476, -75.5658, "approximate")
    assert timezone.localtime(plain.occurred_at).strftime("%H:%M") == "18:30"
    assert plain.follow_ups.get().on_time
    # The same file again changes nothing.
    again = mediations_import(path=export, municipality_code="05001", mapping=read_mapping(MAPPING))
    assert not again.created and Mediation.objects.count() == 2


def test_a_file_with_errors_imports_nothing_and_names_file_row_and_field(tmp_path: Path) -> None:
    export = _xlsx(
        tmp_path / "kobo.xlsx",
        [
            _row(str(uuid.uuid4())),
            _row(str(uuid.uuid4()), **{"conflicto/riesgo": "altísimo"}),
            _row(str(uuid.uuid4()), **{"datos/fecha": "ayer", "datos/comuna": "Narnia"}),
        ],
    )
    with pytest.raises(IngestError) as error:
        mediations_import(path=export, municipality_code="05001", mapping=read_mapping(MAPPING))
    text = error.value.describe()
    assert "kobo.xlsx, row 3, field 'risk': unknown value 'altísimo'" in text
    assert "kobo.xlsx, row 4, field 'occurred_at'" in text
    assert not Mediation.objects.exists()
    assert not ImportBatch.objects.filter(kind="mediations").exists()


def test_an_unknown_zone_is_reported_after_the_rows_are_read(tmp_path: Path) -> None:
    export = _xlsx(tmp_path / "k.xlsx", [_row(str(uuid.uuid4()), **{"datos/comuna": "Narnia"})])
    with pytest.raises(IngestError, match=r"k\.xlsx, row 2, field 'zone_name'"):
        mediations_import(path=export, municipality_code="05001", mapping=read_mapping(MAPPING))
    assert not ImportBatch.objects.filter(kind="mediations").exists()


def test_the_command_imports_a_redpaz_spreadsheet_and_skips_records_already_stored(
    tmp_path: Path,
) -> None:
    headers = ["uuid", "occurred_at", "zone_code", "conflict_type", "risk", "outcome"]
    known = str(uuid.uuid4())
    rows: list[list[object]] = [
        [known, "05/03/2022", "01", "family", "medium", "resolved"],
        [str(uuid.uuid4()), "2022-03-06 20:15", "03", "debt", "low", "failed"],
    ]
    first = _xlsx(tmp_path / "historico.xlsx", rows[:1], headers)
    out = StringIO()
    call_command("import_mediations", str(first), "--municipality", "05001", stdout=out)
    assert "1 rows stored" in out.getvalue()
    both = _xlsx(tmp_path / "historico-2.xlsx", rows, headers)
    err = StringIO()
    call_command("import_mediations", str(both), "--municipality", "05001", stdout=out, stderr=err)
    assert Mediation.objects.count() == 2
    assert "1 records already stored were skipped" in err.getvalue()
    march = Mediation.objects.get(uuid=known)
    assert str(march.occurred_at.date()) == "2022-03-05"
    bad = _xlsx(
        tmp_path / "malo.xlsx",
        [[str(uuid.uuid4()), "2022-01-01", "01", "x", "low", "resolved"]],
        headers,
    )
    with pytest.raises(CommandError, match=r"malo\.xlsx, row 2, field 'conflict_type'"):
        call_command("import_mediations", str(bad), "--municipality", "05001")


def test_a_mapping_with_mistakes_names_its_keys(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        '[columns]\noccurred_at = "fecha"\nmood = "animo"\n[values.risk]\nrojo = "red"\n',
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as error:
        read_mapping(mapping)
    text = error.value.describe()
    assert "field 'columns.mood'" in text and "field 'values.risk.rojo'" in text
    assert "field 'columns.outcome': required field has no column" in text
