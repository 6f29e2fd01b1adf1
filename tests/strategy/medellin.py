"""Medellín's real homicide records as EventRecords, for tests until the points importer lands.

Reads ../shared/data/medellin/homicidios_medata_clean.csv with pandas and places each record in
the comuna whose boundary contains it (shapely), as the points importer will.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from redpaz.imports.models import ImportBatch
from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
from redpaz.territory.models import Level, Territory

SOURCE = "medellin-sisc"


def load_medellin_points(data: Path) -> int:
    """Store the 18,488 records (idempotent); return how many there are."""
    source, _created = Source.objects.get_or_create(
        slug=SOURCE,
        defaults={"name": "Medellín · SISC (MEData)", "kind": Source.Kind.POINTS},
    )
    if EventRecord.objects.filter(source=source).exists():
        return EventRecord.objects.filter(source=source).count()
    frame = pd.read_csv(data / "medellin" / "homicidios_medata_clean.csv")
    when = pd.to_datetime(frame["FECHA_HECHO"], utc=True).dt.tz_convert("America/Bogota")
    medellin = Territory.objects.get(level=Level.MUNICIPALITY, code="05001", boundary_set=None)
    comunas = list(
        Territory.objects.filter(level=Level.COMUNA, boundary_set__municipality=medellin)
    )
    lon, lat = frame["LONGITUD"].to_numpy(float), frame["LATITUD"].to_numpy(float)
    zone_of = np.full(len(frame), -1, dtype=np.int64)
    for comuna in comunas:
        inside = shapely.contains_xy(comuna.shape(), lon, lat)
        zone_of[(zone_of == -1) & inside] = comuna.pk
    batch = ImportBatch.objects.create(
        kind="points",
        source_name="homicidios_medata_clean.csv",
        sha256="0" * 64,
        scope="05001",
        publisher="Alcaldía de Medellín (MEData)",
    )
    homicidio = Crime.objects.get(slug="homicidio")
    sexes = {"Hombre": "male", "Mujer": "female"}
    rows = [
        EventRecord(
            source=source,
            crime=homicidio,
            batch=batch,
            source_row=i + 2,
            date=when.iloc[i].date(),
            municipality=medellin,
            zone_id=int(zone_of[i]) if zone_of[i] > 0 else None,
            count=1,
            sex=sexes.get(frame["SEXO"].iloc[i], ""),
            age=int(frame["EDAD"].iloc[i]) if pd.notna(frame["EDAD"].iloc[i]) else None,
            weapon=str(frame["MODALIDAD"].iloc[i])[:120],
            place_type=str(frame["LUGAR"].iloc[i])[:120],
            place_name=str(frame["NOMBRE_BARRIO"].iloc[i])[:200],
            longitude=float(lon[i]),
            latitude=float(lat[i]),
        )
        for i in range(len(frame))
    ]
    EventRecord.objects.bulk_create(rows, batch_size=2000)
    Coverage.objects.create(
        source=source,
        crime=homicidio,
        territory=medellin,
        start=date(2003, 1, 1),
        end=date(2023, 11, 30),
        batch=batch,
    )
    return len(rows)
