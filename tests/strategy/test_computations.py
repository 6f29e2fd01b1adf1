"""Indicators computed from violence records in the target zones, traceable to the rows."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import shapely

from redpaz.imports.models import ImportBatch
from redpaz.strategy import computations, services
from redpaz.strategy.computations import Context
from redpaz.strategy.models import Indicator, Result
from redpaz.strategy.periods import Period
from redpaz.strategy.services.indicators import baseline_outcome
from redpaz.territory.models import BoundarySet, Level, Territory
from redpaz.territory.selectors import population_lookup
from tests.factories import comuna, municipality
from tests.strategy.helpers import SISC, covered, killing, pazos

pytestmark = pytest.mark.django_db


def _context(strategy, indicator, key: str) -> Context:
    from redpaz.strategy.services.computing import context_for

    return context_for(indicator, Period.parse(key))


def _victims(strategy, **params) -> Indicator:
    return services.indicator_create(
        strategy=strategy,
        code=params.pop("code", "V"),
        name="Víctimas",
        level="impact",
        unit="count",
        direction="decrease",
        computation="violence.victims",
        parameters={"source": SISC, "crime": "homicidio", **params},
        disaggregations={"sex": False, "zone": False, "age_group": False},
    )


def test_it_counts_victims_in_the_target_zones_once_with_their_records() -> None:
    covered()
    strategy = pazos()
    inside = [
        killing(date(2021, 3, 1), "10", age=20),
        killing(date(2021, 5, 9), "13", age=16, sex="female"),
        killing(date(2021, 6, 1), "13", age=40, count=2),  # an aggregated row of two victims
    ]
    killing(date(2021, 7, 1), "01")  # Popular is not a target zone
    killing(date(2022, 1, 1), "10")  # another year
    indicator = _victims(strategy)
    outcome = computations.get("violence.victims").compute(
        _context(strategy, indicator, "2021"), indicator.parameters
    )
    assert outcome.value == Decimal(4)
    assert outcome.complete
    assert sorted(outcome.records.values_list("pk", flat=True)) == sorted(r.pk for r in inside)
    assert outcome.disaggregated["sex"] == {"male": Decimal(3), "female": Decimal(1)}
    assert outcome.disaggregated["zone"] == {
        str(comuna("10").pk): Decimal(1),
        str(comuna("13").pk): Decimal(3),
    }
    assert outcome.disaggregated["age_group"] == {
        "18-28": Decimal(1),
        "14-17": Decimal(1),
        "29-59": Decimal(2),
    }


def test_it_counts_young_people_by_exact_age_and_keeps_the_trace() -> None:
    covered()
    strategy = pazos()
    for age in (13, 14, 28, 29, None):
        killing(date(2021, 4, 1), "10", age=age)
    indicator = _victims(strategy, age_min=14, age_max=28)
    results = {r.period: r for r in services.indicator_compute(indicator=indicator)}
    youth = results["2021"]
    assert youth.value == Decimal(2)
    assert youth.origin == Result.Origin.COMPUTED
    assert youth.trace["records"]["count"] == 2
    assert youth.trace["inputs"]["age_min"] == 14
    assert youth.trace["computation"] == "violence.victims"
    assert {(v.dimension, v.category): v.value for v in youth.values.all()}[("sex", "male")] == 2


def test_a_year_no_import_covers_has_no_figure_and_a_partial_one_is_incomplete() -> None:
    covered(start=date(2021, 1, 1), end=date(2023, 11, 30))
    strategy = pazos()
    indicator = _victims(strategy)
    results = {r.period: r for r in services.indicator_compute(indicator=indicator)}
    assert results["2020"].value is None
    assert "No import" in results["2020"].note or "Ninguna" in results["2020"].note
    assert results["2022"].value == Decimal(0)  # covered and quiet: a real zero
    assert results["2023"].value == Decimal(0) and not results["2023"].complete
    assert results["2023Q1"].complete  # the first quarter of 2023 is fully covered
    assert not results["2023Q4"].complete


def test_the_rate_uses_the_population_of_the_target_zones() -> None:
    covered()
    strategy = pazos()
    for _ in range(7):
        killing(date(2021, 2, 1), "10")
    killing(date(2021, 2, 1), "13", count=3)
    indicator = services.indicator_create(
        strategy=strategy,
        code="R",
        name="Tasa",
        level="impact",
        unit="rate_100k",
        direction="decrease",
        computation="violence.rate",
        parameters={"source": SISC, "crime": "homicidio"},
    )
    population = population_lookup([comuna("10").pk, comuna("13").pk], [2021])
    expected = Decimal(10) / Decimal(sum(population.values())) * 100_000
    results = {r.period: r for r in services.indicator_compute(indicator=indicator)}
    assert results["2021"].value == expected.quantize(Decimal("0.0001"))
    # A quarter's rate is annualised: the same victims in one quarter give a rate 4 times higher.
    assert float(results["2021Q1"].value) == pytest.approx(float(expected) * 365 / 90, rel=0.001)
    assert results["2021"].trace["inputs"]["person_years"] == sum(population.values())


def test_the_youth_rate_waits_for_youth_population_by_zone() -> None:
    covered()
    strategy = pazos()
    killing(date(2021, 2, 1), "10", age=20)
    indicator = services.indicator_create(
        strategy=strategy,
        code="YR",
        name="Tasa jóvenes",
        level="impact",
        unit="rate_100k",
        direction="decrease",
        computation="violence.rate",
        parameters={"source": SISC, "crime": "homicidio", "age_min": 14, "age_max": 28},
    )
    outcome = computations.get("violence.rate").compute(
        _context(strategy, indicator, "2021"), indicator.parameters
    )
    assert outcome.value is None
    assert "La Candelaria" in outcome.note and "14–28" in outcome.note


def test_a_priority_cluster_counts_its_records_and_sums_its_zones_population() -> None:
    from redpaz.observatory.models import Crime
    from redpaz.priorities.models import Prioritisation, PrioritisationItem
    from tests.strategy.helpers import sisc

    covered()
    medellin = municipality("05001")
    clusters = BoundarySet.objects.create(
        municipality=medellin, level=Level.PRIORITY_CLUSTER, name="Clusters 2024"
    )
    shape = shapely.union_all([comuna("10").shape(), comuna("13").shape()])
    cluster = Territory.objects.create(
        level=Level.PRIORITY_CLUSTER,
        code="01",
        name="Priorización 2024 · 1",
        parent=medellin,
        municipality_code="05001",
        department_code="05",
        boundary_set=clusters,
        geometry=shapely.to_wkb(shape),
    )
    # As a saved prioritisation stores it: the cluster's zones are items pointing at it.
    prioritisation = Prioritisation.objects.create(
        name="Priorización 2024",
        municipality=medellin,
        level="zone",
        crime=Crime.objects.get(slug="homicidio"),
        source=sisc(),
        first_year=2019,
        last_year=2023,
        boundary_set=clusters,
    )
    for rank, code in enumerate(("10", "13"), start=1):
        PrioritisationItem.objects.create(
            prioritisation=prioritisation,
            territory=comuna(code),
            score=90 - rank,
            rank=rank,
            cluster=1,
            cluster_zone=cluster,
        )
    killing(date(2021, 3, 1), "10")
    killing(date(2021, 3, 2), "13", placed=False)  # not placed in any zone, but inside
    killing(date(2021, 3, 3), "01")
    strategy = pazos(zones=())
    strategy.target_zones.set([cluster])
    indicator = _victims(strategy)
    outcome = computations.get("violence.victims").compute(
        _context(strategy, indicator, "2021"), indicator.parameters
    )
    assert outcome.value == Decimal(2)
    rate = services.indicator_create(
        strategy=strategy,
        code="R",
        name="Tasa",
        level="impact",
        unit="rate_100k",
        direction="decrease",
        computation="violence.rate",
        parameters={"source": SISC, "crime": "homicidio"},
    )
    outcome = computations.get("violence.rate").compute(
        _context(strategy, rate, "2021"), rate.parameters
    )
    population = sum(population_lookup([comuna("10").pk, comuna("13").pk], [2021]).values())
    assert outcome.value == (Decimal(2) / population * 100_000).quantize(Decimal("0.0001"))


def test_the_baseline_is_the_figure_of_the_year_the_user_chooses() -> None:
    covered()
    for _ in range(5):
        killing(date(2019, 6, 1), "10")
    strategy = pazos()
    indicator = _victims(strategy)
    assert baseline_outcome(indicator, 2019).value == Decimal(5)
    services.indicator_baseline_compute(
        indicator=indicator, year=2019, reason="Año anterior al inicio"
    )
    indicator.refresh_from_db()
    assert indicator.baseline_value == Decimal(5)
    assert indicator.baseline_date == date(2019, 12, 31)
    assert indicator.revisions.first().reason == "Año anterior al inicio"


def test_an_import_of_the_data_recomputes_the_figures(django_capture_on_commit_callbacks) -> None:
    from redpaz.imports.services import batch_finish

    covered()
    strategy = pazos()
    indicator = _victims(strategy)
    services.indicator_compute(indicator=indicator)
    assert indicator.results.get(period="2021").value == 0
    killing(date(2021, 3, 1), "10")
    points = ImportBatch.objects.create(kind="points", source_name="new.csv", sha256="2" * 64)
    with django_capture_on_commit_callbacks(execute=True):
        batch_finish(batch=points, rows_read=1, rows_stored=1)
    assert indicator.results.get(period="2021").value == 1
    assert indicator.results.get(period="2021").events.filter(action="recomputed").exists()


def test_a_registered_computation_from_another_app_works_without_touching_strategy_code() -> None:
    from redpaz.strategy.computations import Computation, Outcome, register, unregister

    def sessions_held(context: Context, params) -> Outcome:
        return Outcome(Decimal(context.end.month), inputs={"month": context.end.month})

    register(
        Computation("test.sessions", "Sesiones", "count", sessions_held, data_kinds=frozenset())
    )
    try:
        strategy = pazos()
        indicator = services.indicator_create(
            strategy=strategy,
            code="S",
            name="Sesiones",
            level="output",
            unit="count",
            direction="increase",
            computation="test.sessions",
            frequency="quarter",
        )
        results = {r.period: r.value for r in services.indicator_compute(indicator=indicator)}
        assert results["2021Q2"] == 6 and results["2021"] == 12
    finally:
        unregister("test.sessions")


def test_the_command_recomputes_the_figures() -> None:
    from django.core.management import CommandError, call_command

    covered()
    strategy = pazos()
    indicator = _victims(strategy)
    killing(date(2021, 3, 1), "10")
    out = io.StringIO()
    call_command("recompute_indicators", "--strategy", str(strategy.pk), stdout=out)
    assert "20 figures recomputed." in out.getvalue()  # 4 years and 16 quarters
    assert indicator.results.get(period="2021").value == 1
    with pytest.raises(CommandError):
        call_command("recompute_indicators", "--strategy", "999999")
