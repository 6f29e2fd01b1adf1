"""Every interface string has a Spanish translation, and the compiled catalogues are current."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUES = sorted(
    (Path(__file__).resolve().parents[2] / "src" / "redpaz").glob(
        "*/locale/es/LC_MESSAGES/django.po"
    )
)
MSGFMT = shutil.which("msgfmt")


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_the_spanish_catalogue_is_complete_and_compiled(po: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", str(tmp_path / "fresh.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    with (tmp_path / "fresh.mo").open("rb") as fresh, po.with_suffix(".mo").open("rb") as kept:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        kept_catalog = gettext.GNUTranslations(kept)._catalog  # type: ignore[attr-defined]
    stale = {k for k in fresh_catalog if k and kept_catalog.get(k) != fresh_catalog[k]}
    assert not stale, f"{po.with_suffix('.mo')} is stale: run `django-admin compilemessages`"


def test_every_app_has_a_spanish_catalogue() -> None:
    apps = {p.parts[-5] for p in CATALOGUES}
    assert {"web", "accounts", "territory", "imports"} <= apps
