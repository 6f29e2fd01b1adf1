"""A person goes from the home page to Medellín's Gi* hotspots of comunas in three clicks, sees
the map drawn without tiles, with its legend, and downloads the situation report as PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import CHROMIUM, DemoSite, playwright_or_skip

pytestmark = pytest.mark.browser


def test_three_clicks_to_medellin_hotspots_and_the_pdf_report(
    tmp_path: Path, demo_site: DemoSite
) -> None:
    playwright = playwright_or_skip()
    base, password = demo_site.base, demo_site.password
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1400}, accept_downloads=True)
        # Offline: any request leaving the server (tiles, CDN) fails the test.
        outside: list[str] = []
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base) or route.request.url.startswith("data:")
                else (outside.append(route.request.url), route.abort())
            ),
        )
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", "analista.medellin")
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.goto(f"{base}/")
        # 1: the home page leads to the map of the person's municipality.
        page.click("main a[href='/observatory/map/?area=05001']")
        # 2: Gi* hotspots.
        page.click("nav#measures a[href*='measure=gi']")
        # 3: the period 2018-2023.
        page.click("nav#periods a[href*='from=2018'][href*='to=2023']")
        page.wait_for_selector("#observatory-map[data-ready='1']", timeout=30_000)
        assert "Medellín" in page.locator("h1").inner_text()
        assert "2018" in page.locator(".lead").inner_text()
        assert "measure=gi" in page.url and "from=2018" in page.url and "to=2023" in page.url
        # The comunas are drawn as SVG paths, with no tile images underneath.
        paths = page.locator("#observatory-map svg path.leaflet-interactive")
        assert paths.count() == 21
        assert page.locator("#observatory-map img.leaflet-tile").count() == 0
        fills = {paths.nth(k).get_attribute("fill") for k in range(paths.count())}
        assert fills <= {"#b91c1c", "#1d4ed8", "#f3f4f6", "#d1d5db"}
        legend = page.locator("#observatory-map .map-legend")
        assert legend.is_visible()
        assert "Gi*" in legend.inner_text()
        assert legend.locator("li i").count() >= 2
        assert "SISC" in legend.inner_text()  # the data source, with its extraction
        page.screenshot(path=str(tmp_path / "medellin-gi-comunas.png"), full_page=True)
        assert (tmp_path / "medellin-gi-comunas.png").stat().st_size > 10_000
        with page.expect_download(timeout=60_000) as download:
            page.click("a[href*='/observatory/reports/05001/'][href*='format=pdf']")
        pdf = Path(download.value.path())
        assert pdf.read_bytes()[:5] == b"%PDF-"
        # A click on a comuna opens its profile.
        with page.expect_navigation(timeout=60_000):
            paths.nth(0).click(force=True)
        assert "/observatory/zones/" in page.url
        assert page.locator("h1 .tag").inner_text()  # Comuna
        assert not outside, outside
        browser.close()
