"""`redpaz import nbi`: DANE's unmet basic needs by municipality, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from redpaz.priorities.models import SocialIndicatorValue
from redpaz.priorities.selectors import indicator_latest
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def _import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_nbi", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.shared_data
def test_it_imports_the_dane_file_once(shared_data) -> None:
    path = str(shared_data / "dane_poblacion" / "NBI_2021.xlsx")
    out, err = _import(path)
    assert "1,121 rows stored" in out and "1 municipalities have no value" in err
    medellin, quibdo = municipality("05001"), municipality("27001")
    values = indicator_latest("nbi", [medellin.pk, quibdo.pk])
    assert values[medellin.pk] == pytest.approx(5.230399, abs=1e-6)
    assert values[quibdo.pk] > 50
    out, _err = _import(path)
    assert "already imported" in out
    assert SocialIndicatorValue.objects.count() == 1121


def test_it_names_every_bad_row_and_writes_nothing(tmp_path) -> None:
    path = tmp_path / "nbi.csv"
    path.write_text(
        "municipio_code;NBI;year\n05001;5,2;2021\n5002;abc;2021\nX1;3;2021\n76520;120;2021\n"
        "76520;12;2021\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        _import(str(path))
    message = str(error.value)
    assert "nothing was imported" in message
    assert "row 3, field 'NBI': 'abc' is not a number" in message
    assert "row 4, field 'code': 'X1' is not a municipality code" in message
    assert "row 5, field 'NBI': 120.0 is outside 0-100" in message
    assert not SocialIndicatorValue.objects.exists()


def test_a_table_without_year_needs_one(tmp_path) -> None:
    path = tmp_path / "nbi.csv"
    path.write_text("municipio_code,NBI\n05001,5.2\n76520,12.5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no year column"):
        _import(str(path))
    _import(str(path), "--year", "2018")
    assert SocialIndicatorValue.objects.get(territory=municipality("76520")).year == 2018
