"""How fast the IPTT renders for a large strategy: 60 indicators x 16 quarters.

Goal: the IPTT page renders in under 500 ms. Builds a throwaway database (SQLite in a temporary
REDPAZ_HOME, or DATABASE_URL if set: use an empty scratch database), fills a strategy of four
years reported by quarter with 60 indicators in every unit and cumulative mode, quarterly
targets and results (some approved, some disaggregated), then times:

  build   the IPTT data (4 queries and the arithmetic of every cell)
  page    the whole HTML page through Django's test client (as a logged-in analyst)
  xlsx    the XLSX export

Run: python benchmarks/strategy.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from _support import setup_django

INDICATORS = 60
YEARS = (2022, 2023, 2024, 2025)


def build_strategy() -> tuple[object, object]:
    from redpaz.accounts.models import Organisation, User
    from redpaz.accounts.services import membership_grant
    from redpaz.strategy.models import (
        Component,
        Disaggregation,
        Indicator,
        Result,
        ResultValue,
        Strategy,
        Target,
    )
    from redpaz.territory.models import Level, Territory

    country = Territory.objects.create(level=Level.COUNTRY, code="CO", name="Colombia")
    department = Territory.objects.create(
        level=Level.DEPARTMENT, code="05", name="Antioquia", parent=country, department_code="05"
    )
    medellin = Territory.objects.create(
        level=Level.MUNICIPALITY,
        code="05001",
        name="Medellín",
        parent=department,
        municipality_code="05001",
        department_code="05",
    )
    organisation = Organisation.objects.create(name="Secretaría de Seguridad (benchmark)")
    analyst = User.objects.create_user("analyst", password="x")  # noqa: S106 - throwaway
    membership_grant(
        user=analyst, organisation=organisation, role="analyst", territories=[medellin]
    )
    strategy = Strategy.objects.create(
        name="Benchmark strategy",
        organisation=organisation,
        territory=medellin,
        start=date(YEARS[0], 1, 1),
        end=date(YEARS[-1], 12, 31),
        quarterly=True,
    )
    components = [
        Component.objects.create(strategy=strategy, code=str(i), name=f"Component {i}", order=i)
        for i in range(1, 6)
    ]
    kinds = [
        ("count", "increase", "cumulative"),
        ("count", "increase", "non_cumulative"),
        ("count", "decrease", "non_cumulative"),
        ("percentage", "increase", "non_cumulative"),
        ("rate_100k", "decrease", "non_cumulative"),
        ("count", "increase", "cumulative_non_summing"),
        ("money", "increase", "cumulative"),
    ]
    indicators = []
    for n in range(INDICATORS):
        unit, direction, mode = kinds[n % len(kinds)]
        indicators.append(
            Indicator(
                strategy=strategy,
                component=components[n % len(components)] if n % 6 else None,
                code=f"I-{n + 1:02d}",
                name=f"Indicator {n + 1} with a realistic, fairly long name for the table",
                level=("impact", "outcome", "output")[n % 3],
                unit=unit,
                direction=direction,
                mode=mode,
                frequency="quarter",
                baseline_value=Decimal(80) if direction == "decrease" else Decimal(10),
                baseline_date=date(YEARS[0] - 1, 12, 31),
                order=n,
            )
        )
    Indicator.objects.bulk_create(indicators)
    targets, results = [], []
    for n, indicator in enumerate(indicators):
        for y, year in enumerate(YEARS):
            for q in range(1, 5):
                step = 4 * y + q
                if indicator.direction == "decrease":
                    target, actual = Decimal(80 - step), Decimal(80 - step * 0.8)
                elif indicator.mode == "non_cumulative":
                    target, actual = Decimal(25), Decimal(20 + (n + step) % 10)
                else:
                    target, actual = Decimal(25 * step), Decimal(22 * step)
                if indicator.unit == "percentage":
                    target, actual = Decimal(min(60 + step, 100)), Decimal(min(55 + step, 100))
                key = f"{year}Q{q}"
                targets.append(Target(indicator=indicator, period=key, value=target))
                results.append(
                    Result(
                        indicator=indicator,
                        period=key,
                        origin="reported",
                        value=actual,
                        status="approved" if step < 12 else "submitted",
                    )
                )
    Target.objects.bulk_create(targets)
    Result.objects.bulk_create(results)
    Disaggregation.objects.bulk_create(
        [Disaggregation(indicator=i, dimension="sex") for i in indicators[::4]]
    )
    with_sex = {i.pk for i in indicators[::4]}
    values = []
    for result in Result.objects.filter(indicator_id__in=with_sex):
        half = (result.value / 2).quantize(Decimal(1))
        values += [
            ResultValue(result=result, dimension="sex", category="female", value=half),
            ResultValue(result=result, dimension="sex", category="male", value=result.value - half),
        ]
    ResultValue.objects.bulk_create(values)
    return strategy, analyst


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    function()  # warm caches (templates, translations)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        setup_django(Path(home))
        from django.test import Client
        from django.urls import reverse

        from redpaz.strategy.selectors.iptt import iptt_build

        strategy, analyst = build_strategy()
        client = Client()
        client.force_login(analyst)
        url = reverse("strategy:iptt", args=[strategy.pk])  # type: ignore[attr-defined]
        response = client.get(url + "?periods=quarters")
        assert response.status_code == 200, response.status_code
        cells = response.content.decode().count('class="num t')
        from django.db import connection

        print(f"IPTT benchmark · {INDICATORS} indicators x 16 quarters · {connection.vendor}")
        print(f"  target cells in the page: {cells}")
        for label, function in (
            ("build (data + arithmetic)", lambda: iptt_build(strategy, approved_only=False)),
            ("page (HTML, quarters)", lambda: client.get(url + "?periods=quarters")),
            ("page (HTML, years)", lambda: client.get(url + "?periods=years")),
            ("xlsx export (quarters)", lambda: client.get(url + "?periods=quarters&format=xlsx")),
        ):
            runs = timed(function, options.repeat)
            print(
                f"  {label:<28} median {statistics.median(runs):7.1f} ms"
                f"   min {min(runs):7.1f} ms   max {max(runs):7.1f} ms"
            )
        page = statistics.median(timed(lambda: client.get(url + "?periods=quarters"), 5))
        goal = "met" if page < 500 else "NOT met"
        print(f"  goal: the IPTT page in under 500 ms: {goal} ({page:.0f} ms)")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
