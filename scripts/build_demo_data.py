"""Build the compact demo data shipped inside the redpaz wheel from ../shared/data.

Run from the repository root: ``python scripts/build_demo_data.py [--data ../shared/data]``.
The outputs are derived, never edited by hand; their sources are named in
``src/redpaz/demo_data/SOURCES.md``. Outputs are deterministic (gzip without timestamps), so
rebuilding from the same inputs changes no committed byte.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

OUT = Path(__file__).resolve().parent.parent / "src" / "redpaz" / "demo_data"

# Official names with their accents; the cadastral file writes them without.
MEDELLIN_COMUNAS = {
    "01": "Popular",
    "02": "Santa Cruz",
    "03": "Manrique",
    "04": "Aranjuez",
    "05": "Castilla",
    "06": "Doce de Octubre",
    "07": "Robledo",
    "08": "Villa Hermosa",
    "09": "Buenos Aires",
    "10": "La Candelaria",
    "11": "Laureles-Estadio",
    "12": "La América",
    "13": "San Javier",
    "14": "El Poblado",
    "15": "Guayabal",
    "16": "Belén",
    "50": "San Sebastián de Palmitas",
    "60": "San Cristóbal",
    "70": "Altavista",
    "80": "San Antonio de Prado",
    "90": "Santa Elena",
}


def write_gzip(path: Path, data: bytes) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    path.write_bytes(buffer.getvalue())
    print(f"  {path.name}: {path.stat().st_size / 1024:.0f} KiB")


def geojson_bytes(frame: gpd.GeoDataFrame, precision: int) -> bytes:
    """GeoJSON in EPSG:4326 with rounded coordinates and only the listed properties."""
    features = []
    for row in frame.itertuples(index=False):
        geom = shapely.transform(row.geometry, lambda c: np.round(c, precision))
        geom = shapely.make_valid(geom) if not geom.is_valid else geom
        properties = {k: v for k, v in row._asdict().items() if k != "geometry"}
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": json.loads(shapely.to_geojson(geom)),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()


def policia_grid_csv(path: Path) -> bytes:
    """A Policía release as CSV with every row kept (titles, header, data, TOTAL, footer).

    Dates become ISO days and whole numbers lose Excel's ".0", so that the same reader (and the
    same checks: header search, TOTAL, extraction date) works on the derived file.
    """
    grid = pd.read_excel(path, header=None, engine="calamine")

    def cell(value: object) -> object:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if hasattr(value, "date") and hasattr(value, "hour"):
            return value.date().isoformat()  # type: ignore[attr-defined]
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value

    grid = grid.map(cell)
    return grid.to_csv(index=False, header=False, lineterminator="\n").encode()


def build(data: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"Building demo data from {data} into {OUT}")

    # Population: DANE municipal projections, CNPV 2018 base (2018-2024), long, as published.
    pop = pd.read_excel(data / "dane_poblacion" / "poblacion_2018_2023.xlsx", engine="calamine")
    pop["departamento_code"] = pop["departamento_code"].astype(int).map("{:02d}".format)
    pop["municipio_code"] = pop["municipio_code"].astype(int).map("{:05d}".format)
    write_gzip(OUT / "dane_poblacion_municipal_2018_2024.csv.gz", pop.to_csv(index=False).encode())

    # CNPV 2005 base, 2003-2017, wide by year (sheet Mpios), as published.
    old = pd.read_excel(
        data / "dane_poblacion" / "poblacion_2003_2017.xls",
        sheet_name="Mpios",
        engine="calamine",
        dtype={"departamento_code": str, "municipio_code": str},
    )
    write_gzip(OUT / "dane_poblacion_municipal_2003_2017.csv.gz", old.to_csv(index=False).encode())

    # National population by sex and single year of age (standard population), copied unchanged.
    source = data / "dane_poblacion" / "PPED-AreaSexoEdadNac-2018-2070PostCovid.xlsx"
    (OUT / "dane_pped_nacional_sexo_edad.xlsx").write_bytes(source.read_bytes())
    print(f"  dane_pped_nacional_sexo_edad.xlsx: {source.stat().st_size / 1024:.0f} KiB")

    # Unmet basic needs (NBI) by municipality, 2021: context for prioritisation, unchanged.
    source = data / "dane_poblacion" / "NBI_2021.xlsx"
    (OUT / "dane_nbi_municipal_2021.xlsx").write_bytes(source.read_bytes())
    print(f"  dane_nbi_municipal_2021.xlsx: {source.stat().st_size / 1024:.0f} KiB")

    # Boundaries: DANE MGN 2018 (already simplified), coordinates to 1e-5 degrees (about 1 m).
    dpto = gpd.read_file(data / "mgn2018" / "co_2018_MGN_DPTO_POLITICO.geojson")
    dpto = dpto[["DPTO_CCDGO", "DPTO_CNMBR", "geometry"]].sort_values("DPTO_CCDGO")
    write_gzip(OUT / "mgn2018_departamentos.geojson.gz", geojson_bytes(dpto, 5))
    mpio = gpd.read_file(data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    mpio = mpio[["MPIO_CCNCT", "MPIO_CNMBR", "DPTO_CCDGO", "DPTO_CNMBR", "geometry"]].sort_values(
        "MPIO_CCNCT"
    )
    write_gzip(OUT / "mgn2018_municipios.geojson.gz", geojson_bytes(mpio, 5))

    # Medellín comunas and corregimientos: cadastral limits (EPSG:9377) reprojected to 4326 and
    # simplified by 1 m, with the official names.
    comunas = gpd.read_file(data / "medellin" / "limite_catastral_de_comun.geojson")
    comunas["geometry"] = comunas.geometry.simplify(1.0, preserve_topology=True)
    comunas = comunas.to_crs(4326)
    comunas["codigo"] = comunas["comuna"].astype(str).str.zfill(2)
    comunas["nombre_catastral"] = comunas["nombre"]
    comunas["nombre"] = comunas["codigo"].map(MEDELLIN_COMUNAS)
    if comunas["nombre"].isna().any():
        raise SystemExit("a Medellín comuna code has no official name in MEDELLIN_COMUNAS")
    comunas = comunas[["codigo", "nombre", "nombre_catastral", "geometry"]].sort_values("codigo")
    write_gzip(OUT / "medellin_comunas.geojson.gz", geojson_bytes(comunas, 6))

    # Population by comuna and year (Medellín DAP projections), long.
    zpop = gpd.read_file(data / "medellin" / "poblacion_por_comuna.geojson", ignore_geometry=True)
    zpop = pd.DataFrame(
        {
            "codigo": zpop["CODIGO"].astype(int).map("{:02d}".format),
            "nombre": zpop["NOMBRE"],
            "año": zpop["AÑO"].astype(int),
            "poblacion": zpop["POBLACION"].astype(int),
        }
    ).sort_values(["codigo", "año"])
    (OUT / "medellin_poblacion_comunas.csv").write_text(zpop.to_csv(index=False), encoding="utf-8")
    print("  medellin_poblacion_comunas.csv")

    # Policía Nacional homicide releases 2011-2023 (no 2020 in the source), every row as CSV.
    for release in sorted((data / "policia_homicidios").glob("homicidios_*.xls*")):
        year = release.stem.rsplit("_", 1)[1]
        write_gzip(OUT / f"policia_homicidios_{year}.csv.gz", policia_grid_csv(release))

    # Medellín homicides, one row per victim (SISC, MEData), as published, gzip.
    points = data / "medellin" / "homicidios_medata_clean.csv"
    write_gzip(OUT / "medellin_homicidios_sisc.csv.gz", points.read_bytes())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    build(args.data.resolve())
