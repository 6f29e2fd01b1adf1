"""Speed and memory of the violence-data imports, on real files and a generated million points.

    python benchmarks/ingest.py [--data ../shared/data] [--database sqlite|postgres]
                                [--cases policia,points,million] [--rows 1000000]

Each case runs in its own process on a fresh database (SQLite in a temporary folder, or a
temporary PostgreSQL database from ``--postgres-url``) with the territory base loaded, and
prints, for the pandas reading alone and for the whole import (read, check, place, store,
commit): seconds, rows per second and the process's peak memory. Goals on a 2-core machine:
all Policía files in under 20 s on SQLite; a million points parsed, placed and stored in under
60 s on PostgreSQL with peak memory under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {
    ("policia", "sqlite"): 20.0,
    ("million", "postgres"): 60.0,
}


def peak_mb() -> float:
    """The process's peak resident memory in MB.

    /proc's VmHWM belongs to this program image; ru_maxrss would also count the parent's memory
    at fork time (Linux keeps it across exec).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the measured process ---------------------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redpaz.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from redpaz.web import demo

    for step in demo.steps():
        if step.order < 100:  # the territory base only
            step.run(lambda *args: None)


def policia_files(data: Path) -> list[Path]:
    return sorted((data / "policia_homicidios").glob("homicidios_*.xls*"))


def parse_only(case: str, data: Path, generated: str | None) -> dict[str, object]:
    """pandas reading alone, in a process of its own: the floor any import stands on."""
    import pandas as pd

    started = time.perf_counter()
    if case == "policia":
        rows = sum(
            len(pd.read_excel(path, header=None, engine="calamine")) for path in policia_files(data)
        )
    else:
        path = Path(generated) if case in ("million", "table") else points_file(data)
        rows = len(pd.read_csv(path, sep="\t" if case == "table" else ","))
    return {
        "parse_s": time.perf_counter() - started,
        "parse_rows": rows,
        "parse_peak_mb": peak_mb(),
    }


def points_file(data: Path) -> Path:
    return data / "medellin" / "homicidios_medata_clean.csv"


def case_policia(data: Path) -> dict[str, object]:
    files = policia_files(data)
    setup_django()
    from redpaz.observatory.services import policia_import

    base = peak_mb()
    started = time.perf_counter()
    outcomes = policia_import(paths=files)
    total = time.perf_counter() - started
    rows = sum(o.batch.rows_stored for o in outcomes)
    victims = sum(int(o.batch.report["victims"]) for o in outcomes)
    return {
        "what": f"{len(files)} Policía releases ({victims:,} victims)",
        "rows": rows,
        "import_s": total,
        "base_mb": base,
        "peak_mb": peak_mb(),
    }


def case_points(path: Path, label: str) -> dict[str, object]:
    setup_django()
    from redpaz.observatory.services import points_import

    base = peak_mb()
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        stages.setdefault(stage, time.perf_counter() - started)

    from django.utils import translation

    translation.activate("en")
    outcome = points_import(
        path=path, municipality_code="05001", source="medellin-sisc", progress=progress
    )
    total = time.perf_counter() - started
    report = outcome.batch.report
    return {
        "what": f"{label} ({report['placed']:,} placed, {report['unplaced']:,} in no zone)",
        "rows": outcome.batch.rows_read,
        "import_s": total,
        "base_mb": base,
        "peak_mb": peak_mb(),
        "stages": _durations(stages, total),
    }


def _durations(starts: dict[str, float], total: float) -> dict[str, float]:
    """Seconds spent in each stage, from the time each stage was first reported."""
    names = list(starts)
    ends = [starts[n] for n in names[1:]] + [total]
    return {name: end - starts[name] for name, end in zip(names, ends, strict=True)}


