"""`redpaz import points`: each point placed once, bad coordinates named, zones cross-checked."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError
from redpaz.observatory.models import Coverage, EventRecord, Source
from redpaz.observatory.selectors import EventFilter, event_counts, unplaced_count
from redpaz.observatory.services import points_import
from redpaz.territory.models import Level
from redpaz.territory.services import boundaries_import
from redpaz.web.demo import demo_file
from tests.factories import comuna, municipality

pytestmark = pytest.mark.django_db

HEADER = "FECHA_HECHO,LONGITUD,LATITUD,SEXO,EDAD,MODALIDAD,LUGAR,NOMBRE_BARRIO,COMUNA"
# Two points in Medellín: La Candelaria (10) and Belén (16).
GOOD = [
    "2021-04-23T07:30:00.000-05:00,-75.569854,6.25722555,Mujer,50,Arma de fuego,Vía pública,"
    '"Estación Villa",LA CANDELARIA',
    "2021-05-11T19:51:00.000-05:00,-75.610368,6.22280611,Hombre,24,Arma de fuego,Vía pública,"
    "Altavista,BELEN",
]


def _csv(path: Path, *lines: str, header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def _stored() -> tuple[int, int, int]:
    return EventRecord.objects.count(), Coverage.objects.count(), ImportBatch.objects.count()


def test_medellin_points_are_placed_in_their_comunas_and_the_file_agrees(capsys) -> None:
    path = demo_file("medellin_homicidios_sisc.csv.gz")
    call_command("import_points", str(path), "--municipality", "05001", "--source", "medellin-sisc")
    out = capsys.readouterr().out
    assert "18,488 rows stored" in out
    assert "placed in a comuna: 18,488; in no zone: 0" in out
    batch = ImportBatch.objects.get(kind="points")
    report = batch.report
    assert report["placed"] == 18488 and report["unplaced"] == 0
    agreement = report["agreement"]
    assert agreement["compared"] == 18488
    # The file's own COMUNA disagrees only for points within 100 m of the comuna it names.
    assert agreement["disagree"] == agreement["boundary_cases"] <= 10
    assert agreement["agree"] == 18488 - agreement["disagree"]
    source = Source.objects.get(slug="medellin-sisc")
    assert source.kind == Source.Kind.POINTS and "SISC" in source.publisher
    coverage = Coverage.objects.get(batch=batch)
    assert (coverage.territory.code, coverage.start, coverage.end) == (
        "05001",
        date(2003, 1, 1),
        date(2023, 11, 29),
    )
    filters = EventFilter.years("medellin-sisc", "homicidio", 2003, 2023)
    by_comuna = event_counts(filters, level=Level.COMUNA, municipality_code="05001")
    assert by_comuna["count"].sum() == 18488
    assert unplaced_count(filters, municipality_code="05001") == 0
    first = EventRecord.objects.filter(batch=batch).order_by("source_row").first()
    assert first is not None
    assert first.occurred_at == datetime(2019, 4, 23, 12, 30, tzinfo=UTC)
    assert (first.zone, first.sex, first.age, first.age_group) == (
        comuna("10"),
        "female",
        50,
        "adult",
    )
    assert first.place_name == "Estación Villa"

    before = _stored()
    call_command("import_points", str(path), "--municipality", "05001", "--source", "medellin-sisc")
    assert "nothing changed" in capsys.readouterr().out
    assert _stored() == before


def test_swapped_coordinates_are_named_and_nothing_is_stored(tmp_path: Path) -> None:
    swapped = "2021-06-01T10:00:00-05:00,6.25,-75.57,Hombre,30,Arma de fuego,Vía pública,X,Y"
    path = _csv(tmp_path / "swapped.csv", *GOOD, swapped)
    before = _stored()
    with pytest.raises(IngestError) as caught:
        points_import(path=path, municipality_code="05001")
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("swapped.csv", 4, "LATITUD")
    assert "swapped" in problem.message
    assert _stored() == before


def test_points_outside_the_municipality_are_named(tmp_path: Path) -> None:
    bogota = "2021-06-01T10:00:00-05:00,-74.08,4.61,Hombre,30,Arma de fuego,Vía pública,X,Y"
    path = _csv(tmp_path / "elsewhere.csv", bogota, *GOOD)
    before = _stored()
    with pytest.raises(IngestError) as caught:
        points_import(path=path, municipality_code="05001")
    problem = caught.value.problems[0]
    assert (problem.row, problem.field) == (2, "LONGITUD")
    assert "outside Medellín (05001)" in problem.message
    assert _stored() == before


@pytest.mark.parametrize(
    "lines, header, message, row, field",
    [
        (["not a date,-75.57,6.25,Hombre,30,A,B,C,D"], HEADER, "unreadable date", 2, "FECHA_HECHO"),
        (["2021-01-01T10:00:00-05:00,-75.57,norte,Hombre,30,A,B,C,D"], HEADER, "not a number", 2,
         "LATITUD"),
        ([], HEADER, "no data rows", None, None),
        (["2021-01-01T10:00:00-05:00,-75.57,Hombre"], "FECHA_HECHO,LONGITUD,SEXO",
         "missing required column: latitude", 1, "latitude"),
        (["2021-01-01,-75.57,6.25,-2"], "FECHA,LONGITUD,LATITUD,CANTIDAD",
         "not a non-negative whole number", 2, "CANTIDAD"),
    ],
)  # fmt: skip
def test_bad_point_files_are_refused_naming_row_and_column(
    tmp_path: Path, lines: list[str], header: str, message: str, row: int | None, field: str | None
) -> None:
    path = _csv(tmp_path / "bad.csv", *lines, header=header)
    before = _stored()
    with pytest.raises(IngestError) as caught:
        points_import(path=path, municipality_code="05001")
    problem = caught.value.problems[0]
    assert message in problem.message
    assert (problem.file, problem.row, problem.field) == ("bad.csv", row, field)
    assert _stored() == before


def test_an_empty_point_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="the file is empty"):
        points_import(path=path, municipality_code="05001")


def _squares(tmp_path: Path) -> tuple[float, float, float]:
    """Two police quadrants of Palmira sharing an edge, "B" west of "A"; returns x0, y0, side."""
    x0, y0, side = -76.31, 3.53, 0.01
    features = [
        {
            "type": "Feature",
            "properties": {"code": code, "name": f"Cuadrante {code}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[x, y0], [x + side, y0], [x + side, y0 + side], [x, y0 + side], [x, y0]]
                ],
            },
        }
        for code, x in (("B", x0), ("A", x0 + side))
    ]
    path = tmp_path / "cuadrantes.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    boundaries_import(path=path, level="quadrant", parent_code="76520", code_field="code",
                      name_field="name")  # fmt: skip
    return x0, y0, side


def test_a_point_on_a_shared_border_is_placed_once_and_points_in_no_zone_are_kept(
    tmp_path: Path,
) -> None:
    x0, y0, side = _squares(tmp_path)
    mid = y0 + side / 2
    lines = [
        f"2021-03-01 10:00,{x0 + side},{mid}",  # on the border of B and A
        f"2021-03-02 10:00,{x0 + side / 2},{mid}",  # inside B
        f"2021-03-03 10:00,{x0 + 1.5 * side},{mid}",  # inside A
        f"2021-03-04 10:00,{x0 - side},{mid}",  # in Palmira, in no quadrant
    ]
    path = _csv(tmp_path / "palmira.csv", *lines, header="FECHA,LONGITUD,LATITUD")
    outcome = points_import(path=path, municipality_code="76520", level="quadrant")
    zones = list(
        EventRecord.objects.filter(batch=outcome.batch)
        .order_by("source_row")
        .values_list("zone__code", flat=True)
    )
    assert zones == ["A", "B", "A", None]  # the border point goes to the lower code, A
    report = outcome.batch.report
    assert (report["placed"], report["unplaced"], report["on_boundary"]) == (3, 1, 1)
    assert any(
        "1 points lie in Palmira but in none of its zones" in w for w in outcome.batch.warnings
    )
    # Times without an offset are Colombian time.
    first = EventRecord.objects.get(batch=outcome.batch, source_row=2)
    assert first.occurred_at == datetime(2021, 3, 1, 15, 0, tzinfo=UTC)
    assert Source.objects.get(slug="points-76520").kind == Source.Kind.POINTS


def test_a_declared_period_is_the_coverage_and_must_hold_every_row(tmp_path: Path) -> None:
    path = _csv(tmp_path / "medellin.csv", *GOOD)
    with pytest.raises(IngestError) as caught:
        points_import(
            path=path, municipality_code="05001", start=date(2021, 5, 1), end=date(2021, 12, 31)
        )
    assert caught.value.problems[0].row == 2
    assert "outside the declared period" in caught.value.problems[0].message
    outcome = points_import(
        path=path, municipality_code="05001", start=date(2021, 1, 1), end=date(2021, 12, 31)
    )
    coverage = Coverage.objects.get(batch=outcome.batch)
    assert (coverage.start, coverage.end) == (date(2021, 1, 1), date(2021, 12, 31))


def test_a_longer_file_of_the_same_source_replaces_the_shorter_one(tmp_path: Path) -> None:
    short = points_import(path=_csv(tmp_path / "a.csv", GOOD[0]), municipality_code="05001")
    longer = points_import(path=_csv(tmp_path / "b.csv", *GOOD), municipality_code="05001")
    short.batch.refresh_from_db()
    assert short.batch.status == ImportBatch.Status.REPLACED
    assert EventRecord.objects.count() == 2
    # A file covering only part of what is stored would double-count the rest: refused.
    partial = _csv(tmp_path / "c.csv", GOOD[1].replace("2021-05-11", "2021-05-01"))
    with pytest.raises(IngestError, match=f"overlaps batch {longer.batch.pk}"):
        points_import(path=partial, municipality_code="05001")
    assert EventRecord.objects.count() == 2


def test_an_analyst_imports_points_only_for_their_municipality(tmp_path: Path, users) -> None:
    path = _csv(tmp_path / "medellin.csv", *GOOD)
    with pytest.raises(PermissionDenied):
        points_import(path=path, municipality_code="05001", user=users.pablo)
    outcome = points_import(path=path, municipality_code="05001", user=users.ana)
    assert outcome.batch.imported_by == users.ana
    assert municipality("05001").name == "Medellín"
