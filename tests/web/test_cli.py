"""The `redpaz` command as a newcomer runs it: exit codes, messages, the embedded demo."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def redpaz(*args: str, home: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REDPAZ_HOME": str(home)}
    env.pop("DATABASE_URL", None)  # the embedded default is SQLite
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "redpaz.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_it_lists_the_commands(tmp_path: Path) -> None:
    result = redpaz("--help", home=tmp_path)
    assert result.returncode == 0
    assert "demo [--no-serve]" in result.stdout
    assert "population" in result.stdout and "zones" in result.stdout


def test_an_unknown_import_kind_exits_non_zero(tmp_path: Path) -> None:
    result = redpaz("import", "recipes", "x.csv", home=tmp_path)
    assert result.returncode == 2
    assert "unknown kind 'recipes'" in result.stderr


def test_the_demo_sets_up_once_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "data"
    first = redpaz("demo", "--no-serve", home=home)
    assert first.returncode == 0, first.stderr
    assert "1,122 municipalities" in first.stdout
    assert "password:" in first.stdout
    database = home / "redpaz.sqlite3"
    with sqlite3.connect(database) as connection:
        counts = connection.execute(
            "SELECT (SELECT COUNT(*) FROM territory_territory),"
            " (SELECT COUNT(*) FROM territory_populationfigure),"
            " (SELECT COUNT(*) FROM imports_importbatch)"
        ).fetchone()
    assert counts[0] == 1 + 33 + 1122 + 21
    second = redpaz("demo", "--no-serve", home=home)
    assert second.returncode == 0, second.stderr
    with sqlite3.connect(database) as connection:
        again = connection.execute(
            "SELECT (SELECT COUNT(*) FROM territory_territory),"
            " (SELECT COUNT(*) FROM territory_populationfigure),"
            " (SELECT COUNT(*) FROM imports_importbatch)"
        ).fetchone()
    assert again == counts
    # Secrets live in the data directory, readable by the owner only.
    assert oct((home / "secrets" / "secret_key").stat().st_mode & 0o777) == "0o600"
    # A bad file afterwards: clear message, exit status 1, nothing written.
    bad = tmp_path / "bad.csv"
    bad.write_text("municipio_code,year,poblacion\n05001,2021,lots\n", encoding="utf-8")
    result = redpaz("import", "population", str(bad), home=home)
    assert result.returncode == 1
    assert "bad.csv, row 2, field 'poblacion'" in result.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM imports_importbatch").fetchone() == (
            counts[2],
        )


@pytest.mark.shared_data
def test_it_imports_a_shapefile_from_the_command_line(shared_data: Path, tmp_path: Path) -> None:
    home = tmp_path / "data"
    assert redpaz("migrate", home=home).returncode == 0
    result = redpaz(
        "import",
        "zones",
        str(shared_data / "mgn2018" / "co_2018_MGN_MPIO_POLITICO.geojson"),
        "--level",
        "municipality",
        home=home,
    )
    assert result.returncode == 0, result.stderr
    assert "1,122 rows stored" in result.stdout
