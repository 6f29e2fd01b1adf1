"""`redpaz import policia`: official totals, provenance, replacement, rollback, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from redpaz.imports.models import ImportBatch
from redpaz.ingest.errors import IngestError
from redpaz.observatory.demo import POLICIA_YEARS
from redpaz.observatory.models import Coverage, EventRecord
from redpaz.observatory.selectors import (
    CoverageStatus,
    EventFilter,
    coverage_status,
    event_counts,
)
from redpaz.observatory.services import batch_rollback, policia_import
from redpaz.territory.models import Level
from redpaz.territory.selectors import population_lookup
from redpaz.territory.services import alias_add
from redpaz.web.demo import demo_file
from tests.factories import municipality
from tests.ingest.releases import ROWS, write_release
from tests.ingest.test_policia_reader import RELEASES

pytestmark = pytest.mark.django_db

SOURCE = "policia-siedco"


def _stored() -> tuple[int, int, int]:
    return EventRecord.objects.count(), Coverage.objects.count(), ImportBatch.objects.count()


def test_the_bundled_releases_give_the_official_figures() -> None:
    paths = [demo_file(f"policia_homicidios_{year}.csv.gz") for year in POLICIA_YEARS]
    outcomes = policia_import(paths=paths)
    assert all(o.created for o in outcomes)

    country = event_counts(EventFilter.years(SOURCE, "homicidio", 2011, 2023), level=Level.COUNTRY)
    assert dict(zip(country["year"], country["count"], strict=True)) == {
        year: total for year, (total, _rows, _extracted) in RELEASES.items()
    }
    batch_2023 = outcomes[-1].batch
    assert batch_2023.rows_stored == 11363
    assert batch_2023.report["victims"] == batch_2023.report["total_row"] == 13555
    assert batch_2023.extraction_date == date(2024, 5, 1)

    year_2021 = EventFilter.years(SOURCE, "homicidio", 2021, 2021)
    medellin = event_counts(year_2021, level=Level.MUNICIPALITY, municipality_code="05001")
    assert medellin["count"].tolist() == [402]
    palmira = event_counts(year_2021, level=Level.MUNICIPALITY, municipality_code="76520")
    population = population_lookup([municipality("76520").pk], [2021])
    assert population[(municipality("76520").pk, 2021)] == 357178
    rate = palmira["count"].iloc[0] / 357178 * 100_000
    assert f"{rate:.2f}" == "43.40"

    status = coverage_status(
        source=SOURCE, crime="homicidio", municipality_codes=["76520"], years=[2019, 2020, 2021]
    )
    assert status[("76520", 2020)] == CoverageStatus.NONE  # no 2020 release: missing, not zero
    assert status[("76520", 2021)] == CoverageStatus.FULL

    before = _stored()
    again = policia_import(paths=paths)
    assert not any(o.created for o in again)
    assert _stored() == before


@pytest.mark.shared_data
def test_it_imports_published_xls_and_xlsx_files_with_their_provenance(
    shared_data: Path, capsys
) -> None:
    folder = shared_data / "policia_homicidios"
    call_command(
        "import_policia", str(folder / "homicidios_2011.xlsx"), str(folder / "homicidios_2021.xls")
    )
    out = capsys.readouterr().out
    assert "Imported homicidios_2011.xlsx: 11,760 rows stored" in out
    assert "TOTAL row: 13,874 (equal to the sum)" in out
    batch = ImportBatch.objects.get(source_name="homicidios_2021.xls")
    assert batch.kind == "policia"
    assert batch.publisher == "Policía Nacional – DIJIN (SIEDCO)"
    assert batch.extraction_date == date(2023, 1, 5)
    assert batch.release == "policia-siedco:homicidio:2021-01-01:2021-12-31"
    assert len(batch.sha256) == 64
    assert batch.report["header_row"] == 10
    record = EventRecord.objects.filter(batch=batch).order_by("source_row").first()
    assert record is not None
    assert (record.source_row, record.municipality.code, record.weapon) == (
        11,
        "91001",
        "ARMA BLANCA / CORTOPUNZANTE",
    )


def test_a_newer_extraction_replaces_the_older_one_and_an_older_one_is_refused(
    tmp_path: Path,
) -> None:
    old_path = write_release(
        tmp_path / "h2021_jul.xlsx",
        extracted="FUENTE: DIJIN. DATOS EXTRAIDOS EL DIA 15 DE JULIO DEL AÑO 2022.",
    )
    newer_rows = [*ROWS, ROWS[0]]  # a later extraction found one more victim
    new_path = write_release(
        tmp_path / "h2021_ene.xlsx",
        rows=newer_rows,
        extracted="FUENTE: DIJIN. DATOS EXTRAIDOS EL DIA 5 DE ENERO DEL AÑO 2023.",
    )
    (old,) = policia_import(paths=[old_path])
    (new,) = policia_import(paths=[new_path])
    old.batch.refresh_from_db()
    assert old.batch.status == ImportBatch.Status.REPLACED
    assert old.batch.replaced_by == new.batch
    assert not EventRecord.objects.filter(batch=old.batch).exists()
    assert Coverage.objects.get().batch == new.batch
    filters = EventFilter.years(SOURCE, "homicidio", 2021, 2021)
    assert event_counts(filters, level=Level.COUNTRY)["count"].tolist() == [9]
    assert "replaced batch" in new.batch.warnings[0]

    before = _stored()
    older = write_release(
        tmp_path / "h2021_older.xlsx",
        rows=ROWS[:2],
        extracted="FUENTE: DIJIN. DATOS EXTRAIDOS EL DIA 1 DE MAYO DE 2022.",
    )
    with pytest.raises(IngestError) as caught:
        policia_import(paths=[older])
    assert "older extraction (2022-05-01)" in str(caught.value)
    assert f"batch {new.batch.pk}" in str(caught.value)
    assert _stored() == before


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = write_release(tmp_path / "release.xlsx")
    (first,) = policia_import(paths=[path])
    before = _stored()
    (second,) = policia_import(paths=[path])
    assert not second.created and second.batch == first.batch
    assert "nothing changed" in second.message or "no cambió nada" in second.message
    assert _stored() == before


def test_rolling_back_removes_records_and_coverage_but_keeps_the_batch(
    tmp_path: Path, capsys
) -> None:
    (outcome,) = policia_import(paths=[write_release(tmp_path / "release.xlsx")])
    call_command("rollback", str(outcome.batch.pk))
    assert "4 records removed" in capsys.readouterr().out
    outcome.batch.refresh_from_db()
    assert outcome.batch.status == ImportBatch.Status.ROLLED_BACK
    assert not EventRecord.objects.exists() and not Coverage.objects.exists()
    with pytest.raises(CommandError, match="not in force"):
        call_command("rollback", str(outcome.batch.pk))
    # The same file can be imported again after a rollback.
    (again,) = policia_import(paths=[write_release(tmp_path / "release.xlsx")])
    assert again.created


def test_an_unknown_divipola_code_names_the_row_and_nothing_is_stored(tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][2] = "99999000"
    good = write_release(tmp_path / "good.xlsx")
    bad = write_release(tmp_path / "bad.xlsx", rows=rows)
    before = _stored()
    with pytest.raises(IngestError) as caught:
        policia_import(paths=[good, bad])
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("bad.xlsx", 11, "CODIGO DANE")
    assert "unknown DIVIPOLA code: municipality 99999" in problem.message
    assert _stored() == before  # the good file of the same call was not stored either


def test_the_command_reports_bad_input_and_exits_non_zero(tmp_path: Path) -> None:
    path = write_release(tmp_path / "bad_total.xlsx", total=99)
    with pytest.raises(CommandError) as caught:
        call_command("import_policia", str(path))
    assert "nothing was imported" in str(caught.value)
    assert "bad_total.xlsx, row 13, field 'CANTIDAD'" in str(caught.value)


def test_files_without_codes_are_placed_by_department_and_municipality_name(
    tmp_path: Path,
) -> None:
    header = ["DEPARTAMENTO", "MUNICIPIO", "FECHA HECHO", "GENERO", "CANTIDAD"]

    def row(department: str, name: str, count: int = 1) -> list[object]:
        return [department, name, date(2021, 1, 3), "MASCULINO", count]

    rows = [
        row("ANTIOQUIA", "MEDELLÍN (CT)", 2),
        row("VALLE", "PALMIRA"),
        row("CUNDINAMARCA", "BOGOTÁ D.C. (CT)"),  # the Policía files Bogotá under Cundinamarca
        row("BOLÍVAR", "CARTAGENA (CT)"),
        row("ANTIOQUIA", "DON MATÍAS"),
        row("ANTIOQUIA", "SAN PEDRO"),
        row("ANTIOQUIA", "PUERTO"),
        row("VALLE", "CIUDAD INVENTADA"),
    ]
    path = write_release(tmp_path / "old_layout.xlsx", rows=rows, header=header)
    with pytest.raises(IngestError) as caught:
        policia_import(paths=[path])
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 2  # every unmatched name, each once
    # "PUERTO" could be three municipalities of Antioquia: suggested, never guessed.
    assert "unmatched municipality 'PUERTO' in 'ANTIOQUIA'" in messages[0]
    assert "Puerto Berrío or Puerto Nare or Puerto Triunfo" in messages[0]
    assert "unmatched municipality 'CIUDAD INVENTADA' in 'VALLE'" in messages[1]
    assert not EventRecord.objects.exists()

    # The analyst records the name the Policía used as an alternative name, and imports again.
    alias_add(territory=municipality("05579"), name="PUERTO", user=None)
    path = write_release(tmp_path / "old_layout_fixed.xlsx", rows=rows[:-1], header=header)
    (outcome,) = policia_import(paths=[path])
    placed = dict(
        EventRecord.objects.filter(batch=outcome.batch).values_list("municipality__code", "count")
    )
    assert placed == {
        "05001": 2,
        "76520": 1,
        "11001": 1,
        "13001": 1,
        "05237": 1,
        "05664": 1,  # DANE's own files call San Pedro de los Milagros "SAN PEDRO"
        "05579": 1,
    }


@pytest.mark.shared_data
def test_names_alone_place_a_real_release_as_its_codes_do(
    shared_data: Path, tmp_path: Path
) -> None:
    grid = pd.read_excel(
        shared_data / "policia_homicidios" / "homicidios_2015.xlsx", header=None, engine="calamine"
    )
    without_codes = tmp_path / "homicidios_2015_sin_codigos.csv"
    grid.drop(columns=[2]).to_csv(without_codes, index=False, header=False)
    (outcome,) = policia_import(paths=[without_codes])
    by_name = event_counts(
        EventFilter.years(SOURCE, "homicidio", 2015, 2015), level=Level.MUNICIPALITY
    ).set_index("code")["count"]
    batch_rollback(batch=outcome.batch)
    policia_import(paths=[shared_data / "policia_homicidios" / "homicidios_2015.xlsx"])
    by_code = event_counts(
        EventFilter.years(SOURCE, "homicidio", 2015, 2015), level=Level.MUNICIPALITY
    ).set_index("code")["count"]
    assert by_name.sum() == by_code.sum() == 12460
    differing = (by_name.reindex(by_code.index, fill_value=0) - by_code).abs().sum()
    assert differing == 0


def test_the_crime_comes_from_the_title_or_the_command_line(tmp_path: Path) -> None:
    lesiones = write_release(tmp_path / "lesiones.xlsx", title="LESIONES PERSONALES")
    with pytest.raises(IngestError, match="the title says 'LESIONES PERSONALES'"):
        policia_import(paths=[lesiones], crime="homicidio")
    unknown = write_release(tmp_path / "otro.xlsx", title="INFORME ESPECIAL")
    with pytest.raises(IngestError, match="cannot tell the crime type"):
        policia_import(paths=[unknown])
    (outcome,) = policia_import(paths=[unknown], crime="violencia-intrafamiliar")
    assert outcome.batch.report["crime"] == "violencia-intrafamiliar"
    (outcome,) = policia_import(paths=[lesiones])
    assert (
        EventRecord.objects.filter(batch=outcome.batch, crime__slug="lesiones-personales").count()
        == 4
    )


def test_only_people_who_import_for_the_whole_country_import_releases(
    tmp_path: Path, users
) -> None:
    path = write_release(tmp_path / "release.xlsx")
    with pytest.raises(PermissionDenied):
        policia_import(paths=[path], user=users.pablo)
    (outcome,) = policia_import(paths=[path], user=users.alice)
    assert outcome.batch.imported_by == users.alice


def test_imports_and_rollbacks_tell_whatever_computes_from_the_data(
    tmp_path: Path, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from redpaz.imports import services as import_services

    told: list[tuple[int, str]] = []
    monkeypatch.setattr(
        import_services, "_COMPLETION_HOOKS", [lambda b: told.append((b.pk, b.status))]
    )
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = policia_import(paths=[write_release(tmp_path / "release.xlsx")])
    with django_capture_on_commit_callbacks(execute=True):
        batch_rollback(batch=outcome.batch)
    assert told == [
        (outcome.batch.pk, ImportBatch.Status.DONE),
        (outcome.batch.pk, ImportBatch.Status.ROLLED_BACK),
    ]
