"""Speed of the analysis engine on real data, next to the straightforward way of doing the same.

    python benchmarks/analysis.py [--data ../shared/data] [--quick] [--with-database]

Each line gives RedPaz's time (best of --repeat runs), the time of the same computation done
the straightforward way (the library called directly, or a per-row loop), and their ratio.
When the straightforward way would take minutes, it is timed on a part of the work and scaled
up linearly; the line says so. --with-database also times ``redpaz rates`` end to end on a
temporary SQLite database (territory data loaded the way ``redpaz demo`` does).

Goals (issue 4): rates for all municipalities x 14 years < 2 s; Gi* with 999 permutations on
the 1,122 municipalities < 1 s and on a 30,000-cell H3 grid of Medellín < 5 s; a density surface
of 1,000,000 points < 1 s; Knox on 20,000 events < 1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from redpaz.analysis.density import kernel_density  # noqa: E402
from redpaz.analysis.graph import Graph, contiguity  # noqa: E402
from redpaz.analysis.grid import h3_grid  # noqa: E402
from redpaz.analysis.local import gi_star  # noqa: E402
from redpaz.analysis.nearrepeat import knox  # noqa: E402
from redpaz.analysis.rates import rates  # noqa: E402

warnings.filterwarnings("ignore")
SEED = 12345
LINES: list[tuple[str, float, float | None, str, str]] = []


def best_of(repeat: int, task: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def timed(task: Callable[[], Any]) -> float:
    start = time.perf_counter()
    task()
    return time.perf_counter() - start


def record(label: str, ours: float, theirs: float | None, how: str, goal: str) -> None:
    LINES.append((label, ours, theirs, how, goal))
    ratio = f"{theirs / ours:8.1f}x" if theirs else "        "
    other = f"{theirs:9.3f} s" if theirs else "          "
    print(f"{label:<46} {ours:8.3f} s {other} {ratio}  {how}  [goal {goal}]", flush=True)


# --- data --------------------------------------------------------------------------------------


def policia_counts(data: Path) -> pd.DataFrame:
    """Victims by municipality and year from the Policía files (header found, footer cut)."""
    frames = []
    for path in sorted((data / "policia_homicidios").glob("homicidios_*.xls*")):
        raw = pd.read_excel(path, header=None, engine="calamine", dtype=object)
        header = next(
            i for i, row in raw.iterrows() if any(str(v).strip() == "CANTIDAD" for v in row)
        )
        names = [str(v).strip().lstrip("*").strip() for v in raw.iloc[header]]
        body = raw.iloc[header + 1 :].set_axis(names, axis=1)
        body = body[body["CODIGO DANE"].notna()]
        codes = body["CODIGO DANE"].map(lambda v: str(int(float(v))).zfill(8)[:5])
        year = int(path.stem.split("_")[1])
        frames.append(
            pd.DataFrame({"code": codes, "year": year, "count": body["CANTIDAD"].astype(int)})
        )
    return pd.concat(frames).groupby(["code", "year"], as_index=False)["count"].sum()


def municipal_population(data: Path) -> pd.DataFrame:
    recent = pd.read_excel(data / "dane_poblacion" / "poblacion_2018_2023.xlsx", engine="calamine")
    recent = pd.DataFrame(
        {
            "code": recent["municipio_code"].map(lambda v: f"{int(v):05d}"),
            "year": recent["year"],
            "population": recent["poblacion"],
        }
    )
    old = pd.read_excel(
        data / "dane_poblacion" / "poblacion_2003_2017.xls",
        sheet_name="Mpios",
        engine="calamine",
        dtype=str,
    )
    old = old.melt(id_vars=["municipio_code"], value_vars=[c for c in old if str(c).isdigit()])
    old = pd.DataFrame(
        {
            "code": old["municipio_code"].str.zfill(5),
            "year": old["variable"].astype(int),
            "population": old["value"].astype(float).astype(int),
        }
    )
    return pd.concat([old[old["year"] < 2018], recent], ignore_index=True)


def medellin_points(data: Path) -> pd.DataFrame:
    frame = pd.read_csv(data / "medellin" / "homicidios_medata_clean.csv")
    when = pd.to_datetime(frame["FECHA_HECHO"], utc=True)
    return pd.DataFrame(
        {
            "lat": frame["LATITUD"].astype(float),
            "lon": frame["LONGITUD"].astype(float),
            "day": (when - when.min()).dt.days.astype(float),
        }
    )


def projected(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    to_metres = Transformer.from_crs(4326, 9377, always_xy=True)  # MAGNA-SIRGAS origen nacional
    x, y = to_metres.transform(lon, lat)
    return np.asarray(x), np.asarray(y)


# --- benchmarks --------------------------------------------------------------------------------


def bench_rates(data: Path, repeat: int, quick: bool) -> None:
    counts = policia_counts(data)
    population = municipal_population(data)
    years = list(range(2010, 2024))  # 14 years: 2010 and 2020 have no release (missing)
    grid = population[population["year"].isin(years)].merge(counts, on=["code", "year"], how="left")
    released = set(counts["year"])
    grid["count"] = pd.array(
        [
            c if y in released else pd.NA
            for c, y in zip(grid["count"].fillna(0), grid["year"], strict=True)
        ],
        dtype="Int64",
    )
    assert len(grid) == 1122 * 14
    ours = best_of(repeat, lambda: rates(grid))

    def straightforward() -> None:
        from statsmodels.stats.rates import confint_poisson

        out = []
        for count, pop in zip(grid["count"], grid["population"], strict=True):
            if pd.isna(count) or not pop:
                out.append((None, None, None))
                continue
            low, high = confint_poisson(int(count), pop / 1e5, method="exact-c")
            out.append((count / pop * 1e5, low, high))

    theirs = timed(straightforward)
    record(
        "rates, 1,122 municipalities x 14 years",
        ours,
        theirs,
        "vs statsmodels confint_poisson per row",
        "< 2 s",
    )


def bench_rates_database(data: Path) -> None:
    """`redpaz rates` end to end on a temporary SQLite database."""
    import tempfile

    home = tempfile.mkdtemp(prefix="redpaz-bench-")
    os.environ["REDPAZ_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redpaz.web.settings")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command
    from django.db import transaction

    from redpaz.imports.models import ImportBatch
    from redpaz.observatory.datasets import selection_resolve
    from redpaz.observatory.models import Coverage, Crime, EventRecord, Source
    from redpaz.observatory.rate_tables import rates_report
    from redpaz.territory.models import Level, Territory
    from redpaz.web import demo

    call_command("migrate", verbosity=0)
    for step in demo.steps():
        if step.order < 100:
            step.run(lambda *args: None)
    counts = policia_counts(data)
    with transaction.atomic():
        source = Source.objects.create(slug="policia-siedco", name="Policía", kind="aggregated")
        crime = Crime.objects.get(slug="homicidio")
        batch = ImportBatch.objects.create(kind="bench", source_name="bench", sha256="0" * 64)
        country = Territory.objects.get(level=Level.COUNTRY)
        ids = dict(
            Territory.objects.filter(level=Level.MUNICIPALITY, boundary_set=None).values_list(
                "code", "pk"
            )
        )
        for year in sorted(counts["year"].unique()):
            Coverage.objects.create(
                source=source,
                crime=crime,
                territory=country,
                start=date(int(year), 1, 1),
                end=date(int(year), 12, 31),
                batch=batch,
            )
        EventRecord.objects.bulk_create(
            [
                EventRecord(
                    source=source,
                    crime=crime,
                    batch=batch,
                    source_row=i,
                    date=date(int(row.year), 1, 1),
                    municipality_id=ids[row.code],
                    count=int(row.count),
                )
                for i, row in enumerate(counts.itertuples())
            ],
            batch_size=2000,
        )
    selection = selection_resolve(level="municipality", first_year=2010, last_year=2023)
    ours = best_of(3, lambda: rates_report(selection))
    record(
        "redpaz rates (stored data), 1,122 x 14 years",
        ours,
        None,
        "counts, coverage, population, rates from SQLite",
        "< 2 s",
    )


def municipalities(data: Path) -> tuple[Graph, np.ndarray]:
    import geopandas as gpd

    frame = gpd.read_file(data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    frame = frame.sort_values("MPIO_CCNCT")
    graph = contiguity(list(frame.geometry), list(frame["MPIO_CCNCT"]))
    counts = policia_counts(data)
    latest = counts[counts["year"] == 2023].set_index("code")["count"]
    y = latest.reindex(list(graph.ids), fill_value=0).to_numpy(dtype=float)
    return graph, y


def bench_gi_municipalities(data: Path, repeat: int) -> None:
    import esda

    graph, y = municipalities(data)
    keep = graph.cardinalities > 0
    mainland, values = graph.subgraph(keep), y[keep]
    ours = best_of(repeat, lambda: gi_star(values, mainland, permutations=999, seed=SEED))
    w = mainland.to_libpysal()
    theirs = timed(
        lambda: esda.G_Local(
            values, w, transform="B", star=True, permutations=999, seed=SEED, n_jobs=1
        )
    )
    record(
        f"Gi* 999 perm., {mainland.n:,} municipalities",
        ours,
        theirs,
        "vs esda.G_Local (identical results)",
        "< 1 s",
    )


def bench_gi_h3(data: Path, repeat: int) -> None:
    import esda
    import geopandas as gpd

    frame = gpd.read_file(data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson")
    medellin = frame.loc[frame["MPIO_CCNCT"] == "05001"].geometry.iloc[0]
    # Resolution 10 over Medellín and a margin around it: about 30,000 cells.
    grid = h3_grid(medellin.buffer(0.013), 10)
    points = medellin_points(data)
    counts, _outside = grid.count(points["lat"].to_numpy(), points["lon"].to_numpy())
    ours = best_of(repeat, lambda: gi_star(counts, grid.graph, permutations=999, seed=SEED))
    w = grid.graph.to_libpysal()
    theirs = timed(
        lambda: esda.G_Local(
            counts, w, transform="B", star=True, permutations=999, seed=SEED, n_jobs=1
        )
    )
    record(
        f"Gi* 999 perm., H3 grid of {grid.n:,} cells (Medellín)",
        ours,
        theirs,
        "vs esda.G_Local (identical results)",
        "< 5 s",
    )


def bench_density(data: Path, repeat: int, quick: bool) -> None:
    from sklearn.neighbors import KernelDensity

    points = medellin_points(data)
    x, y = projected(points["lat"].to_numpy(), points["lon"].to_numpy())
    rng = np.random.default_rng(SEED)
    n = 1_000_000
    pick = rng.integers(0, len(x), n)
    px = x[pick] + rng.normal(0, 150, n)  # the real points, resampled and jittered by 150 m
    py = y[pick] + rng.normal(0, 150, n)
    bandwidth, cell = 400.0, 25.0
    ours = best_of(repeat, lambda: kernel_density(px, py, bandwidth=bandwidth, cell_size=cell))
    surface = kernel_density(px, py, bandwidth=bandwidth, cell_size=cell, kernel="gaussian")
    gaussian = best_of(
        repeat,
        lambda: kernel_density(px, py, bandwidth=bandwidth, cell_size=cell, kernel="gaussian"),
    )
    cx, cy = surface.centres()
    cells = surface.shape[0] * surface.shape[1]
    sample = 200 if quick else 1000
    rows = rng.integers(0, surface.shape[0], sample)
    cols = rng.integers(0, surface.shape[1], sample)
    model = KernelDensity(bandwidth=bandwidth, kernel="gaussian", rtol=1e-4)
    fit = timed(lambda: model.fit(np.column_stack([px, py])))
    query = np.column_stack([cx[cols], cy[rows]])
    part = timed(lambda: model.score_samples(query))
    reference = np.exp(model.score_samples(query)) * n
    error = np.abs(surface.values[rows, cols] - reference).max() / reference.max()
    theirs = fit + part * cells / sample
    record(
        f"density, 1,000,000 points, {cells:,} cells (quartic)",
        ours,
        theirs,
        f"vs scikit-learn KernelDensity, {sample:,} cells timed and scaled up",
        "< 1 s",
    )
    record(
        "density, same, Gaussian kernel",
        gaussian,
        theirs,
        f"max difference from scikit-learn {error:.1e} of the peak",
        "< 1 s",
    )


def bench_knox(data: Path, repeat: int, quick: bool) -> None:
    from pointpats.spacetime import Knox

    points = medellin_points(data)
    x, y = projected(points["lat"].to_numpy(), points["lon"].to_numpy())
    rng = np.random.default_rng(SEED)
    # The 18,488 real homicides of Medellín, and enough of them resampled (50 m, 3 days of
    # jitter) to make 20,000 events.
    extra = rng.integers(0, len(x), 20_000 - len(x))
    ex = np.concatenate([x, x[extra] + rng.normal(0, 50, len(extra))])
    ey = np.concatenate([y, y[extra] + rng.normal(0, 50, len(extra))])
    day = points["day"].to_numpy()
    days = np.concatenate([day, day[extra] + rng.integers(-3, 4, len(extra))])
    few = 2 if quick else 5
    for distance, window in ((100, 7), (200, 14)):
        ours = best_of(
            repeat,
            lambda d=distance, w=window: knox(
                ex, ey, days, distance=d, days=w, permutations=999, seed=SEED
            ),
        )
        result = knox(ex, ey, days, distance=distance, days=window, permutations=0)

        def direct(p: int, d: int = distance, w: int = window) -> None:
            np.random.seed(SEED)
            Knox(np.column_stack([ex, ey]), days.reshape(-1, 1), delta=d, tau=w, permutations=p)

        setup = timed(lambda: direct(0))
        per_permutation = (timed(lambda: direct(few)) - setup) / few
        theirs = setup + max(per_permutation, 0.0) * 999
        record(
            f"Knox, 20,000 events, {distance} m / {window} days, 999 perm.",
            ours,
            theirs,
            f"{result.space_pairs:,} pairs in space; vs pointpats Knox, {few} permutations "
            "timed and scaled up",
            "< 1 s",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="smaller samples of the slow ways")
    parser.add_argument(
        "--with-database", action="store_true", help="also time `redpaz rates` on SQLite"
    )
    args = parser.parse_args()
    if not (args.data / "README.md").exists():
        raise SystemExit(f"real data not found in {args.data} (use --data)")
    print(f"{'':46} {'RedPaz':>10} {'direct':>11} {'ratio':>9}")
    bench_rates(args.data, args.repeat, args.quick)
    bench_gi_municipalities(args.data, args.repeat)
    bench_gi_h3(args.data, args.repeat)
    bench_density(args.data, args.repeat, args.quick)
    bench_knox(args.data, args.repeat, args.quick)
    if args.with_database:
        bench_rates_database(args.data)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the whole run: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
