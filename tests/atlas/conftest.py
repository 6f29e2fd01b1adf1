"""Data for the observatory pages: real releases and points, through the real importers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from redpaz.observatory.services import points_import, policia_import
from redpaz.web.demo import demo_file

YEARS = (2018, 2019, 2021, 2022, 2023)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Cached maps are keyed by data version: test databases reuse versions, so start clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def homicides(db: Any) -> None:
    """Policía releases 2018-2023 (national) and Medellín's SISC points, as the demo loads them."""
    policia_import(paths=[demo_file(f"policia_homicidios_{year}.csv.gz") for year in YEARS])
    points_import(
        path=demo_file("medellin_homicidios_sisc.csv.gz"),
        municipality_code="05001",
        crime="homicidio",
        source="medellin-sisc",
    )
