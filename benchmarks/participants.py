"""How the participant register scales: 100,000 synthetic people with 5 % planted duplicates.

Goals: importing a list of 100,000 people (read, check, encrypt, hash, store with consent and
enrolment) and finding the probable duplicates in the whole register take under 60 s together
on a small server; duplicate detection reaches recall ≥ 0.95 and precision ≥ 0.95 on the
planted duplicates (typos, swapped surnames, a missing second surname, and a mistyped or
missing document, so that the exact match on the document cannot find them).

Builds a throwaway database (SQLite in a temporary REDPAZ_HOME, or DATABASE_URL if set: use an
empty scratch database) with Medellín and its 16 comunas and a programme, writes the synthetic
list as CSV, and times:

  generate      the synthetic people (realistic Colombian names; nobody real)
  write         the CSV file
  import        `participants_import` of the whole file (without the duplicate search)
  detect        the duplicate search over the whole register (decrypt, block, compare)
  store         keeping the pairs for review
  increment     importing further lists of 1,000 and of 50 people, with their duplicate search

Run: python benchmarks/participants.py [COUNT]
"""

from __future__ import annotations

import csv
import itertools
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from _support import setup_django

COUNT = 100_000
SHARE = 0.05


def clock(label: str, function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:8.1f} s")
    return result, elapsed


def build() -> Any:
    from redpaz.accounts.models import Organisation
    from redpaz.participants import services
    from redpaz.strategy.models import Component, Programme, Strategy
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
        )
        for n in range(1, 17)
    ]
    organisation = Organisation.objects.create(name="Secretaría de Seguridad (benchmark)")
    strategy = Strategy.objects.create(
        name="Benchmark strategy",
        organisation=organisation,
        territory=medellin,
        start=date(2024, 1, 1),
        end=date(2027, 12, 31),
    )
    strategy.target_zones.set(zones)
    component = Component.objects.create(strategy=strategy, code="3", name="Prevención")
    programme = Programme.objects.create(component=component, code="3.1", name="Jóvenes")
    services.profile_set(
        programme=programme,
        min_age=14,
        max_age=28,
        zones=zones[:8],
        stages=["Atención psicosocial", "Formación", "Empleo"],
    )
    return programme


def write_csv(path: Path, people: list[Any]) -> None:
    from redpaz.ingest.participants import LIST_HEADER

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(LIST_HEADER)
        for p in people:
            writer.writerow(
                [
                    p.document_type,
                    p.document_number,
                    p.given_names,
                    p.first_surname,
                    p.second_surname,
                    p.birth_date.isoformat(),
                    "F" if p.sex == "female" else "M",
                    p.ethnicity,
                    "SI" if p.disability else "NO",
                    "SI" if p.victim else "NO",
                    p.zone_code,
                    p.phone,
                    "2025-02-03",
                    "2025-02-03",
                ]
            )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else COUNT
    home = Path(tempfile.mkdtemp(prefix="redpaz-bench-participants-"))
    setup_django(home)
    from django.db import connection

    from redpaz.participants import synthetic
    from redpaz.participants.models import Person
    from redpaz.participants.services import candidates_store, detect
    from redpaz.participants.services.importing import participants_import

    print(f"Participants benchmark: {count:,} people, {SHARE:.0%} planted duplicates")
    print(f"  database: {connection.vendor}; cores: {os.cpu_count()}")
    programme = build()
    people, _t = clock("generate", lambda: synthetic.with_duplicates(count, share=SHARE, seed=2026))
    path = home / "participantes.csv"
    clock("write CSV", lambda: write_csv(path, people))
    outcome, t_import = clock(
        "import (check, encrypt, hash, store)",
        lambda: participants_import(path=path, programme=programme, detect_duplicates=False),
    )
    report = outcome.batch.report
    print(
        f"    {report['new_people']:,} people, {report['enrolled']:,} enrolments; flagged: "
        f"age {report['flagged_age']:,}, zone {report['flagged_zone']:,}"
    )
    matches, t_detect = clock("detect probable duplicates (whole register)", lambda: detect())
    clock("store the pairs for review", lambda: candidates_store(matches))

    # Ground truth: people are stored in file order.
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    by_key: dict[int, list[int]] = defaultdict(list)
    for pk, record in zip(ids, people, strict=True):
        by_key[record.key].append(pk)
    truth = {
        tuple(sorted(pair))
        for group in by_key.values()
        if len(group) > 1
        for pair in itertools.combinations(group, 2)
    }
    found = {(m.a, m.b) for m in matches}
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    print(f"  planted pairs {len(truth):,}; pairs found {len(found):,}; right {hits:,}")
    print(f"  precision {precision:.3f}   recall {recall:.3f}")
    print(f"  import + detection: {t_import + t_detect:.1f} s (goal: under 60 s)")

    extra = synthetic.with_duplicates(1_000, share=SHARE, seed=7)
    extra_path = home / "participantes-nuevos.csv"
    write_csv(extra_path, extra)
    clock(
        "increment: 1,000 more people with detection",
        lambda: participants_import(path=extra_path, programme=programme),
    )
    few_path = home / "participantes-pocos.csv"
    write_csv(few_path, synthetic.with_duplicates(50, share=0.0, seed=11))
    clock(
        "increment: 50 more people with detection",
        lambda: participants_import(path=few_path, programme=programme),
    )


if __name__ == "__main__":
    main()
