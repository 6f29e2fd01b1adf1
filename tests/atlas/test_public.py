"""The public page: no login, no count from 1 to 4, no point, suppression that holds."""

from __future__ import annotations

import re

import pytest

from redpaz.atlas.public import public_figures
from redpaz.territory.models import Territory

pytestmark = pytest.mark.django_db


def _numbers(body: str) -> list[int]:
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', body)
    return [int(c.replace(".", "").replace(",", "")) for c in cells if c.strip().isdigit()]


def test_the_public_page_shows_no_count_from_1_to_4_and_no_point(client, homicides) -> None:
    for code in ("76520", "05001", "05040"):  # a large and a small municipality
        page = client.get(f"/public/{code}/")
        assert page.status_code == 200
        body = page.content.decode()
        tables = body.split('class="public-table"')[1:]
        assert tables
        for table in tables:
            for number in _numbers(table.split("</table>")[0]):
                assert not 1 <= number <= 4
        assert "latitude" not in body and "leaflet" not in body.lower()


def test_a_small_municipality_has_suppressed_cells(homicides) -> None:
    small = Territory.objects.get(level="municipality", code="05040", boundary_set=None)
    figures = public_figures(small)
    assert figures is not None
    labels = [label for t in figures.tables for _y, row, _s in t.rows for label in row]
    assert "<5" in labels


def test_the_threshold_comes_from_the_settings(settings, homicides) -> None:
    settings.REDPAZ_SUPPRESSION_THRESHOLD = 11
    palmira = Territory.objects.get(level="municipality", code="76520", boundary_set=None)
    figures = public_figures(palmira)
    assert figures is not None and figures.threshold == 11
    for table in figures.tables:
        for _year, labels, _status in table.rows:
            for label in labels:
                assert label in ("<11", "*") or not 1 <= int(label) <= 10


def test_a_year_no_release_covers_is_named_not_shown_as_zero(client, homicides) -> None:
    palmira = Territory.objects.get(level="municipality", code="76520", boundary_set=None)
    figures = public_figures(palmira)
    assert figures is not None
    assert 2020 not in figures.years and figures.missing_years == [2020]
    body = client.get("/public/76520/").content.decode()
    assert "Ninguna publicación cubre 2020" in body
