"""`redpaz import participants FILE --programme CODE`: all or nothing, one person once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from redpaz.imports.models import ImportBatch
from redpaz.participants.models import DuplicateCandidate, Enrolment, Person
from tests.participants.helpers import person, world

pytestmark = pytest.mark.django_db

HEADER = (
    "tipo_documento;numero_documento;nombres;primer_apellido;segundo_apellido;fecha_nacimiento;"
    "sexo;etnia;discapacidad;victima;comuna;telefono;fecha_inscripcion;fecha_autorizacion\n"
)


def _file(tmp_path: Path, *rows: str, name: str = "jovenes.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = (
    "CC;1017234567;Juan Camilo;Pérez;Gómez;2004-05-17;M;ninguno;NO;SI;10;3001234567;"
    "2022-02-01;2022-02-01",
    "TI;1034000111;Yuliana;Mosquera;Palacios;12/03/2009;F;negro;NO;NO;13;;2022-02-01;2022-02-01",
    # Juan again, registered elsewhere without document and with the surnames swapped.
    "CC;;Juan Kamilo;Gómez;Pérez;2004-05-17;M;;NO;NO;10;;2022-03-01;2022-03-01",
    "CC;71000222;Luis;Cardona;;1990-01-01;M;;NO;NO;Popular;;2022-02-01;2022-02-01",
)


def test_it_imports_enrols_flags_and_reports_probable_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = world()
    call_command("import_participants", str(_file(tmp_path, *ROWS)), programme="3.1")
    out = capsys.readouterr().out
    assert "4 rows stored" in out
    assert "probable duplicates to review: 1" in out
    assert Person.objects.count() == 4
    assert Enrolment.objects.filter(programme=w.c).count() == 4
    luis = Enrolment.objects.get(person__birth_date="1990-01-01")
    assert sorted(luis.flags) == ["age", "zone"]  # 32 years old, lives in comuna 01
    pair = DuplicateCandidate.objects.get()
    assert {pair.first.identity.given_names, pair.second.identity.given_names} == {
        "Juan Camilo",
        "Juan Kamilo",
    }
    batch = ImportBatch.objects.get(kind="participants")
    assert batch.report["new_people"] == 4
    assert "Juan" not in str(batch.report) and "1017234567" not in str(batch.report)
    # The same file again changes nothing.
    call_command("import_participants", str(_file(tmp_path, *ROWS)), programme="3.1")
    assert Person.objects.count() == 4


def test_it_enrols_a_known_document_without_registering_the_person_again(
    tmp_path: Path,
) -> None:
    w = world()
    juan = person(document="1.017.234.567")
    call_command("import_participants", str(_file(tmp_path, ROWS[0])), programme="3.1")
    assert Person.objects.count() == 1
    assert Enrolment.objects.get(programme=w.c).person == juan


def test_it_imports_nothing_when_a_row_is_wrong_and_names_file_row_and_field(
    tmp_path: Path,
) -> None:
    world()
    bad = "CC;55;Ana;Ríos;;31/02/2005;X;;NO;NO;10;;2022-02-01;"
    with pytest.raises(CommandError) as error:
        call_command("import_participants", str(_file(tmp_path, ROWS[0], bad)), programme="3.1")
    message = str(error.value)
    assert "jovenes.csv, row 3, field 'fecha_nacimiento'" in message
    assert "row 3, field 'sexo'" in message
    assert "row 3, field 'fecha_autorizacion'" in message
    assert Person.objects.count() == 0
    assert not ImportBatch.objects.filter(kind="participants").exists()


def test_it_refuses_an_unknown_programme_and_a_user_who_may_not_enrol(tmp_path: Path) -> None:
    w = world()
    with pytest.raises(CommandError, match=r"no programme with code '9\.9'"):
        call_command("import_participants", str(_file(tmp_path, ROWS[0])), programme="9.9")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_participants",
            str(_file(tmp_path, ROWS[0])),
            programme="1.2",
            user=w.staff_a.username,
        )
    call_command(
        "import_participants", str(_file(tmp_path, ROWS[0])), programme="1.1", user="staff_a"
    )
    assert Enrolment.objects.filter(programme=w.a).count() == 1


def test_the_redpaz_command_line_knows_the_participants_kind() -> None:
    from redpaz.cli import _import_kinds

    assert "participants" in _import_kinds()


def test_it_reads_a_workbook_with_a_title_above_the_header_and_real_dates(
    tmp_path: Path,
) -> None:
    from datetime import date

    from openpyxl import Workbook

    w = world()
    book = Workbook()
    sheet = book.active
    sheet.append(["Listado de participantes - Programa Jóvenes (datos sintéticos)"])
    sheet.append(HEADER.strip().split(";"))
    # Spreadsheets keep document numbers as numbers and dates as dates.
    sheet.append(
        ["CC", 1017234567, "Juan Camilo", "Pérez", "Gómez", date(2004, 5, 17), "M", "ninguno",
         "NO", "SI", "10", None, date(2022, 2, 1), date(2022, 2, 1)]
    )  # fmt: skip
    path = tmp_path / "jovenes.xlsx"
    book.save(path)
    call_command("import_participants", str(path), programme="3.1")
    juan = Person.objects.get()
    assert juan.identity.document_number == "1017234567"
    assert juan.birth_date == date(2004, 5, 17)
    assert Enrolment.objects.get().programme == w.c
