"""Real violence data for analysis tests, loaded through the importers a person uses.

Expected figures come from an independent reading of the raw files (tests.analysis.realdata), so
a test compares what RedPaz computes from stored data with what the files publish.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from redpaz.imports.models import ImportBatch
from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
from redpaz.observatory.services import points_import, policia_import
from redpaz.territory.models import Territory
from tests.analysis.realdata import policia_years


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
    """Import the real Policía releases (all, or the given years) through the importer.

    Returns the national total per year read independently from the raw files with pandas
    (tests.analysis.realdata), so a test can compare what RedPaz stored with the files.
    """
    folder = shared_data / "policia_homicidios"
    expected = {
        year: int(frame["count"].sum())
        for year, frame in policia_years(folder).items()
        if years is None or year in years
    }
    files = [
        path
        for path in sorted(folder.glob("homicidios_*"))
        if int(path.stem.split("_")[1]) in expected
    ]
    policia_import(paths=files)
    return expected


def load_medellin_points(shared_data: Path) -> int:
    """Import Medellín's SISC homicide points through the importer; return the records stored."""
    outcome = points_import(
        path=shared_data / "medellin" / "homicidios_medata_clean.csv",
        municipality_code="05001",
        source="medellin-sisc",
    )
    return EventRecord.objects.filter(batch=outcome.batch).count()
