"""Medellín's real homicide records, imported as a person would (redpaz import points)."""

from __future__ import annotations

from pathlib import Path

from redpaz.observatory.models import EventRecord
from redpaz.observatory.services import points_import

SOURCE = "medellin-sisc"


def load_medellin_points(data: Path) -> int:
    """Import the 18,488 records (a second call changes nothing); return how many there are."""
    points_import(
        path=data / "medellin" / "homicidios_medata_clean.csv",
        municipality_code="05001",
        source=SOURCE,
    )
    return EventRecord.objects.filter(source__slug=SOURCE).count()
