"""Reading Policía releases: every real layout, and each bad input named by file, row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from redpaz.ingest.errors import IngestError
from redpaz.ingest.policia import read_policia
from tests.ingest.releases import HEADER, ROWS, write_release

# Year: (TOTAL row = sum of CANTIDAD, data rows, extraction date printed in the footer).
RELEASES = {
    2011: (15803, 11760, date(2020, 7, 15)),
    2012: (16033, 12408, date(2020, 7, 15)),
    2013: (14971, 11723, date(2020, 7, 15)),
    2014: (12958, 10548, date(2020, 7, 15)),
    2015: (12460, 10236, date(2020, 7, 15)),
    2016: (12164, 10046, date(2020, 7, 15)),
    2017: (12079, 10161, date(2020, 7, 15)),
    2018: (12667, 10642, date(2020, 7, 15)),
    2019: (12656, 12610, date(2020, 9, 8)),
    2021: (13874, 11528, date(2023, 1, 5)),
    2022: (13537, 11479, date(2023, 7, 12)),
    2023: (13555, 11363, date(2024, 5, 1)),
}


@pytest.mark.shared_data
@pytest.mark.parametrize("year", sorted(RELEASES))
def test_it_reads_every_real_release(shared_data: Path, year: int) -> None:
    folder = shared_data / "policia_homicidios"
    path = next(folder.glob(f"homicidios_{year}.xls*"))
    release = read_policia(path)
    total, rows, extracted = RELEASES[year]
    assert release.total == total
    assert release.victims == total
    assert len(release.records) == rows
    assert release.extraction_date == extracted
    assert release.period == (date(year, 1, 1), date(year, 12, 31))
    assert release.crime == "homicidio"
    assert release.warnings == []
    records = release.records
    assert records["code"].str.fullmatch(r"\d{5}").all()
    assert set(records["sex"]) <= {"male", "female", ""}
    assert set(records["age_group"]) <= {"adult", "adolescent", "child"}
    # The header moved up a row in 2021, with the columns in another order.
    assert release.header_row == (10 if year >= 2021 else 11)


@pytest.mark.shared_data
def test_the_2023_title_says_homicido_intencional_and_codes_are_text(shared_data: Path) -> None:
    release = read_policia(shared_data / "policia_homicidios" / "homicidios_2023.xls")
    assert release.title == "HOMICIDO INTENCIONAL"
    assert release.crime == "homicidio"
    medellin = release.records[release.records["code"] == "05001"]
    assert medellin["count"].sum() > 0
    assert release.headers["code"] == "CODIGO DANE"


def test_it_finds_a_moved_header_with_drifting_names(tmp_path: Path) -> None:
    header = [
        "ARMAS MEDIOS",
        "DEPARTAMENTO ",
        "MUNICIPIO ",
        "* FECHA DE HECHO ",
        "GENERO ",
        "*AGRUPA EDAD PERSONA",
        "CODIGO DANE ",
        "CANTIDAD ",
    ]
    order = [3, 0, 1, 4, 5, 6, 2, 7]
    rows = [[row[i] for i in order] for row in ROWS]
    path = write_release(tmp_path / "moved.xlsx", rows=rows, header=header, blank_lines=6)
    release = read_policia(path)
    assert release.header_row == 12
    assert release.victims == 7
    assert release.records["code"].tolist() == ["05001", "05001", "76520", "11001"]
    assert release.records["sex"].tolist() == ["male", "female", "male", ""]
    assert release.records["age_group"].tolist() == ["adult", "adolescent", "child", "adult"]
    assert release.extraction_date == date(2022, 7, 15)


def test_it_reads_the_same_layout_as_csv(tmp_path: Path) -> None:
    release = read_policia(write_release(tmp_path / "release.csv"))
    assert release.victims == 7
    assert release.records["date"].tolist()[0] == date(2021, 1, 3)


@pytest.mark.parametrize(
    "footer, expected",
    [
        ("FUENTE: DIJIN. DATOS EXTRAIDOS EL DIA 15 DE JULIO DEL AÑO 2020.", date(2020, 7, 15)),
        ("FUENTE: DIJIN. DATOS EXTRAIDOS EL DIA 1 DE MAYO DE 2024. ", date(2024, 5, 1)),
        ("FUENTE: DIJIN. DATOS EXTRAIDOS EL DIA 12 DE JULIO 2023. ", date(2023, 7, 12)),
        ("FUENTE: DIJIN. DATOS EXTRAÍDOS EL DÍA 5 DE ENERO  DEL AÑO 2023.", date(2023, 1, 5)),
    ],
)
def test_it_reads_the_extraction_date_however_it_is_written(
    tmp_path: Path, footer: str, expected: date
) -> None:
    release = read_policia(write_release(tmp_path / "r.xlsx", extracted=footer))
    assert release.extraction_date == expected


def test_it_warns_when_there_is_no_extraction_date_or_total(tmp_path: Path) -> None:
    release = read_policia(write_release(tmp_path / "r.xlsx", extracted=None, total=None))
    assert "no extraction date found in the footer" in release.warnings
    assert any("no TOTAL row" in w for w in release.warnings)


def test_it_takes_the_crime_from_the_title(tmp_path: Path) -> None:
    path = write_release(tmp_path / "r.xlsx", title="LESIONES PERSONALES")
    assert read_policia(path).crime == "lesiones-personales"
    path = write_release(tmp_path / "s.xlsx", title="DELITOS INFORMATICOS")
    assert read_policia(path).crime is None


def _error(path: Path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_policia(path)
    return caught.value


def test_it_refuses_a_total_that_differs_from_the_sum(tmp_path: Path) -> None:
    error = _error(write_release(tmp_path / "bad_total.xlsx", total=8))
    problem = error.problems[0]
    assert problem.file == "bad_total.xlsx"
    assert problem.row == 13  # the TOTAL row
    assert problem.field == "CANTIDAD"
    assert "TOTAL row says 8 but the rows add up to 7" in problem.message


def test_it_names_an_unreadable_date(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][4] = "31/02/2021"
    error = _error(write_release(tmp_path / "bad_date.xlsx", rows=rows))
    assert [(p.row, p.field) for p in error.problems] == [(11, "FECHA HECHO")]
    assert "unreadable date '31/02/2021'" in str(error)


@pytest.mark.parametrize("count", [-1, 1.5, "dos", None])
def test_it_refuses_a_count_that_is_not_a_non_negative_integer(
    tmp_path: Path, count: object
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][7] = count
    error = _error(write_release(tmp_path / "bad_count.xlsx", rows=rows, total=None))
    assert (error.problems[0].row, error.problems[0].field) == (10, "CANTIDAD")
    assert "is not a non-negative whole number" in error.problems[0].message


def test_it_refuses_a_code_that_is_not_a_divipola_code(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][2] = "MED-01"
    error = _error(write_release(tmp_path / "bad_code.xlsx", rows=rows))
    assert (error.problems[0].row, error.problems[0].field) == (9, "CODIGO DANE")


def test_it_refuses_a_date_outside_the_period_in_the_title(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[3][4] = date(2022, 1, 1)
    error = _error(write_release(tmp_path / "late.xlsx", rows=rows))
    assert error.problems[0].row == 12
    assert "outside the period in the title" in error.problems[0].message


def test_it_names_a_missing_required_column(tmp_path: Path) -> None:
    header = [h if h != "CANTIDAD" else "VALOR" for h in HEADER]
    error = _error(write_release(tmp_path / "no_count.xlsx", header=header, total=None))
    assert "missing required column CANTIDAD" in str(error)
    assert error.problems[0].row == 8


def test_it_refuses_an_unknown_layout(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("nombre,edad\nAna,30\n", encoding="utf-8")
    error = _error(path)
    assert "unknown layout" in str(error) and error.problems[0].file == "other.csv"


def test_it_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "the file is empty" in str(_error(path))


def test_it_refuses_a_header_without_rows(tmp_path: Path) -> None:
    error = _error(write_release(tmp_path / "none.xlsx", rows=[], total=None))
    assert "no data rows" in str(error)


@pytest.mark.shared_data
def test_it_explains_a_truncated_workbook(shared_data: Path, tmp_path: Path) -> None:
    for name in ("homicidios_2011.xlsx", "homicidios_2021.xls"):
        data = (shared_data / "policia_homicidios" / name).read_bytes()
        broken = tmp_path / name
        broken.write_bytes(data[: len(data) // 2])
        message = str(_error(broken))
        assert message.startswith(f"{name}: cannot read the workbook")
        assert "truncated" in message


@pytest.mark.shared_data
def test_it_explains_a_password_protected_workbook(shared_data: Path, tmp_path: Path) -> None:
    # A real .xls with a FILEPASS record (BIFF8 "this workbook is encrypted") after its BOF.
    data = bytearray((shared_data / "policia_homicidios" / "homicidios_2021.xls").read_bytes())
    bof = bytes.fromhex("0908100000060500")
    start = data.find(bof)
    assert start > 0
    data[start + 20 : start + 22] = b"\x2f\x00"
    locked = tmp_path / "locked.xls"
    locked.write_bytes(bytes(data))
    assert "password-protected" in str(_error(locked))
