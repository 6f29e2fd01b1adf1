"""Event records built straight from the real files with pandas, for analysis tests.

These stand in for the importers (issue 3) until they land: the records carry the same figures
the files publish (Policía victims by municipality and year; Medellín's points placed in their
comuna by their coordinates), so rates and hotspots can be checked on real data.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import shapely

from redpaz.imports.models import ImportBatch
from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
from redpaz.territory.models import Level, Territory
from tests.analysis.realdata import medellin_points, policia_years

BOGOTA = ZoneInfo("America/Bogota")


def source(slug: str, kind: str = "aggregated") -> Source:
    return Source.objects.get_or_create(slug=slug, defaults={"name": slug, "kind": kind})[0]


def batch(name: str = "test.xlsx") -> ImportBatch:
    return ImportBatch.objects.create(kind="test", source_name=name, sha256="0" * 64)


def cover(
    src: Source, territory: Territory, start: date, end: date, crime: str = "homicidio"
) -> None:
    Coverage.objects.create(
        source=src,
        crime=Crime.objects.get(slug=crime),
        territory=territory,
        start=start,
        end=end,
        batch=batch("coverage"),
    )


def load_policia(shared_data: Path, years: list[int] | None = None) -> dict[int, int]:
    """Victims by municipality and year as records of "policia-siedco"; the country covered.

    Returns the national total per year loaded.
    """
    src = source("policia-siedco")
    homicidio = Crime.objects.get(slug="homicidio")
    country = Territory.objects.get(level=Level.COUNTRY)
    municipalities = dict(
        Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).values_list(
            "code", "pk"
        )
    )
    totals = {}
    for year, frame in policia_years(shared_data / "policia_homicidios").items():
        if years is not None and year not in years:
            continue
        one = batch(f"homicidios_{year}")
        cover(src, country, date(year, 1, 1), date(year, 12, 31))
        by_code = frame.groupby("code")["count"].sum()
        EventRecord.objects.bulk_create(
            EventRecord(
                source=src,
                crime=homicidio,
                batch=one,
                source_row=i,
                date=date(year, 1, 1),
                municipality_id=municipalities[code],
                count=int(count),
            )
            for i, (code, count) in enumerate(by_code.items())
        )
        totals[year] = int(by_code.sum())
    return totals


def load_medellin_points(shared_data: Path) -> int:
    """Medellín's SISC homicides, one record per victim, placed in the comuna holding them."""
    src = source("medellin-sisc", kind="points")
    homicidio = Crime.objects.get(slug="homicidio")
    medellin = Territory.objects.get(level=Level.MUNICIPALITY, code="05001", boundary_set=None)
    cover(src, medellin, date(2003, 1, 1), date(2023, 11, 30))
    points = medellin_points(shared_data / "medellin" / "homicidios_medata_clean.csv")
    comunas = list(
        Territory.objects.filter(
            level=Level.COMUNA,
            boundary_set__municipality=medellin,
            boundary_set__valid_to__isnull=True,
        ).values_list("pk", "geometry")
    )
    tree = shapely.STRtree([shapely.from_wkb(bytes(g)) for _pk, g in comunas])
    where = shapely.points(points["longitude"].to_numpy(), points["latitude"].to_numpy())
    found, hits = tree.query(where, predicate="within")
    zone = np.full(len(points), -1)
    zone[found] = hits
    one = batch("homicidios_medata_clean.csv")
    records = []
    for i, row in enumerate(points.itertuples(index=False)):
        when: datetime = row.when.to_pydatetime().astimezone(BOGOTA)
        records.append(
            EventRecord(
                source=src,
                crime=homicidio,
                batch=one,
                source_row=i + 2,
                date=when.date(),
                occurred_at=when,
                municipality=medellin,
                zone_id=comunas[zone[i]][0] if zone[i] >= 0 else None,
                count=1,
                age=None if np.isnan(row.age) else int(row.age),
                sex={"Hombre": "male", "Mujer": "female"}.get(row.sex, ""),
                latitude=row.latitude,
                longitude=row.longitude,
            )
        )
    EventRecord.objects.bulk_create(records, batch_size=5000)
    return len(records)
