"""A mediator records two mediations on a phone without connection; they sync once each when
the connection comes back, and the coordinator sees them on the map."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.browser import CHROMIUM, DemoSite, playwright_or_skip

pytestmark = pytest.mark.browser
MARK = "Prueba sin conexión"


def _login(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _stored(home: Path) -> list[str]:
    with sqlite3.connect(home / "redpaz.sqlite3") as db:
        rows = db.execute(
            "SELECT uuid FROM fieldwork_mediation WHERE actions LIKE ?", (f"{MARK}%",)
        ).fetchall()
    # SQLite keeps UUIDs as 32 hex digits.
    return [str(uuid.UUID(r[0])) for r in rows]


def test_mediations_saved_offline_sync_once_and_appear_on_the_coordinators_map(
    demo_site: DemoSite,
) -> None:
    playwright = playwright_or_skip()
    home, base, password = demo_site.home, demo_site.base, demo_site.password
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
        page = phone.new_page()
        _login(page, base, "gestor.medellin", password)
        page.goto(f"{base}/fieldwork/form/")
        page.wait_for_selector("#field-app[data-ready='1']")
        assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")

        phone.set_offline(True)
        # The form opens from the service worker's cache without a connection.
        page.reload()
        page.wait_for_selector("#field-app[data-ready='1']")
        assert "Sin conexión" in page.inner_text("#field-status")
        for number, risk in ((1, "medium"), (2, "imminent")):
            page.select_option("#m-type", "neighbours")
            page.select_option("#m-risk", risk)
            page.select_option("#m-outcome", "de_escalated")
            page.fill("#m-actions", f"{MARK} {number}")
            page.get_by_role("button", name="Guardar la mediación").click()
            page.wait_for_selector(f"#field-app[data-pending='{number}']")
        assert _stored(home) == []

        phone.set_offline(False)
        page.evaluate("Promise.all([window.RedPazField.sync(), window.RedPazField.sync()])")
        page.click("#field-sync")
        page.wait_for_selector("#field-app[data-pending='0']")
        page.evaluate("window.RedPazField.sync()")
        stored = _stored(home)
        assert len(stored) == 2
        assert page.locator("#field-queue li[data-status='synced']").count() == 2

        office = browser.new_context()
        desk = office.new_page()
        _login(desk, base, "coordinacion.medellin", password)
        desk.goto(f"{base}/fieldwork/supervision/")
        desk.wait_for_selector("#fieldwork-map[data-ready='1']", timeout=20_000)
        shown = desk.evaluate(
            "fetch('/fieldwork/map.geojson').then(r => r.json())"
            ".then(d => d.features.map(f => f.id))"
        )
        assert set(stored) <= set(shown)
        assert desk.locator("#fieldwork-map path.leaflet-interactive").count() >= len(shown)
        browser.close()
