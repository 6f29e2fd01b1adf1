"""The population reader on the real DANE and Medellín tables, and on broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from redpaz.ingest.errors import IngestError
from redpaz.ingest.population import AGE_MAX, read_population


@pytest.mark.shared_data
def test_it_reads_the_dane_long_table_2018_2024(shared_data: Path) -> None:
    table = read_population(shared_data / "dane_poblacion" / "poblacion_2018_2023.xlsx")
    assert table.layout == "municipal_long"
    assert table.years == list(range(2018, 2025))
    assert len({r.code for r in table.records}) == 1122
    medellin_2021 = next(r for r in table.records if r.code == "05001" and r.year == 2021)
    assert medellin_2021.value == 2_549_008
    assert table.base_year == 2018


@pytest.mark.shared_data
def test_it_reads_the_dane_wide_table_2003_2017(shared_data: Path) -> None:
    table = read_population(shared_data / "dane_poblacion" / "poblacion_2003_2017.xls")
    assert table.layout == "municipal_wide"
    assert table.years == list(range(2003, 2018))
    assert len(table.records) == 1122 * 15
    assert table.base_year == 2005
    assert {r.code for r in table.records} >= {"05001", "76520", "91001"}


@pytest.mark.shared_data
def test_it_reads_national_population_by_sex_and_single_age(shared_data: Path) -> None:
    path = shared_data / "dane_poblacion" / "PPED-AreaSexoEdadNac-2018-2070PostCovid.xlsx"
    table = read_population(path)
    assert table.layout == "national_by_age"
    by_key = {(r.year, r.sex, r.age_from, r.age_to): r.value for r in table.records}
    assert by_key[(2018, "total", 0, AGE_MAX)] == 48_258_494
    assert by_key[(2018, "male", 0, 0)] == 379_611
    assert by_key[(2018, "female", 100, AGE_MAX)] == 6_957
    # Single ages add up to the total.
    men = sum(v for (y, s, a, b), v in by_key.items() if y == 2018 and s == "male" and a == b)
    men += by_key[(2018, "male", 100, AGE_MAX)]
    assert men == by_key[(2018, "male", 0, AGE_MAX)]


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "name", ["poblacion_por_comuna.geojson", "poblacion_proyeccion_comuna_2018_2030.csv"]
)
def test_it_reads_zone_tables_long_and_wide(shared_data: Path, name: str) -> None:
    table = read_population(shared_data / "medellin" / name)
    assert table.level == "zone"
    assert len(table.records) == 21 * 13
    assert sum(r.value for r in table.records if r.year == 2021) > 2_500_000


def test_it_rejects_an_unknown_layout(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("fruta,precio\nmango,3\n", encoding="utf-8")
    with pytest.raises(IngestError, match="unknown population layout"):
        read_population(path)


def test_it_names_file_row_and_field_of_a_bad_value(tmp_path: Path) -> None:
    path = tmp_path / "pop.csv"
    path.write_text(
        "departamento_code,departamento,municipio_code,municipio,year,poblacion\n"
        "05,Antioquia,05001,Medellín,2021,2549008\n"
        "76,Valle,76520,Palmira,2021,muchos\n"
        "76,Valle,76520,Palmira,2022,-5\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as error:
        read_population(path)
    text = str(error.value)
    assert "pop.csv, row 3, field 'poblacion'" in text and "'muchos'" in text
    assert "row 4" in text
    assert error.value.total == 2


def test_it_rejects_a_duplicated_code_and_year(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text(
        "municipio_code;year;poblacion\n05001;2021;10\n5001;2021;11\n", encoding="utf-8"
    )
    with pytest.raises(IngestError, match=r"row 3: 05001 2021 appears twice \(also row 2\)"):
        read_population(path)


def test_it_rejects_a_malformed_divipola_code(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("municipio_code,year,poblacion\nABC12,2021,10\n", encoding="utf-8")
    with pytest.raises(IngestError, match="not a 5-digit DIVIPOLA municipality code"):
        read_population(path)


def test_it_rejects_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty"):
        read_population(empty)
    with pytest.raises(IngestError, match="not found"):
        read_population(tmp_path / "missing.xlsx")


def test_it_rejects_a_truncated_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(IngestError, match="cannot read the workbook"):
        read_population(path)
