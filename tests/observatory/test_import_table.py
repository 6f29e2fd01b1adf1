"""`redpaz import table`: any table through a mapping, zone names matched, reviewed once."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError
from redpaz.observatory.models import Coverage, EventRecord, PlaceReview
from redpaz.observatory.services import review_confirm, review_reject, table_import
from redpaz.observatory.services.places import waiting_records
from redpaz.territory.models import Level, Territory, TerritoryAlias
from redpaz.territory.services import boundaries_import
from tests.factories import comuna

pytestmark = pytest.mark.django_db

MAPPING = """
[source]
slug = "medellin-rinas"
name = "Medellín – riñas (synthetic test data)"
crime = "lesiones-personales"

[read]
decimal = ","

[columns]
date = "Fecha"
municipality_code = "Cod_Mpio"
zone_name = "Comuna"
count = "Casos"
sex = "Sexo"
latitude = "Lat"
longitude = "Lon"
extra = ["Tipo"]

[zones]
level = "comuna"

[coverage]
territory = "05001"
"""
HEADER = "Fecha;Cod_Mpio;Comuna;Casos;Sexo;Lat;Lon;Tipo"
JANUARY = [
    "03/01/2021;5001;EL POBLADO C-14;2;MASCULINO;;;riña",
    "04/01/2021;05001;La Candelaria;1;FEMENINO;;;riña",
    "05/01/2021;05001;BELÃ‰N;1;F;;;riña",  # UTF-8 read as CP1252 once, then saved again
    "06/01/2021;05001;SAN ANTONIO;3;M;;;riña",
    "07/01/2021;05001;;1;M;6,2572;-75,5698;riña",  # no name, but coordinates: La Candelaria
]


def _files(
    tmp_path: Path, name: str, lines: list[str], mapping: str = MAPPING
) -> tuple[Path, Path]:
    table = tmp_path / f"{name}.csv"
    table.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode("cp1252"))
    spec = tmp_path / f"{name}.toml"
    spec.write_text(mapping, encoding="utf-8")
    return table, spec


def _stored() -> tuple[int, int, int]:
    return EventRecord.objects.count(), Coverage.objects.count(), ImportBatch.objects.count()


def test_a_name_confirmed_once_is_matched_in_every_later_import(tmp_path: Path, users) -> None:
    table, spec = _files(tmp_path, "enero", JANUARY)
    outcome = table_import(path=table, mapping=spec, user=users.ana)
    report = outcome.batch.report
    assert report["encoding"] == "cp1252" and report["delimiter"] == ";"
    (zones,) = report["zones"]
    assert (zones["rows_with_name"], zones["rows_placed_by_name"], zones["rows_waiting"]) == (
        4,
        3,
        1,
    )
    assert zones["rows_placed_by_coordinates"] == 1
    assert zones["match_rate"] == 75.0
    assert zones["unmatched_names"] == {"SAN ANTONIO": 1}
    placed = dict(
        EventRecord.objects.filter(batch=outcome.batch).values_list("source_row", "zone__code")
    )
    assert placed == {2: "14", 3: "10", 4: "16", 5: None, 6: "10"}
    record = EventRecord.objects.get(batch=outcome.batch, source_row=4)
    assert record.place_name == "BELÉN"  # repaired
    assert record.extra == {"Tipo": "riña"}
    assert record.crime.slug == "lesiones-personales"

    review = PlaceReview.objects.get(name="SAN ANTONIO")
    assert review.status == PlaceReview.Status.PENDING
    assert review.suggestions[0]["name"] == "San Antonio de Prado"
    assert waiting_records([review]) == {review.pk: (1, 3)}
    assert review_confirm(review=review, zone=comuna("80"), user=users.ana) == 1
    assert EventRecord.objects.get(batch=outcome.batch, source_row=5).zone == comuna("80")
    alias = TerritoryAlias.objects.get(territory=comuna("80"), normalized="SAN ANTONIO")
    assert alias.source == TerritoryAlias.Source.REVIEW and alias.created_by == users.ana

    february = [line.replace("/01/2021", "/02/2021") for line in JANUARY]
    table, spec = _files(tmp_path, "febrero", february)
    later = table_import(path=table, mapping=spec, user=users.ana)
    assert later.batch.report["zones"][0]["rows_waiting"] == 0
    assert EventRecord.objects.get(batch=later.batch, source_row=5).zone == comuna("80")
    assert PlaceReview.objects.filter(status=PlaceReview.Status.PENDING).count() == 0


def test_a_rejected_name_is_not_asked_about_again(tmp_path: Path, users) -> None:
    lines = [*JANUARY[:2], "08/01/2021;05001;TERMINAL DEL NORTE;1;M;;;riña"]
    table, spec = _files(tmp_path, "enero", lines)
    table_import(path=table, mapping=spec)
    review = PlaceReview.objects.get(name="TERMINAL DEL NORTE")
    review_reject(review=review, user=users.ana)
    table, spec = _files(tmp_path, "febrero", [x.replace("/01/", "/02/") for x in lines])
    later = table_import(path=table, mapping=spec)
    record = EventRecord.objects.get(batch=later.batch, source_row=4)
    assert (record.zone, record.place_key) == (None, "")
    assert PlaceReview.objects.get(pk=review.pk).status == PlaceReview.Status.REJECTED


def test_analysts_review_names_only_in_their_municipality(tmp_path: Path, users) -> None:
    table, spec = _files(tmp_path, "enero", JANUARY)
    table_import(path=table, mapping=spec)
    review = PlaceReview.objects.get(name="SAN ANTONIO")
    with pytest.raises(PermissionDenied):
        review_confirm(review=review, zone=comuna("80"), user=users.pablo)


@pytest.mark.parametrize(
    "line, row, field, message",
    [
        ("32/01/2021;05001;BELÉN;1;M;;;x", 2, "Fecha", "unreadable date '32/01/2021'"),
        ("03/01/2021;99999;BELÉN;1;M;;;x", 2, "Cod_Mpio", "unknown DIVIPOLA code"),
        ("03/01/2021;05001;BELÉN;uno;M;;;x", 2, "Casos", "'uno' is not a non-negative whole"),
        ("03/01/2021;05001;BELÉN;-3;M;;;x", 2, "Casos", "is not a non-negative whole"),
        ("03/01/2021;76520;PALMIRA;1;M;;;x", 2, "Cod_Mpio", "not in Medellín"),
        ("03/01/2021;05001;;1;M;-75,57;6,25;x", 2, "Lat", "swapped"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_stored(
    tmp_path: Path, line: str, row: int, field: str, message: str
) -> None:
    table, spec = _files(tmp_path, "malo", [line])
    before = _stored()
    with pytest.raises(IngestError) as caught:
        table_import(path=table, mapping=spec)
    problem = caught.value.problems[0]
    assert message in problem.message
    assert (problem.file, problem.row, problem.field) == ("malo.csv", row, field)
    assert _stored() == before


def test_a_column_the_mapping_names_must_exist(tmp_path: Path) -> None:
    table, spec = _files(tmp_path, "sin_casos", JANUARY, MAPPING.replace('"Casos"', '"Victimas"'))
    with pytest.raises(IngestError) as caught:
        table_import(path=table, mapping=spec)
    problem = caught.value.problems[0]
    assert (problem.row, problem.field) == (1, "Victimas")
    assert "missing required column 'Victimas'" in problem.message


def test_mapping_mistakes_are_named_by_their_key(tmp_path: Path) -> None:
    wrong = MAPPING.replace('date = "Fecha"', 'fecha = "Fecha"')
    table, spec = _files(tmp_path, "mal_mapa", JANUARY, wrong)
    with pytest.raises(IngestError) as caught:
        table_import(path=table, mapping=spec)
    fields = {p.field for p in caught.value.problems}
    assert {"columns.fecha", "columns.date"} <= fields
    assert all(p.file == "mal_mapa.toml" for p in caught.value.problems)


def test_an_empty_table_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "m.toml"
    spec.write_text(MAPPING, encoding="utf-8")
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="the file is empty"):
        table_import(path=empty, mapping=spec)


def test_a_workbook_reads_like_a_csv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in [HEADER, *JANUARY[:2]]:
        sheet.append(line.split(";"))
    table = tmp_path / "enero.xlsx"
    workbook.save(table)
    spec = tmp_path / "m.toml"
    spec.write_text(MAPPING, encoding="utf-8")
    outcome = table_import(path=table, mapping=spec)
    assert outcome.batch.rows_stored == 2
    assert outcome.batch.report["victims"] == 3


@pytest.mark.shared_data
def test_policia_hurto_files_import_with_the_barrio_match_rate_reported(
    shared_data: Path, tmp_path: Path, capsys
) -> None:
    barrios = gpd.read_file(shared_data / "policia_hurto_personas" / "barrios.geojson")
    barranquilla = tmp_path / "barrios_barranquilla.geojson"
    barrios[barrios["DANE"] == "08001"].to_file(barranquilla, driver="GeoJSON")
    boundaries_import(path=barranquilla, level="barrio", parent_code="08001",
                      code_field="GEOID", name_field="Barrio")  # fmt: skip
    # The example mapping the user guide documents.
    mapping = (
        Path(__file__).resolve().parents[2] / "docs" / "mappings" / "policia-hurto-personas.toml"
    )
    folder = shared_data / "policia_hurto_personas"
    call_command(
        "import_table", str(folder / "hurto-personas-2010.csv.gz"), "--mapping", str(mapping)
    )
    out = capsys.readouterr().out
    assert "61,405 rows stored" in out
    assert "Barranquilla (08001): 3,424 of 3,693 rows matched by name (92.7%)" in out
    batch = ImportBatch.objects.get(source_name="hurto-personas-2010.csv.gz")
    assert batch.report["victims"] == 61440
    (zones,) = batch.report["zones"]
    assert zones["unmatched_names"]["OLAYA"] == 47

    olaya = PlaceReview.objects.get(municipality__code="08001", name="OLAYA")
    assert olaya.suggestions[0]["name"] == "OLAYA HERRERA"
    herrera = Territory.objects.get(pk=olaya.suggestions[0]["id"])
    assert review_confirm(review=olaya, zone=herrera, user=None) == 47

    call_command(
        "import_table", str(folder / "hurto-personas-2011.csv.gz"), "--mapping", str(mapping)
    )
    later = ImportBatch.objects.get(source_name="hurto-personas-2011.csv.gz")
    (zones,) = later.report["zones"]
    assert "OLAYA" not in zones["unmatched_names"]
    assert zones["match_rate"] > 93
    assert EventRecord.objects.filter(batch=later, zone=herrera, place_name="OLAYA").exists()
    assert Territory.objects.filter(level=Level.BARRIO, municipality_code="08001").count() == 188
    assert json.dumps(later.report)  # the report is plain JSON
