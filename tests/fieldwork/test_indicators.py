"""Field work figures as indicators of the results framework, shown in the strategy's IPTT."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from redpaz.strategy import computations
from redpaz.strategy.models import Indicator
from redpaz.strategy.selectors.iptt import iptt_build
from redpaz.strategy.services import indicator_compute
from tests.factories import comuna
from tests.fieldwork.helpers import mediation
from tests.strategy.helpers import pazos, person, reported

pytestmark = pytest.mark.django_db


def _at(day: date) -> datetime:
    return datetime.combine(day, time(19, 0), tzinfo=timezone.get_current_timezone())


def test_mediations_resolved_share_and_follow_ups_on_time_appear_in_the_iptt(client) -> None:  # type: ignore[no-untyped-def]
    strategy = pazos(zones=("10", "13"))
    # In 2021: three mediations in comuna 10 (two resolved), one in 13 (failed) with two
    # follow-ups (one on time, one late); one in comuna 01 (outside the strategy) and one in
    # 2020 that do not count.
    mediation(comuna("10"), when=_at(date(2021, 2, 1)), outcome="resolved")
    mediation(comuna("10"), when=_at(date(2021, 6, 1)), outcome="resolved")
    mediation(comuna("10"), when=_at(date(2021, 9, 1)), outcome="referred")
    mediation(
        comuna("13"),
        when=_at(date(2021, 10, 1)),
        outcome="failed",
        follow_ups=(
            {"due_on": date(2021, 10, 8), "done_on": date(2021, 10, 8)},
            {"due_on": date(2021, 10, 15), "done_on": date(2021, 10, 20)},
        ),
    )
    mediation(comuna("01"), when=_at(date(2021, 5, 1)), outcome="resolved")
    mediation(comuna("10"), when=_at(date(2020, 5, 1)), outcome="failed")

    performed = reported(
        strategy, code="GES-1", computation="fieldwork.mediations", disaggregations={"zone": False}
    )
    resolved = reported(
        strategy,
        code="GES-2",
        name="Mediaciones resueltas",
        unit=Indicator.Unit.PERCENTAGE,
        computation="fieldwork.mediations_resolved",
        targets={"2021": Decimal(60)},
        disaggregations={"zone": False},
    )
    on_time = reported(
        strategy,
        code="GES-3",
        name="Seguimientos a tiempo",
        unit=Indicator.Unit.PERCENTAGE,
        computation="fieldwork.follow_ups_on_time",
        targets={"2021": Decimal(80)},
    )
    for indicator in (performed, resolved, on_time):
        indicator_compute(indicator=indicator, notify=False)

    rows = {row.indicator.code: row for row in iptt_build(strategy, approved_only=False).rows}
    assert rows["GES-1"].track.cell("2021").actual == Decimal(4)
    assert rows["GES-1"].track.cell("2020").actual == Decimal(1)
    assert rows["GES-2"].track.cell("2021").actual == Decimal("50.00")
    assert rows["GES-2"].track.cell("2021").target == Decimal(60)
    assert rows["GES-3"].track.cell("2021").actual == Decimal("50.00")
    result = performed.results.get(period="2021")
    by_zone = {v.category: v.value for v in result.values.filter(dimension="zone")}
    assert by_zone == {str(comuna("10").pk): Decimal(3), str(comuna("13").pk): Decimal(1)}
    assert result.trace["records"]["count"] == 4
    assert "Ningún seguimiento" in on_time.results.get(period="2022").note

    # The IPTT page lists them.
    client.force_login(person("analista", "analyst"))
    page = client.get(reverse("strategy:iptt", args=[strategy.pk]) + "?periods=years")
    assert page.status_code == 200
    assert "GES-2" in page.content.decode()


def test_the_computations_are_offered_when_defining_an_indicator() -> None:
    names = {c.name for c in computations.available()}
    assert {
        "fieldwork.mediations",
        "fieldwork.mediations_resolved",
        "fieldwork.follow_ups_on_time",
    } <= names
