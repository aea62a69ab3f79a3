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


# -- the what-if panel ---------------------------------------------------------------------------


def _python_order(data: dict, component: int, weights: dict, price_change: float = 0.0) -> list[str]:
    """The options of one component ranked by advisor's scorer: check_weights normalises as the
    recommendation does, values come from the placements; after a price change cost is re-valued as the
    ratio to the cheapest option on the shipped scale, as advisor.scoring does."""
    import math

    import numpy as np

    from advisor.scoring.scores import CRITERIA, check_weights, cost_ratio, load_scales

    w = check_weights(weights)
    comp = data["components"][component]
    options = [comp["chosen"], *comp["alternatives"]]
    listed = {p["offer_id"] for p in options}
    options += [f for f in comp["frontier"] if f["offer_id"] not in listed]  # the frontier points, with their values
    scale = load_scales().cost
    scored = []
    priced = [p["usd_per_month"] * (1 + price_change) if p["kind"] != "onprem" and p["billing"] not in ("capex", "owned")
              else p["usd_per_month"] for p in options]
    reference = min(priced)  # cost is the ratio to the component's cheapest option (on the frontier, so listed)
    for p, usd in zip(options, priced, strict=True):
        values = dict(p["criteria"])
        if price_change:
            values["cost"] = float(scale.values(cost_ratio(np.array([usd]), reference))[0])
        scored.append((-math.fsum(w[k] * values[k] for k in CRITERIA), p["offer_id"]))
    return [offer for _, offer in sorted(scored)]


def _panel_order(page, component: int = 0) -> list[str]:
    return page.eval_on_selector_all(f"#wi-{component} tr", "rows => rows.map(r => r.getAttribute('data-offer'))")


def _set(page, selector: str, value: float) -> None:
    page.eval_on_selector(selector, "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", value)


def _hybrid(tmp_path):
    from datetime import date
    from pathlib import Path

    import advisor

    root = Path(__file__).resolve().parents[2]
    rec = advisor.recommend(root / "examples" / "hybrid-clinic.toml", offline=True, as_of=date(2026, 11, 1))
    data = rec.model_dump(mode="json")
    path = tmp_path / "review.html"
    path.write_text(render_html(data), encoding="utf-8")
    return data, path


def test_the_what_if_panel_ranks_as_the_python_scorer_for_the_same_weights(browser, tmp_path):
    data, path = _hybrid(tmp_path)
    index = next(i for i, c in enumerate(data["components"]) if c["chosen"] and len(c["alternatives"]) >= 2)
    comp = data["components"][index]
    frontier_only = {f["offer_id"] for f in comp["frontier"]} - {p["offer_id"] for p in [comp["chosen"], *comp["alternatives"]]}
    assert frontier_only, "the panel must re-rank the frontier, not only the chosen option and its alternatives"
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    assert errors == [], "the inline script must be allowed by the page's Content-Security-Policy hash"
    assert _panel_order(page, index) == _python_order(data, index, data["weights"])
    assert len(_panel_order(page, index)) == 1 + len(comp["alternatives"]) + len(frontier_only)
    assert _panel_order(page, index)[0] == data["components"][index]["chosen"]["offer_id"] or \
        data["components"][index]["sensitivity"].get("statements")  # a plan constraint may pick a lower score
    orders = set()
    for weights in ({"cost": 1, "latency": 0, "privacy": 0, "regulation": 0, "carbon": 0},
                    {"cost": 0, "latency": 0, "privacy": 1, "regulation": 0, "carbon": 0},
                    {"cost": 0.1, "latency": 0.7, "privacy": 0.1, "regulation": 0.05, "carbon": 0.05},
                    {"cost": 0, "latency": 0, "privacy": 0, "regulation": 0, "carbon": 1}):
        for k, v in weights.items():
            _set(page, f"#w-{k}", v)
        expected = _python_order(data, index, weights)
        assert _panel_order(page, index) == expected, weights
        orders.add(tuple(expected))
    assert len(orders) > 1, "the weights tried must change the ranking, or the test proves nothing"
    _set(page, "#a-price", 100)
    assert _panel_order(page, index) == _python_order(data, index, weights, price_change=1.0)
    page.click("#whatif-reset")
    assert _panel_order(page, index) == _python_order(data, index, data["weights"])
    assert errors == []


def test_every_examples_review_page_is_readable_and_prints_without_the_panel(browser, tmp_path):
    from datetime import date
    from pathlib import Path

    import advisor

    root = Path(__file__).resolve().parents[2]
    for example in ("seed-llama3-8b", "hybrid-clinic", "edge-latency", "depin-batch"):
        rec = advisor.recommend(root / "examples" / f"{example}.toml", offline=True, as_of=date(2026, 11, 1))
        path = tmp_path / f"{example}.html"
        path.write_text(render_html(rec.model_dump(mode="json")), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        assert errors == [], example
        body = page.inner_text("body")
        assert "20.0.Users" not in body and "ttft_ms_p95" not in body, example
        # the Pareto chart's y axis has values with units, and a legend
        pareto = page.locator("svg", has_text="Pareto front")
        if pareto.count():
            text = pareto.first.text_content()
            assert " ms" in text and "ringed = chosen" in text and "US$ per month" in text, example
        # nothing wider than the page but inside a scroll box
        wide = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t =>
            t.getBoundingClientRect().width > document.body.clientWidth + 1 && !t.closest('.scroll')).length""")
        assert wide == 0, example
        # the rule trace is grouped: no more rows than (component, rule, outcome) groups
        assert page.locator("h2:has-text('5. Rule trace') + p + div table tr").count() <= 40, example
        page.emulate_media(media="print")
        assert page.locator("#whatif").is_hidden() or page.locator("#whatif").count() == 0, example
        page.close()
