"""Demo steps of the territory app: DIVIPOLA, boundaries and population from the wheel."""

from __future__ import annotations

from redpaz.territory.services import boundaries_import, population_import
from redpaz.web.demo import DemoStep, Progress, demo_file, register_step


def _population(progress: Progress) -> str:
    messages = []
    for name in (
        "dane_poblacion_municipal_2018_2024.csv.gz",
        "dane_poblacion_municipal_2003_2017.csv.gz",
        "dane_pped_nacional_sexo_edad.xlsx",
    ):
        outcome = population_import(path=demo_file(name), progress=progress)
        messages.append(f"{outcome.batch.rows_stored:,} {'new' if outcome.created else 'kept'}")
    return "population figures " + ", ".join(messages)


def _boundaries(progress: Progress) -> str:
    departments = boundaries_import(
        path=demo_file("mgn2018_departamentos.geojson.gz"), level="department", progress=progress
    )
    municipalities = boundaries_import(
        path=demo_file("mgn2018_municipios.geojson.gz"), level="municipality", progress=progress
    )
    return (
        f"{departments.batch.rows_stored} departments, "
        f"{municipalities.batch.rows_stored:,} municipalities"
    )


def _medellin(progress: Progress) -> str:
    zones = boundaries_import(
        path=demo_file("medellin_comunas.geojson.gz"),
        level="comuna",
        parent_code="05001",
        code_field="codigo",
        name_field="nombre",
        alias_field="nombre_catastral",
        set_name="Comunas y corregimientos de Medellín (catastro)",
        progress=progress,
    )
    population = population_import(
        path=demo_file("medellin_poblacion_comunas.csv"),
        municipality_code="05001",
        level="comuna",
        series_name="Medellín DAP, proyecciones por comuna",
        publisher="Alcaldía de Medellín, DAP",
        base_year=2018,
        progress=progress,
    )
    return (
        f"{zones.batch.rows_stored} comunas and corregimientos, "
        f"{population.batch.rows_stored} population figures"
    )


def register() -> None:
    register_step(DemoStep(10, "Population (DANE)", _population))
    register_step(DemoStep(20, "Boundaries (DANE MGN 2018)", _boundaries))
    register_step(DemoStep(30, "Medellín comunas", _medellin))
