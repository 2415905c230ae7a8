"""The desk in a real headless Chromium, over a live server on loopback.

Needs Debian's ``chromium`` and Playwright for Python (never ``playwright install``); each
test skips with its reason when either is missing. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storyline.web import create_app

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(news_db: Path) -> Iterator[str]:
    """Return the address of a live server over the harbour store, stopped afterwards."""
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    config = uvicorn.Config(create_app(str(news_db)), host="127.0.0.1", port=port,
                            log_level="warning")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not live.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser_page(server: str) -> Iterator[Any]:
    """Return a Chromium page (fresh profile), or skip when Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    ARTIFACTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, sync_api.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile, executable_path=shutil.which("chromium") or CHROMIUM, headless=True,
            args=ARGS, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.errors = errors
        yield page
        context.close()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_analyst_follows_a_story_to_its_quote_versions(browser_page: Any, server: str) -> None:
    page = browser_page
    page.goto(server + "/")
    assert page.title() == "Stories · storyline"
    _shot(page, "stories")
    page.click("text=Mayor Orlen keeps harbour open to fishing boats")
    page.wait_for_url("**/stories/*")
    assert page.locator("svg.timeline").count() == 1
    marks = page.locator("svg.timeline circle.event, svg.timeline rect.event").count()
    assert marks >= 1
    assert page.locator("svg.timeline").bounding_box()["width"] > 300
    assert "First reported by Gull Gazette" in page.inner_text("main")
    _shot(page, "story")
    page.click("text=/compare 3 versions/")
    page.wait_for_url("**/clusters/*")
    versions = page.locator("article.version")
    assert versions.count() == 3
    assert versions.first.locator("ins, del").count() == 0
    assert page.locator("article.version.altered ins").first.inner_text() == "any"
    assert page.locator("article.version.altered del").count() >= 2
    assert page.locator(".tag.altered").count() >= 1
    _shot(page, "cluster")
    page.click("article.version >> nth=0 >> text=article")
    page.wait_for_url("**/articles/*")
    assert page.locator(".quote.direct").count() >= 1
    page.click("a.speaker >> nth=0")
    page.wait_for_url("**/people/*")
    assert page.locator("h1").inner_text() == "Ada Orlen"
    assert page.locator("ol.statements > li").count() >= 3
    _shot(page, "person")
    assert page.errors == []


def test_an_analyst_searches_filters_and_reads_a_clear_error(
    browser_page: Any, server: str
) -> None:
    page = browser_page
    page.goto(server + "/search")
    page.fill("form.filters input[name=q]", "harbour")
    page.select_option("form.filters select[name=kind]", "quotes")
    page.fill("form.filters input[name=outlet]", "Coast Herald")
    page.click("form.filters button")
    page.wait_for_url("**/search?*")
    results = page.locator("ol.results > li")
    assert results.count() >= 1
    assert page.locator("ol.results mark").first.inner_text().lower() == "harbour"
    assert all("Coast Herald" in results.nth(i).inner_text() for i in range(results.count()))
    _shot(page, "search")
    page.fill("form.filters input[name=q]", '"harbour')
    page.fill("form.filters input[name=outlet]", "")
    page.click("form.filters button")
    alert = page.locator("p.error[role=alert]")
    assert "cannot parse search query" in alert.inner_text()
    _shot(page, "search-error")
