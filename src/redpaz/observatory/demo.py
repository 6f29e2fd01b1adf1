"""Demo steps of the observatory: the Policía's homicide releases and Medellín's SISC points."""

from __future__ import annotations

from redpaz.observatory.services import points_import, policia_import
from redpaz.web.demo import DemoStep, Progress, demo_file, register_step

POLICIA_YEARS = (2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023)


def _policia(progress: Progress) -> str:
    outcomes = policia_import(
        paths=[demo_file(f"policia_homicidios_{year}.csv.gz") for year in POLICIA_YEARS],
        progress=progress,
    )
    created = [o for o in outcomes if o.created]
    victims = sum(int(o.batch.report.get("victims", 0)) for o in outcomes)
    return (
        f"{len(outcomes)} yearly releases ({len(created)} new), {victims:,} victims "
        f"{POLICIA_YEARS[0]}–{POLICIA_YEARS[-1]}"
    )


def _medellin_points(progress: Progress) -> str:
    outcome = points_import(
        path=demo_file("medellin_homicidios_sisc.csv.gz"),
        municipality_code="05001",
        crime="homicidio",
        source="medellin-sisc",
        progress=progress,
    )
    report = outcome.batch.report
    return (
        f"{outcome.batch.rows_stored:,} victims {'new' if outcome.created else 'kept'}, "
        f"{report.get('placed', 0):,} placed in comunas"
    )


def register() -> None:
    register_step(DemoStep(100, "Homicides, Policía Nacional (SIEDCO)", _policia))
    register_step(DemoStep(110, "Homicides in Medellín, SISC points", _medellin_points))
