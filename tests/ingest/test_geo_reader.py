"""The boundary reader on real files in four coordinate systems, and on broken ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import shapely

from redpaz.ingest.errors import IngestError
from redpaz.ingest.geo import read_boundaries


@pytest.mark.shared_data
def test_it_reads_the_dane_municipalities(shared_data: Path) -> None:
    result = read_boundaries(
        shared_data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson", code_width=5
    )
    assert result.code_field == "MPIO_CCNCT"
    assert len(result.features) == 1122
    assert all(f.geometry.is_valid for f in result.features)


@pytest.mark.shared_data
def test_it_reprojects_medellin_comunas_from_epsg_9377(shared_data: Path) -> None:
    result = read_boundaries(
        shared_data / "medellin" / "limite_catastral_de_comun.geojson",
        code_field="comuna",
        name_field="nombre",
    )
    assert result.source_crs == "EPSG:9377"
    assert len(result.features) == 21
    minx, miny, maxx, maxy = shapely.union_all([f.geometry for f in result.features]).bounds
    # Medellín lies around 6.25°N, 75.57°W.
    assert -75.8 < minx < maxx < -75.4 and 6.1 < miny < maxy < 6.4


@pytest.mark.shared_data
def test_it_reads_a_shapefile_in_the_cali_local_crs(shared_data: Path) -> None:
    result = read_boundaries(
        shared_data / "cali" / "mc_barrios.shp",
        code_field="id_barrio",
        name_field="barrio",
        parent_field="comuna",
    )
    assert result.source_crs == "EPSG:6249"
    assert len(result.features) == 337
    assert result.features[0].parent_code
    point = result.features[0].geometry.representative_point()
    assert -76.7 < point.x < -76.4 and 3.3 < point.y < 3.6


@pytest.mark.shared_data
def test_it_repairs_an_invalid_barrio_and_says_so(shared_data: Path) -> None:
    result = read_boundaries(
        shared_data / "policia_hurto_personas" / "barrios.geojson",
        code_field="GEOID",
        name_field="Barrio",
    )
    assert result.source_crs == "EPSG:3116"
    assert len(result.features) == 315
    assert any("invalid geometry repaired" in w for w in result.warnings)


@pytest.mark.shared_data
def test_it_refuses_a_shapefile_without_prj(shared_data: Path, tmp_path: Path) -> None:
    for ext in (".shp", ".shx", ".dbf"):
        shutil.copy(shared_data / "cali" / f"mc_barrios{ext}", tmp_path / f"barrios{ext}")
    with pytest.raises(IngestError, match=r"barrios\.shp: the shapefile has no \.prj"):
        read_boundaries(tmp_path / "barrios.shp", code_field="id_barrio", name_field="barrio")


def _write(tmp_path: Path, features: list[dict], name: str = "zones.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def _square(x: float, y: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


def test_it_refuses_malformed_geojson(tmp_path: Path) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [ {"type": ')
    with pytest.raises(IngestError, match=r"bad\.geojson"):
        read_boundaries(path)


def test_it_names_the_feature_with_a_duplicated_code(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {"codigo": "01", "nombre": "A"},
                "geometry": _square(-75.6, 6.2),
            },
            {
                "type": "Feature",
                "properties": {"codigo": "01", "nombre": "B"},
                "geometry": _square(-75.5, 6.2),
            },
        ],
    )
    with pytest.raises(
        IngestError, match=r"row 2, field 'codigo': code '01' is also used by feature 1"
    ):
        read_boundaries(path)


def test_it_asks_for_the_code_field_when_it_cannot_tell(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {"etiqueta": "x", "nombre": "A"},
                "geometry": _square(-75.6, 6.2),
            }
        ],
    )
    with pytest.raises(IngestError, match=r"--code-field.*etiqueta"):
        read_boundaries(path)
    with pytest.raises(IngestError, match=r"'cod_x' is not in the file"):
        read_boundaries(path, code_field="cod_x")


def test_it_refuses_points_and_missing_geometry(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {"codigo": "1", "nombre": "A"},
                "geometry": {"type": "Point", "coordinates": [-75.6, 6.2]},
            },
            {"type": "Feature", "properties": {"codigo": "2", "nombre": "B"}, "geometry": None},
        ],
    )
    with pytest.raises(IngestError) as error:
        read_boundaries(path)
    assert "row 1, field 'geometry': feature '1' is a Point" in str(error.value)
    assert "row 2, field 'geometry': feature '2' has no geometry" in str(error.value)


def test_it_repairs_a_bow_tie_polygon(tmp_path: Path) -> None:
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[-75.6, 6.2], [-75.5, 6.3], [-75.5, 6.2], [-75.6, 6.3], [-75.6, 6.2]]],
    }
    path = _write(
        tmp_path,
        [{"type": "Feature", "properties": {"codigo": "1", "nombre": "A"}, "geometry": bow_tie}],
    )
    result = read_boundaries(path)
    assert result.features[0].geometry.is_valid
    assert "feature 1 (1): invalid geometry repaired" in result.warnings[0]


def test_it_catches_swapped_latitude_and_longitude(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {"codigo": "1", "nombre": "A"},
                "geometry": _square(6.2, -75.6),
            }
        ],
    )
    with pytest.raises(IngestError, match="lies outside Colombia"):
        read_boundaries(path)


def test_it_refuses_projected_coordinates_without_a_crs(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            {
                "type": "Feature",
                "properties": {"codigo": "1", "nombre": "A"},
                "geometry": _square(4_718_000, 2_254_000, 500),
            }
        ],
    )
    with pytest.raises(IngestError, match="declares no coordinate system"):
        read_boundaries(path)
