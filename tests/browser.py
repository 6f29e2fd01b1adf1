"""The one embedded demo that every browser test drives: set up once, served once per session.

Setting up the demo takes tens of seconds; the browser tests share a single one (each of them
works on records of its own, so they do not see each other's). It is SQLite, so the tests run
in the SQLite pass only.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class DemoSite:
    home: Path
    base: str  # http://localhost:PORT: a secure context, so service workers run
    password: str  # of every demo account


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "REDPAZ_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def playwright_or_skip() -> Any:
    """The Playwright module, or a skip with the reason when a browser test cannot run here."""
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the embedded demo is SQLite: this test runs once, in the SQLite pass")
    return playwright


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    playwright_or_skip()
    home = tmp_path_factory.mktemp("browser") / "home"
    setup = subprocess.run(
        [sys.executable, "-m", "redpaz.cli", "demo", "--no-serve"],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    password = (home / "secrets" / "demo_password").read_text().strip()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "redpaz.cli", "serve", "--port", str(port)],
        env=_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://localhost:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{base}/healthz/", timeout=1)  # noqa: S310 - local
                break
            except OSError:
                time.sleep(0.5)
        yield DemoSite(home=home, base=base, password=password)
    finally:
        server.terminate()
        server.wait(timeout=10)
