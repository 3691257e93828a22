"""The pages as a person sees them: real headless Chromium (Debian's package, driven by playwright without
downloading a browser) loads the tracking and compliance pages from the loopback server; screenshots are
saved as test artefacts under test-artifacts/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.web.conftest import AGENCY, Live

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM} (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium is not installed")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


def _page(browser: object, url: str, shot: str) -> object:
    page = browser.new_page(viewport={"width": 900, "height": 700})  # type: ignore[attr-defined]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    assert response is not None
    # No external assets: every request the page made went to the app itself.
    assert all(u.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]) for u in requests), requests
    return page


def test_tracking_page_shows_the_status_timeline_and_deadline(browser: object, live: Live) -> None:
    tracking = live.seeded["forwarded"]
    page = _page(browser, f"{live.url}/lacak/{tracking}", "tracking-id.png")
    assert page.locator("#status").get_attribute("data-status") == "forwarded"  # type: ignore[attr-defined]
    assert page.locator("#status").inner_text() == "Diteruskan ke instansi"  # type: ignore[attr-defined]
    assert "Batas waktu berikutnya" in page.locator("#deadline").inner_text()  # type: ignore[attr-defined]
    assert page.locator("#timeline tr").count() == 2  # type: ignore[attr-defined]
    page.click("nav a")  # type: ignore[attr-defined]
    assert "Next deadline" in page.locator("#deadline").inner_text()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "tracking-en.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_rahasia_complaint_is_not_found(browser: object, live: Live) -> None:
    page = _page(browser, f"{live.url}/lacak/{live.seeded['rahasia']}", "tracking-rahasia.png")
    assert "Laporan tidak ditemukan" in page.locator("h1").inner_text()  # type: ignore[attr-defined]


def test_compliance_page_counts_follow_ups_and_draws_the_chart(browser: object, live: Live) -> None:
    page = _page(browser, f"{live.url}/kepatuhan/{AGENCY}", "compliance.png")
    assert page.locator("#started").inner_text() == "1"  # type: ignore[attr-defined]
    assert page.locator("#breaches").inner_text() == "0"  # type: ignore[attr-defined]
    assert page.locator("svg#chart rect").count() == 2  # type: ignore[attr-defined]
