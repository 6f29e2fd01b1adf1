"""Latency of the observatory's pages with the national data loaded.

Goals: p95 under 300 ms for map, profile and report pages on SQLite (PDF excluded); the PDF
situation report under 5 s.

Loads the demo through the real importers (every bundled Policía Nacional release 2011-2023,
1,122 municipalities with boundaries and population, Medellín's SISC points and comunas) into
a temporary REDPAZ_HOME, or reuses one given with --home, then drives the pages with Django's
test client as an analyst of the whole country and one of Medellín:

  cold   the first request of each distinct page (the computation runs; nothing cached)
  warm   the same pages again (results are cached by data version, scope and language)

Each page kind is requested over several places (20 municipalities spread over the country,
every department, Medellín's comunas...), so the figures are a distribution, not one URL.

Run: python benchmarks/web.py [--home DIR] [--places N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup(home: Path) -> None:
    os.environ["REDPAZ_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redpaz.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from redpaz.observatory.models import EventRecord

    if not EventRecord.objects.exists():
        from redpaz.web.demo import ensure_demo_users, run_demo_setup

        started = time.perf_counter()
        run_demo_setup(lambda *args: None, lambda line: print("  " + line))
        ensure_demo_users()
        print(f"  demo data loaded in {time.perf_counter() - started:.0f} s")
    else:
        from redpaz.web.demo import ensure_demo_users

        ensure_demo_users()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def run(client: Any, urls: list[str]) -> list[float]:
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times.append(elapsed)
    return times


def report(label: str, client: Any, urls: list[str]) -> None:
    cold = run(client, urls)
    warm = run(client, urls)
    print(
        f"  {label:<34} n={len(urls):>3}  cold median {statistics.median(cold):7.0f} ms  "
        f"p95 {percentile(cold, 0.95):7.0f} ms  |  warm median {statistics.median(warm):6.0f} ms"
        f"  p95 {percentile(warm, 0.95):6.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="a REDPAZ_HOME with the demo (reused)")
    parser.add_argument("--places", type=int, default=20)
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="redpaz-bench-web-"))
    print(f"RedPaz observatory pages · data directory {home}")
    setup(home)
    from django.conf import settings
    from django.test import Client

    from redpaz.accounts.models import User
    from redpaz.observatory.models import EventRecord
    from redpaz.territory.models import Level, Territory

    settings.ALLOWED_HOSTS = ["*"]
    print(
        f"  {EventRecord.objects.count():,} event records, "
        f"{Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).count():,} "
        f"municipalities; database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    national = Client()
    national.force_login(User.objects.get(username="admin"))
    medellin = Client()
    medellin.force_login(User.objects.get(username="analista.medellin"))
    public = Client()

    codes = list(
        Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None)
        .order_by("code")
        .values_list("code", flat=True)
    )
    step = max(1, len(codes) // args.places)
    sample = codes[::step][: args.places]
    others = codes[step // 2 :: step][: args.places]
    departments = list(
        Territory.objects.filter(level=Level.DEPARTMENT, boundary_set=None)
        .order_by("code")
        .values_list("code", flat=True)
    )
    comunas = list(
        Territory.objects.filter(
            level="comuna", municipality_code="05001", boundary_set__valid_to__isnull=True
        ).values_list("pk", flat=True)
    )
    period = "from=2018&to=2023"
    print("\nPages (Django test client, in process):")
    steps: list[tuple[str, Any, Callable[[], list[str]]]] = [
        (
            "map: Colombia, 5 measures",
            national,
            lambda: [
                f"/observatory/map/?measure={m}&{period}"
                for m in ("count", "rate", "smoothed", "gi", "lisa")
            ],
        ),
        (
            "map GeoJSON: Colombia (1,122)",
            national,
            lambda: [f"/observatory/map/geojson/?measure=rate&{period}"],
        ),
        (
            "map: each department, rate",
            national,
            lambda: [f"/observatory/map/?area={d}&measure=rate&{period}" for d in departments],
        ),
        (
            "map: Medellín comunas, 5 measures",
            medellin,
            lambda: [
                f"/observatory/map/?area=05001&measure={m}&{period}"
                for m in ("count", "rate", "smoothed", "gi", "lisa")
            ],
        ),
        (
            "map: Medellín H3 grid, Gi*",
            medellin,
            lambda: [f"/observatory/map/?area=05001&grid=h3&measure=gi&{period}"],
        ),
        (
            "profile: municipalities",
            national,
            lambda: [f"/observatory/places/{c}/?{period}" for c in sample],
        ),
        (
            "profile: Medellín comunas",
            medellin,
            lambda: [f"/observatory/zones/{pk}/?{period}" for pk in comunas],
        ),
        (
            "situation report (web): municipalities",
            national,
            # Other municipalities than the profiles': their figures are not cached yet.
            lambda: [f"/observatory/reports/{c}/?{period}" for c in others],
        ),
        ("public page: municipalities", public, lambda: [f"/public/{c}/" for c in sample]),
    ]
    for label, client, urls in steps:
        report(label, client, urls())
    print("\nPDF situation report (WeasyPrint):")
    pdf_times = run(
        national, [f"/observatory/reports/{c}/?{period}&format=pdf" for c in sample[:5]]
    )
    print(
        f"  {'situation report PDF':<34} n={len(pdf_times):>3}  median "
        f"{statistics.median(pdf_times):7.0f} ms  max {max(pdf_times):7.0f} ms"
    )


if __name__ == "__main__":
    main()
