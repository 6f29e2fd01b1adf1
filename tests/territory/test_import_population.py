"""`redpaz import population`: real DANE and Medellín tables, all or nothing, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from redpaz.imports.models import ImportBatch
from redpaz.territory.models import PopulationFigure, PopulationSeries, Territory
from redpaz.territory.selectors import population_lookup, population_series
from tests.factories import comuna, municipality

pytestmark = pytest.mark.django_db


@pytest.mark.shared_data
def test_it_imports_the_dane_tables_as_the_cli_does(shared_data: Path, capsys) -> None:
    PopulationFigure.objects.all().delete()
    ImportBatch.objects.filter(kind="population").delete()
    folder = shared_data / "dane_poblacion"
    call_command("import_population", str(folder / "poblacion_2018_2023.xlsx"))
    call_command("import_population", str(folder / "poblacion_2003_2017.xls"))
    out = capsys.readouterr().out
    assert "7,854 rows stored" in out and "16,830 rows stored" in out
    medellin = municipality("05001")
    assert population_lookup([medellin.pk], [2021]) == {(medellin.pk, 2021): 2_549_008}
    series = {p.year: p.series for p in population_series(medellin)}
    assert series[2010].endswith("CNPV 2005)") and series[2020].endswith("CNPV 2018)")
    batch = ImportBatch.objects.filter(kind="population").latest("imported_at")
    assert batch.source_name == "poblacion_2003_2017.xls"
    assert len(batch.sha256) == 64 and batch.rows_stored == 16_830


@pytest.mark.shared_data
def test_reimporting_the_same_file_changes_nothing(shared_data: Path, capsys) -> None:
    path = shared_data / "dane_poblacion" / "poblacion_2018_2023.xlsx"
    call_command("import_population", str(path))
    before = (PopulationFigure.objects.count(), ImportBatch.objects.count())
    call_command("import_population", str(path))
    assert "nothing changed" in capsys.readouterr().out
    assert (PopulationFigure.objects.count(), ImportBatch.objects.count()) == before


def test_a_corrected_table_replaces_the_figures_it_covers(tmp_path: Path) -> None:
    first = tmp_path / "v1.csv"
    first.write_text("municipio_code,year,poblacion\n76520,2030,1000\n76520,2031,1100\n")
    second = tmp_path / "v2.csv"
    second.write_text("municipio_code,year,poblacion\n76520,2030,1005\n76520,2031,1105\n")
    call_command("import_population", str(first), "--series", "Proyección local")
    call_command("import_population", str(second), "--series", "Proyección local")
    palmira = municipality("76520")
    figures = PopulationFigure.objects.filter(territory=palmira, series__slug="proyeccion-local")
    assert sorted(figures.values_list("year", "value")) == [(2030, 1005), (2031, 1105)]
    old = ImportBatch.objects.get(source_name="v1.csv")
    assert old.status == ImportBatch.Status.REPLACED
    assert old.replaced_by == ImportBatch.objects.get(source_name="v2.csv")


@pytest.mark.shared_data
def test_it_imports_comuna_population_matching_codes(shared_data: Path) -> None:
    PopulationFigure.objects.filter(
        territory__municipality_code="05001", territory__level="comuna"
    ).delete()
    call_command(
        "import_population",
        str(shared_data / "medellin" / "poblacion_por_comuna.geojson"),
        "--municipality",
        "05001",
        "--level",
        "comuna",
        "--series",
        "DAP comunas",
    )
    belen = comuna("16")
    assert population_lookup([belen.pk], [2021]) == {(belen.pk, 2021): 212_479}


@pytest.mark.shared_data
def test_it_matches_comunas_by_name_when_the_table_has_no_code(shared_data: Path) -> None:
    call_command(
        "import_population",
        str(shared_data / "medellin" / "poblacion_proyeccion_comuna_2018_2030.csv"),
        "--municipality",
        "05001",
        "--level",
        "comuna",
        "--series",
        "DAP por nombre",
    )
    series = PopulationSeries.objects.get(slug="dap-por-nombre")
    assert series.figures.values("territory").distinct().count() == 21


def test_unmatched_zone_names_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "zonas.csv"
    path.write_text("nombre,año,poblacion\nPopular,2021,1\nAtlántida,2021,2\nNarnia,2021,3\n")
    before = (PopulationFigure.objects.count(), ImportBatch.objects.count())
    with pytest.raises(CommandError) as error:
        call_command("import_population", str(path), "--municipality", "05001", "--level", "comuna")
    message = str(error.value)
    assert "nothing was imported" in message
    assert "zonas.csv, row 3: no comuna of Medellín has the code or name 'Atlántida'" in message
    assert "row 4" in message and "Narnia" in message
    assert (PopulationFigure.objects.count(), ImportBatch.objects.count()) == before


def test_a_zone_table_needs_its_municipality_and_level(tmp_path: Path) -> None:
    path = tmp_path / "zonas.csv"
    path.write_text("nombre,año,poblacion\nPopular,2021,1\n")
    with pytest.raises(CommandError, match="--municipality CODE --level comuna"):
        call_command("import_population", str(path))


def test_a_new_municipality_code_creates_the_territory(tmp_path: Path) -> None:
    path = tmp_path / "nuevo.csv"
    # Nuevo Belén de Bajirá (27086) was created in 2023, after the MGN 2018.
    path.write_text(
        "departamento_code,departamento,municipio_code,municipio,year,poblacion\n"
        "27,Chocó,27086,Nuevo Belén de Bajirá,2024,21000\n"
    )
    call_command("import_population", str(path))
    created = Territory.objects.get(level="municipality", code="27086")
    assert created.name == "Nuevo Belén de Bajirá"
    assert created.parent.code == "27"
