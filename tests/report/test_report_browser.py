"""The HTML report in a real headless Chromium: renders, no console errors, no network, text not markup."""

from __future__ import annotations

import os
import shutil
import struct

import pytest

from advisor.render.report.build import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
NAME = 'Acme <img src=x onerror="window.__pwned=1"> & Co'


@pytest.fixture
def browser():
    if CHROMIUM is None:
        if os.environ.get("ADVISOR_REQUIRE_BROWSER"):
            pytest.fail("ADVISOR_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_report_renders_offline_with_charts_and_no_errors(browser, run_memory, tmp_path):
    path = tmp_path / "review.html"
    path.write_text(render_html(run_memory(name=NAME).model_dump(mode="json")), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert errors == []
    assert requests == [path.as_uri()]
    assert page.evaluate("window.__pwned") is None
    heading = page.inner_text("h1")
    assert NAME in heading
    assert page.locator("svg").count() >= 3
    body = page.inner_text("body")
    for section in ("1. Context", "2. Decision", "3. Options considered", "4. Consequences", "5. Rule trace",
                    "6. Assumptions", "7. Price provenance"):
        assert section in body
    shot = tmp_path / "review.png"
    page.screenshot(path=str(shot), full_page=True)
    png = shot.read_bytes()
    width, height = struct.unpack(">II", png[16:24])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and width == 1100 and height > 1400
    assert len(png) > 50_000


def test_report_of_a_batch_only_workload_renders_in_the_browser(browser, tmp_path, monkeypatch):
    """A workload without interactive users has no map; the page must still render without errors."""
    from pathlib import Path

    from advisor.pipeline import Options, recommend
    from advisor.plugin.manager import Plugins

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    example = Path(__file__).resolve().parents[2] / "examples" / "depin-batch.toml"
    rec = recommend([example], Plugins(), Options(offline=True, as_of=__import__("datetime").date(2026, 11, 22)))
    path = tmp_path / "batch.html"
    path.write_text(render_html(rec.model_dump(mode="json")), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert errors == []
    assert "public-corpus-summaries" in page.inner_text("h1")
    assert page.locator("svg").count() >= 1