def generate_points(source: Path, target: Path, rows: int, seed: int = 20240501) -> Path:
    """A point file like Medellín's, of any size: real rows resampled, moved up to ~30 m (and
    kept inside the comunas), with random times 2003-2023 and the -05:00 offset."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    if target.exists():
        return target
    comunas = gpd.read_file(
        "/vsigzip/" + str(ROOT / "src" / "redpaz" / "demo_data" / "medellin_comunas.geojson.gz")
    )
    area = shapely.union_all(comunas.geometry.values)
    shapely.prepare(area)
    real = pd.read_csv(source)
    rng = np.random.default_rng(seed)
    parts = []
    missing = rows
    while missing > 0:
        sample = real.iloc[rng.integers(0, len(real), int(missing * 1.05) + 100)]
        sample = sample.reset_index(drop=True)
        lon = (sample["LONGITUD"] + rng.uniform(-0.0003, 0.0003, len(sample))).round(7)
        lat = (sample["LATITUD"] + rng.uniform(-0.0003, 0.0003, len(sample))).round(7)
        inside = shapely.contains_xy(area, lon.to_numpy(), lat.to_numpy())
        sample = sample.assign(LONGITUD=lon, LATITUD=lat)[inside].head(missing)
        parts.append(sample)
        missing -= len(sample)
    frame = pd.concat(parts, ignore_index=True)
    start = pd.Timestamp("2003-01-01").value // 10**9
    end = pd.Timestamp("2023-12-31 23:59").value // 10**9
    seconds = rng.integers(start, end, rows)
    frame["FECHA_HECHO"] = pd.to_datetime(seconds, unit="s").strftime("%Y-%m-%dT%H:%M:%S.000-05:00")
    frame.to_csv(target, index=False)
    return target


HURTO_MAPPING = """
[source]
slug = "policia-siedco"
crime = "hurto-personas"
[columns]
date = "Fecha"
time = "Hora"
municipality_code = "Código DANE"
zone_name = "Barrio"
count = "Cantidad"
sex = "Sexo"
age = "Edad"
weapon = "Arma empleada"
place_type = "Clase de sitio"
extra = ["Zona", "Móvil Agresor", "Móvil Victima"]
[zones]
level = "comuna"
[coverage]
territory = "CO"
"""


def generate_table(data: Path, target: Path, rows: int) -> Path:
    """A "hurto a personas" table of any size: the 2010 and 2011 rows, repeated (tab, gzip)."""
    import pandas as pd

    if target.exists():
        return target
    folder = data / "policia_hurto_personas"
    real = pd.concat(
        [
            pd.read_csv(folder / f"hurto-personas-{y}.csv.gz", sep="\t", dtype=str)
            for y in (2010, 2011)
        ]
    )
    copies = -(-rows // len(real))
    frame = pd.concat([real] * copies, ignore_index=True).head(rows)
    frame.to_csv(target, sep="\t", index=False, compression="gzip")
    return target


def case_table(path: Path) -> dict[str, object]:
    setup_django()
    from redpaz.observatory.services import table_import

    mapping = path.with_suffix(".toml")
    mapping.write_text(HURTO_MAPPING, encoding="utf-8")
    base = peak_mb()
    started = time.perf_counter()
    outcome = table_import(path=path, mapping=mapping)
    total = time.perf_counter() - started
    zones = outcome.batch.report["zones"]
    rate = f"Medellín comunas matched for {zones[0]['match_rate']} % of named rows" if zones else ""
    return {
        "what": f"generated hurto a personas table ({rate})",
        "rows": outcome.batch.rows_read,
        "import_s": total,
        "base_mb": base,
        "peak_mb": peak_mb(),
    }


def child(args: argparse.Namespace) -> None:
    data = Path(args.data).resolve()
    if args.case.startswith("parse:"):
        result = parse_only(args.case.split(":", 1)[1], data, args.generated)
    elif args.case == "policia":
        result = case_policia(data)
    elif args.case == "points":
        result = case_points(points_file(data), "Medellín points")
    elif args.case == "table":
        result = case_table(Path(args.generated_table))
    else:
        path = Path(args.generated)
        result = case_points(path, f"generated point file ({path.stat().st_size / 1e6:.0f} MB)")
    print("RESULT " + json.dumps(result))


# --- the driver -------------------------------------------------------------------------------


def run_case(case: str, database: str, args: argparse.Namespace, work: Path) -> dict[str, object]:
    result = _run_child(case, database, args, work)
    result.update(_run_child(f"parse:{case}", "", args, work))
    return result


def _run_child(case: str, database: str, args: argparse.Namespace, work: Path) -> dict[str, object]:
    env = {**os.environ, "REDPAZ_HOME": str(work / f"home-{case}-{database}")}
    env.pop("DATABASE_URL", None)
    db_name = ""
    if database == "postgres":
        db_name = f"redpaz_bench_{os.getpid()}_{case}"
        admin = args.postgres_url.rsplit("/", 1)[0]
        _psql(admin, f"DROP DATABASE IF EXISTS {db_name}")
        _psql(admin, f"CREATE DATABASE {db_name}")
        env["DATABASE_URL"] = f"{admin}/{db_name}"
    command = [sys.executable, __file__, "--child", case, "--data", args.data]
    if case.endswith("million"):
        command += ["--generated", str(args.generated)]
    if case.endswith("table"):
        command += ["--generated", str(args.generated_table), "--generated-table",
                    str(args.generated_table)]  # fmt: skip
    try:
        result = subprocess.run(  # noqa: S603 - this very script, with our own arguments
            command, env=env, capture_output=True, text=True, check=False
        )
    finally:
        if db_name:
            _psql(args.postgres_url.rsplit("/", 1)[0], f"DROP DATABASE IF EXISTS {db_name}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"{case} on {database} failed:\n{result.stdout}\n{result.stderr}")
    return dict(json.loads(lines[-1][len("RESULT ") :]))


def _psql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def report(case: str, database: str, r: dict[str, object]) -> None:
    rows = int(r["rows"])  # type: ignore[call-overload]
    parse_s, import_s = float(r["parse_s"]), float(r["import_s"])  # type: ignore[arg-type]
    goal = GOALS.get((case, database))
    verdict = ""
    if goal:
        verdict = f"   goal < {goal:.0f} s: {'met' if import_s < goal else 'MISSED'}"
    print(f"\n{r['what']} — {rows:,} rows, {database}")
    print(f"  pandas reading only  {parse_s:7.2f} s  {rows / parse_s:12,.0f} rows/s")
    print(f"  whole import         {import_s:7.2f} s  {rows / import_s:12,.0f} rows/s{verdict}")
    print(
        f"  peak memory {float(r['peak_mb']):,.0f} MB "  # type: ignore[arg-type]
        f"(Django with the territory base loaded: {float(r['base_mb']):,.0f} MB; "  # type: ignore[arg-type]
        f"pandas reading alone: {float(r['parse_peak_mb']):,.0f} MB)"  # type: ignore[arg-type]
    )
    stages = r.get("stages") or {}
    if stages:
        shown = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stages.items())  # type: ignore[union-attr]
        print(f"  stages: {shown} (saving is the commit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--cases",
        default="policia,points,million",
        help="policia, points, million, table (a generated 1.4-million-row mapped table)",
    )
    parser.add_argument(
        "--database", default="sqlite,postgres", help="sqlite, postgres or both (comma-separated)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--generated", help=argparse.SUPPRESS)
    parser.add_argument("--generated-table", help=argparse.SUPPRESS)
    parser.add_argument(
        "--table-rows", type=int, default=1_400_000, help="rows of the generated table (case table)"
    )
    args = parser.parse_args()
    if args.child:
        args.case = args.child
        child(args)
        return
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    databases = [d.strip() for d in args.database.split(",") if d.strip()]
    with tempfile.TemporaryDirectory(prefix="ingest-benchmark-") as folder:
        work = Path(folder)
        if "million" in cases:
            started = time.perf_counter()
            args.generated = generate_points(
                Path(args.data) / "medellin" / "homicidios_medata_clean.csv",
                work / f"points_{args.rows}.csv",
                args.rows,
            )
            print(f"generated {args.rows:,} points in {time.perf_counter() - started:.1f} s")
        if "table" in cases:
            args.generated_table = generate_table(
                Path(args.data), work / f"hurto_{args.table_rows}.csv.gz", args.table_rows
            )
        for case in cases:
            for database in databases:
                report(case, database, run_case(case, database, args, work))


if __name__ == "__main__":
    main()
