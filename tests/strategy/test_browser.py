"""A person creates a strategy in a real browser and sees its target zones on the map."""

from __future__ import annotations

import pytest

from tests.browser import CHROMIUM, DemoSite, playwright_or_skip

pytestmark = pytest.mark.browser


def test_an_analyst_creates_a_pazos_strategy_and_sees_its_zones(demo_site: DemoSite) -> None:
    playwright = playwright_or_skip()
    base, password = demo_site.base, demo_site.password
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
