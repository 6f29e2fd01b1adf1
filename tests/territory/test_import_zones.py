"""`redpaz import zones`: real boundaries in any CRS, versioned boundary sets, all or nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from redpaz.imports.models import ImportBatch
from redpaz.territory.models import BoundarySet, Level, Territory
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Territory.objects.count(), BoundarySet.objects.count(), ImportBatch.objects.count()


@pytest.mark.shared_data
def test_it_imports_medellin_comunas_from_epsg_9377(shared_data: Path, capsys) -> None:
    path = shared_data / "medellin" / "limite_catastral_de_comun.geojson"
    call_command(
        "import_zones",
        str(path),
        "--level",
        "comuna",
        "--parent",
        "05001",
        "--code-field",
        "comuna",
        "--name-field",
        "nombre",
        "--valid-from",
        "2030-01-01",
    )
    assert "21 rows stored" in capsys.readouterr().out
    current = BoundarySet.objects.get(
        municipality__code="05001", level=Level.COMUNA, valid_to__isnull=True
    )
    assert current.valid_from == date(2030, 1, 1)
    assert current.zones.count() == 21
    # The bundled drawing is kept as history, closed the day before.
    previous = BoundarySet.objects.get(municipality__code="05001", valid_to=date(2029, 12, 31))
    assert previous.zones.count() == 21
    belen = current.zones.get(code="16")
    assert belen.name == "BELEN"
    assert 8.0 < belen.area_km2 < 9.5
    assert -75.65 < belen.label_lon < -75.55
    assert belen.shape().within(municipality("05001").shape().buffer(0.01))
    batch = ImportBatch.objects.get(pk=current.batch_id)
    assert batch.report["source_crs"] == "EPSG:9377"


@pytest.mark.shared_data
def test_reimporting_the_same_boundary_file_changes_nothing(shared_data: Path, capsys) -> None:
    path = shared_data / "mgn2018" / "co_2018_MGN_DPTO_POLITICO.geojson"
    call_command("import_zones", str(path), "--level", "department")
    before = _counts()
    call_command("import_zones", str(path), "--level", "department")
    assert "nothing changed" in capsys.readouterr().out
    assert _counts() == before


@pytest.mark.shared_data
def test_it_imports_cali_barrios_under_their_comunas(shared_data: Path, tmp_path: Path) -> None:
    barrios = gpd.read_file(shared_data / "cali" / "mc_barrios.shp")
    comunas = barrios.dissolve(by="comuna").reset_index()[["comuna", "geometry"]]
    comunas["nombre"] = "Comuna " + comunas["comuna"]
    comunas_path = tmp_path / "comunas_cali.gpkg"
    comunas.to_file(comunas_path, driver="GPKG")
    call_command(
        "import_zones",
        str(comunas_path),
        "--level",
        "comuna",
        "--parent",
        "76001",
        "--code-field",
        "comuna",
        "--name-field",
        "nombre",
    )
    call_command(
        "import_zones",
        str(shared_data / "cali" / "mc_barrios.shp"),
        "--level",
        "barrio",
        "--parent",
        "76001",
        "--code-field",
        "id_barrio",
        "--name-field",
        "barrio",
        "--parent-field",
        "comuna",
        "--parent-level",
        "comuna",
    )
    barrio = Territory.objects.get(level=Level.BARRIO, municipality_code="76001", code="0216")
    assert barrio.name == "Menga"
    assert barrio.parent.level == Level.COMUNA and barrio.parent.code == "02"
    assert Territory.objects.filter(level=Level.BARRIO, municipality_code="76001").count() == 337


def _geojson(tmp_path: Path, features: list[dict], name: str = "z.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _feature(code: str, x: float, y: float, size: float = 0.01) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {
        "type": "Feature",
        "properties": {"codigo": code, "nombre": f"Zona {code}"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def test_zones_outside_their_municipality_are_refused(tmp_path: Path) -> None:
    # Squares in Medellín declared as zones of Palmira.
    path = _geojson(tmp_path, [_feature("1", -75.60, 6.24), _feature("2", -75.58, 6.24)])
    before = _counts()
    with pytest.raises(CommandError, match="do not lie in Palmira"):
        call_command("import_zones", str(path), "--level", "custom", "--parent", "76520")
    assert _counts() == before


def test_a_zone_level_needs_its_municipality(tmp_path: Path) -> None:
    path = _geojson(tmp_path, [_feature("1", -75.60, 6.24)])
    with pytest.raises(CommandError, match="add --parent CODE"):
        call_command("import_zones", str(path), "--level", "barrio")


def test_an_unknown_level_is_refused(tmp_path: Path) -> None:
    path = _geojson(tmp_path, [_feature("1", -75.60, 6.24)])
    with pytest.raises(CommandError, match="unknown level 'manzana'"):
        call_command("import_zones", str(path), "--level", "manzana", "--parent", "05001")


def test_a_duplicated_code_writes_nothing(tmp_path: Path) -> None:
    path = _geojson(tmp_path, [_feature("1", -75.60, 6.24), _feature("1", -75.58, 6.24)])
    before = _counts()
    with pytest.raises(CommandError, match=r"z\.geojson, row 2, field 'codigo'"):
        call_command("import_zones", str(path), "--level", "custom", "--parent", "05001")
    assert _counts() == before


def test_a_new_drawing_keeps_the_old_one_as_history(tmp_path: Path) -> None:
    first = _geojson(tmp_path, [_feature("1", -75.60, 6.24)], "v1.geojson")
    second = _geojson(
        tmp_path, [_feature("1", -75.60, 6.24, 0.02), _feature("2", -75.57, 6.24)], "v2.geojson"
    )
    call_command(
        "import_zones",
        str(first),
        "--level",
        "quadrant",
        "--parent",
        "05001",
        "--valid-from",
        "2020-01-01",
    )
    call_command(
        "import_zones",
        str(second),
        "--level",
        "quadrant",
        "--parent",
        "05001",
        "--valid-from",
        "2024-07-01",
    )
    sets = BoundarySet.objects.filter(municipality__code="05001", level=Level.QUADRANT)
    old, new = sets.order_by("valid_from")
    assert (old.valid_from, old.valid_to) == (date(2020, 1, 1), date(2024, 6, 30))
    assert (new.valid_from, new.valid_to) == (date(2024, 7, 1), None)
    assert old.zones.count() == 1 and new.zones.count() == 2
    with pytest.raises(CommandError, match="would end before it began"):
        third = _geojson(tmp_path, [_feature("9", -75.60, 6.24)], "v3.geojson")
        call_command(
            "import_zones",
            str(third),
            "--level",
            "quadrant",
            "--parent",
            "05001",
            "--valid-from",
            "2023-01-01",
        )


def test_a_redrawing_without_a_date_starts_today(tmp_path: Path) -> None:
    first = _geojson(tmp_path, [_feature("1", -75.60, 6.24)], "a.geojson")
    second = _geojson(tmp_path, [_feature("1", -75.60, 6.24, 0.015)], "b.geojson")
    call_command("import_zones", str(first), "--level", "vereda", "--parent", "05001")
    call_command("import_zones", str(second), "--level", "vereda", "--parent", "05001")
    today = timezone.localdate()
    closed = BoundarySet.objects.get(level=Level.VEREDA, valid_to__isnull=False)
    assert closed.valid_to == today - timedelta(days=1)
