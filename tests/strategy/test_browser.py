"""A person creates a strategy in a real browser and sees its target zones on the map."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redpaz(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REDPAZ_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "redpaz.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_an_analyst_creates_a_pazos_strategy_and_sees_its_zones(tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the embedded demo is SQLite: this test runs once, in the SQLite pass")
    home = tmp_path / "home"
    setup = _redpaz("demo", "--no-serve", home=home)
    assert setup.returncode == 0, setup.stderr
    password = (home / "secrets" / "demo_password").read_text().strip()
    port = _free_port()
    env = {**os.environ, "REDPAZ_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "redpaz.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=1)  # noqa: S310 - local
                break
            except OSError:
                time.sleep(0.5)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            page = browser.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", "analista.medellin")
            page.fill("input[name=password]", password)
            page.click("main button[type=submit]")
            page.goto(f"{base}/strategy/new/")
            page.select_option("select[name=territory]", label="Medellín (05001)")
            page.get_by_role("button", name="Continuar").click()
            page.check("input[name=blueprint][value=pazos]")
            page.fill("input[name=name]", "PAZOS nororiental")
            page.fill("input[name=start]", "2024-01-01")
            page.fill("input[name=end]", "2027-12-31")
            page.get_by_label("01 · Popular").check()
            page.get_by_label("03 · Manrique").check()
            page.get_by_role("button", name="Crear la estrategia").click()
            page.wait_for_selector("#strategy-map[data-ready='1']", timeout=20_000)
            assert page.locator("h1").inner_text() == "PAZOS nororiental"
            assert page.locator("#strategy-map path.leaflet-interactive").count() == 2
            assert "Interrupción" in page.content()
            page.get_by_role("link", name="IPTT").first.click()
            assert "Tabla de seguimiento" in page.content()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
