"""How field work scales: a city's mediators syncing a backlog and a coordinator's supervision.

Goals: a phone that was offline for days syncs 1,000 queued records in well under a minute
(each is one PUT, as the form sends them) and syncing them all again (a retry) changes nothing
and is faster; the supervision page over 10,000 mediations answers in under a second, its map
(GeoJSON of every point) in under a second; the three field-work indicators of a four-year
strategy compute in under 2 s; a 5,000-row export imports in seconds.

Builds a throwaway database (SQLite in a temporary REDPAZ_HOME, or DATABASE_URL if set: use an
empty scratch database) with Medellín, 9 comunas with label points, 9 field workers (one per
comuna) and a coordinator over the city. Then times:

  sync          1,000 PUTs of new mediations by one field worker (with a follow-up each)
  re-sync       the same 1,000 PUTs again (every answer "unchanged")
  bulk          10,000 more mediations over two years (bulk insert, not timed as a goal)
  supervision   the coordinator's supervision page (median of 5)
  map           the map's GeoJSON of every mediation and intervention (median of 5)
  indicators    the three indicators for every year and quarter of a four-year strategy
  import        an XLSX of 5,000 past mediations through `import_mediations`

Run: python benchmarks/fieldwork.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from _support import median_ms, setup_django

SYNCED = 1_000
BULK = 10_000
IMPORTED = 5_000
COMUNAS = 9


def clock(label: str, function: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    print(f"  {label:<52} {elapsed * 1000:9.0f} ms")
    return result


def build() -> tuple[Any, list[Any], list[Any], Any]:
    from redpaz.accounts.models import Organisation, User
    from redpaz.accounts.services import membership_grant
    from redpaz.territory.models import BoundarySet, Level, Territory

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
    comunas = BoundarySet.objects.create(
        municipality=medellin, level=Level.COMUNA, name="Comunas (benchmark)"
    )
    zones = [
        Territory.objects.create(
            level=Level.COMUNA,
            code=f"{n:02d}",
            name=f"Comuna {n}",
            parent=medellin,
            municipality_code="05001",
            department_code="05",
            boundary_set=comunas,
            label_lat=6.25 + n * 0.005,
            label_lon=-75.56 + n * 0.004,
        )
        for n in range(1, COMUNAS + 1)
    ]
    organisation = Organisation.objects.create(name="Secretaría de Seguridad (benchmark)")
    workers = []
    for n, zone in enumerate(zones):
        worker = User.objects.create(username=f"gestor{n + 1}")
        membership_grant(
            user=worker, organisation=organisation, role="field_worker", territories=[zone]
        )
        workers.append(worker)
    coordinator = User.objects.create(username="coordinacion")
    membership_grant(
        user=coordinator,
        organisation=organisation,
        role="programme_staff",
        territories=[medellin],
    )
    return medellin, zones, workers, coordinator


def payload(zone: Any, rng: random.Random, day: date) -> dict[str, Any]:
    return {
        "zone": zone.pk,
        "occurred_at": f"{day.isoformat()}T{rng.randint(7, 21):02d}:30",
        "latitude": round(zone.label_lat + rng.uniform(-0.004, 0.004), 6),
        "longitude": round(zone.label_lon + rng.uniform(-0.004, 0.004), 6),
        "conflict_type": rng.choice(["neighbours", "family", "debt", "between_groups"]),
        "parties_count": rng.randint(2, 6),
        "age_groups": ["18-28"],
        # No high risk in the timed sync: alerts are measured by the e-mail backend, not here.
        "risk": rng.choice(["low", "medium"]),
        "actions": "Diálogo con las partes (benchmark).",
        "outcome": rng.choice(["resolved", "de_escalated", "referred", "failed"]),
        "follow_ups": [{"due_on": (day + timedelta(days=7)).isoformat(), "done_on": None}],
    }


def bulk(zones: list[Any], workers: list[Any], rng: random.Random, today: date) -> None:
    from django.utils import timezone

    from redpaz.fieldwork.models import FollowUp, Mediation

    tz = timezone.get_current_timezone()
    records = []
    for n in range(BULK):
        index = n % COMUNAS
        zone = zones[index]
        day = today - timedelta(days=rng.randint(0, 730))
        records.append(
            Mediation(
                uuid=uuid.uuid4(),
                zone=zone,
                recorded_by=workers[index],
                occurred_at=datetime(day.year, day.month, day.day, 18, tzinfo=tz),
                latitude=zone.label_lat + rng.uniform(-0.004, 0.004),
                longitude=zone.label_lon + rng.uniform(-0.004, 0.004),
                precision="approximate",
                conflict_type=rng.choice(["neighbours", "family", "debt", "retaliation"]),
                risk=rng.choice(["low", "medium", "high"]),
                outcome=rng.choice(["resolved", "de_escalated", "referred", "failed", "ongoing"]),
            )
        )
    Mediation.objects.bulk_create(records, batch_size=2000)
    FollowUp.objects.bulk_create(
        (
            FollowUp(
                mediation=m,
                due_on=m.occurred_at.date() + timedelta(days=7),
                done_on=m.occurred_at.date() + timedelta(days=rng.randint(3, 12))
                if rng.random() < 0.8
                else None,
            )
            for m in records
        ),
        batch_size=2000,
    )


def strategy_with_indicators(medellin: Any, zones: list[Any], today: date) -> list[Any]:
    from redpaz.accounts.models import Organisation
    from redpaz.strategy import services
    from redpaz.strategy.models import Indicator, Strategy

    strategy = Strategy.objects.create(
        name="Benchmark strategy",
        organisation=Organisation.objects.get(),
        territory=medellin,
        start=date(today.year - 2, 1, 1),
        end=date(today.year + 1, 12, 31),
    )
    strategy.target_zones.set(zones)
    indicators = []
    for code, computation, unit in [
        ("GES-1", "mediations", "count"),
        ("GES-2", "mediations_resolved", "percentage"),
        ("GES-3", "follow_ups_on_time", "percentage"),
    ]:
        indicators.append(
            services.indicator_create(
                strategy=strategy,
                user=None,
                code=code,
                name=code,
                level=Indicator.Level.OUTPUT,
                unit=unit,
                direction=Indicator.Direction.INCREASE,
                mode=Indicator.Mode.NON_CUMULATIVE,
                frequency=Indicator.Frequency.QUARTER,
                computation=f"fieldwork.{computation}",
                parameters={},
                targets={str(today.year): Decimal(50)},
                disaggregations={"zone": True},
            )
        )
    return indicators


def export(path: Path, rng: random.Random, today: date) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["uuid", "occurred_at", "zone_code", "conflict_type", "risk", "outcome"])
    for _n in range(IMPORTED):
        day = today - timedelta(days=rng.randint(800, 1500))
        sheet.append(
            [
                str(uuid.uuid4()),
                day.isoformat(),
                f"{rng.randint(1, COMUNAS):02d}",
                rng.choice(["neighbours", "family", "debt"]),
                rng.choice(["low", "medium", "high"]),
                rng.choice(["resolved", "failed", "referred"]),
            ]
        )
    book.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        setup_django(Path(home))
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from redpaz.fieldwork.models import Mediation
        from redpaz.strategy.services import indicator_compute

        print(f"Field work benchmark · {connection.vendor}")
        medellin, zones, workers, coordinator = clock("set up a city, 9 comunas, 10 people", build)
        rng = random.Random(3)
        today = timezone.localdate()
        phone = Client()
        phone.force_login(workers[0])
        queue = [
            (uuid.uuid4(), payload(zones[0], rng, today - timedelta(days=rng.randint(0, 20))))
            for _n in range(SYNCED)
        ]

        def sync() -> list[int]:
            return [
                phone.put(
                    reverse("fieldwork-mediation-detail", args=[key]),
                    body,
                    content_type="application/json",
                ).status_code
                for key, body in queue
            ]

        first = clock(f"sync {SYNCED:,} queued records (one PUT each)", sync)
        again = clock(f"sync the same {SYNCED:,} again (a retry)", sync)
        assert set(first) == {201} and set(again) == {200}, (set(first), set(again))
        assert Mediation.objects.count() == SYNCED
        clock(f"insert {BULK:,} more mediations (bulk)", lambda: bulk(zones, workers, rng, today))
        print(f"  mediations stored: {Mediation.objects.count():,}")

        desk = Client()
        desk.force_login(coordinator)
        page = desk.get(reverse("fieldwork:supervision"))
        assert page.status_code == 200
        print(
            f"  {'supervision page (median of 5)':<52} "
            f"{median_ms(lambda: desk.get(reverse('fieldwork:supervision'))):9.0f} ms"
        )
        size = len(desk.get(reverse("fieldwork:map")).content)
        print(
            f"  {'map GeoJSON, every point (median of 5)':<52} "
            f"{median_ms(lambda: desk.get(reverse('fieldwork:map'))):9.0f} ms "
            f"({size / 1e6:.1f} MB)"
        )
        indicators = strategy_with_indicators(medellin, zones, today)
        clock(
            "three indicators, every quarter of four years",
            lambda: [indicator_compute(indicator=i, notify=False) for i in indicators],
        )
        path = export(Path(home) / "historico.xlsx", rng, today)
        clock(
            f"import {IMPORTED:,} past mediations (XLSX)",
            lambda: call_command(
                "import_mediations", str(path), "--municipality", "05001", stdout=sys.stderr
            ),
        )
        print(f"  mediations stored: {Mediation.objects.count():,}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    main()
