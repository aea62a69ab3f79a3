"""``advisor prices`` refresh / show / status through click's CliRunner, with fake providers."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from catalog_fakes import BrokenRefresh, Good, NoCredentials, Raises, catalog, offer, plugins_with  # noqa: E402

import advisor.cli.prices as prices_cli  # noqa: E402
from advisor.catalog.cache import CatalogCache  # noqa: E402
from advisor.errors import InputError  # noqa: E402


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    return tmp_path


def use(monkeypatch, *providers):
    plugins = plugins_with(*providers)
    monkeypatch.setattr(prices_cli, "make_plugins", lambda: plugins)
    return plugins


def run(*args: str, **kwargs):
    return CliRunner().invoke(prices_cli.prices, list(args), **kwargs)


def show_json(*args: str) -> dict:
    result = run("show", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_refresh_reports_each_provider_and_missing_credentials_is_not_an_error(monkeypatch, cache_dir):
    use(monkeypatch, Good(), NoCredentials("nocreds"), Raises())
    result = run("refresh")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "good     refreshed 1 offer",
        "nocreds  kept previous (embedded snapshot): no credentials: set FAKE_API_KEY",
        "raises   skipped: no live price source",
    ]
    assert CatalogCache(cache_dir / "catalog.sqlite3").read("good").original_source == "live"
    assert CatalogCache(cache_dir / "catalog.sqlite3").read("nocreds") is None


def test_refresh_exits_1_when_every_provider_tried_failed_unexpectedly(monkeypatch):
    use(monkeypatch, BrokenRefresh("broken"), Raises())
    result = run("refresh")
    assert result.exit_code == 1
    assert "broken  kept previous (embedded snapshot): raised RuntimeError('API returned HTTP 500')" in result.stdout


def test_failed_refresh_keeps_the_previously_cached_prices(monkeypatch):
    use(monkeypatch, Good(live_price="1.20"))
    assert run("refresh").exit_code == 0
    use(monkeypatch, BrokenRefresh("good"), Good("other"))
    result = run("refresh", "good")
    assert result.exit_code == 1
    assert result.stdout.startswith("good  kept previous (cache from ")
    shown = show_json("--provider", "good")
    assert [(o["usd_per_hour"], o["source"]) for o in shown["offers"]] == [("1.20", "cache")]


def test_refresh_of_an_unknown_provider_is_an_input_error_with_a_suggestion(monkeypatch):
    use(monkeypatch, Good())
    result = run("refresh", "goood")
    assert isinstance(result.exception, InputError)
    assert result.exception.exit_code == 2
    assert "unknown provider 'goood' (did you mean 'good'?)" in str(result.exception)


def test_show_json_lists_prices_with_provenance_and_unpriced_as_null(monkeypatch):
    use(monkeypatch, Good())
    shown = show_json()
    assert [o["id"] for o in shown["offers"]] == ["good:r1:gpu1:on_demand", "good:r1:gpu2:on_demand", "good:r1:gpu3:on_demand"]
    first, _, unpriced = shown["offers"]
    assert (first["usd_per_hour"], first["source"], first["as_of"], first["region"]) == ("1.50", "snapshot", "2026-05-01T00:00:00+00:00", "r1")
    assert (first["accelerator"], first["accelerator_count"], first["accelerator_memory_gib"]) == ("H100-SXM", 1.0, 80.0)
    assert (unpriced["usd_per_hour"], unpriced["priced"]) == (None, False)
    (source,) = shown["sources"]
    assert (source["provider"], source["source"], source["offers"], source["unpriced"]) == ("good", "snapshot", 3, 1)


def test_show_filters_by_gpu_case_insensitively_and_by_billing_and_region(monkeypatch):
    use(monkeypatch, Good())
    assert [o["sku"] for o in show_json("--gpu", "a100-80gb")["offers"]] == ["gpu2"]
    assert show_json("--billing", "spot")["offers"] == []
    assert len(show_json("--region", "R1")["offers"]) == 3
    assert show_json("--region", "elsewhere")["offers"] == []


def test_show_after_refresh_uses_the_cache_and_offline_ignores_it(monkeypatch):
    use(monkeypatch, Good(live_price="1.20"))
    run("refresh")
    assert [o["source"] for o in show_json()["offers"]] == ["cache"]
    assert [o["source"] for o in show_json("--offline")["offers"]] == ["snapshot"] * 3


def test_show_table_has_a_header_per_provider_and_says_unpriced(monkeypatch):
    use(monkeypatch, Good(), Raises())
    result = run("show")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("good: snapshot as of 2026-05-01 (")
    assert any("gpu3" in line and "unpriced" in line and "L4 x 1" in line for line in lines)
    assert "  3 of 3 offers shown, 1 unpriced" in lines
    assert "raises: failed, no reference" in lines
    assert "  warning: raised ValueError('snapshot file missing')" in lines


def test_status_reports_source_ttl_and_cache_path(monkeypatch, cache_dir):
    use(monkeypatch, Good(), Good("market", kind="depin"))
    run("refresh", "market")
    result = run("status", "--format", "json")
    assert result.exit_code == 0
    status = json.loads(result.stdout)
    assert status["cache_path"] == str(cache_dir / "catalog.sqlite3")
    rows = {r["provider"]: r for r in status["providers"]}
    assert (rows["good"]["source"], rows["good"]["ttl_hours"], rows["good"]["cache_fetched_at"]) == ("snapshot", 168.0, None)
    assert (rows["market"]["source"], rows["market"]["ttl_hours"]) == ("cache", 1.0)
    assert rows["market"]["cache_fetched_at"] is not None
    table = run("status")
    assert f"cache: {cache_dir / 'catalog.sqlite3'}" in table.stdout


def test_status_and_show_mark_a_cached_catalog_past_its_ttl_as_stale(monkeypatch, cache_dir):
    use(monkeypatch, Good("market", kind="depin"))  # a DePIN market's cached prices live one hour
    monkeypatch.setenv("COLUMNS", "300")  # one line per row: the note reads whole
    fetched = datetime.now(UTC) - timedelta(hours=2)  # newer than the snapshot, past the TTL
    live = catalog("market", [offer("market", "gpu1", "0.30", source="live", as_of=fetched)], source="live", as_of=fetched)
    CatalogCache(cache_dir / "catalog.sqlite3").write(live, fetched_at=fetched)
    status = run("status")
    assert status.exit_code == 0, status.output
    (row,) = [line for line in status.stdout.splitlines() if line.startswith("market")]
    assert "cache (stale: past its TTL, refresh advised)" in row
    shown = run("show")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0].startswith("market: cache (stale: past its TTL, refresh advised) as of ")


def test_plugins_can_be_injected_through_the_context_object(monkeypatch):
    monkeypatch.setattr(prices_cli, "make_plugins", lambda: pytest.fail("factory must not be used"))
    result = run("show", "--format", "json", obj=plugins_with(Good("injected")))
    assert result.exit_code == 0
    assert {o["provider"] for o in json.loads(result.stdout)["offers"]} == {"injected"}


def test_coverage_counts_priced_offers_and_regions_by_hardware(monkeypatch):
    use(monkeypatch, Good())
    result = run("coverage", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(p["provider"], p["offers"], p["priced"], p["priced_regions"]) for p in data["providers"]] == [("good", 3, 2, 1)]
    assert {h["hardware"]: h["priced"]["Europe"] for h in data["hardware"]} == {"A100-80GB": 1, "H100-SXM": 1, "L4": 0}


def test_coverage_table_and_markdown_name_areas_and_show_unpriced_hardware(monkeypatch):
    use(monkeypatch, Good())
    table = run("coverage")
    assert table.exit_code == 0
    assert "United States" in table.stdout and "Asia-Pacific" in table.stdout
    assert "| good | L4 | - | 0/1 | - | - |" in run("coverage", "--format", "markdown").stdout


def test_coverage_of_an_unknown_provider_exits_2_with_a_suggestion(monkeypatch):
    use(monkeypatch, Good())
    result = run("coverage", "--provider", "goood")
    assert isinstance(result.exception, InputError)
    assert "unknown provider 'goood' (did you mean 'good'?)" in str(result.exception)


def test_show_survives_a_plugin_with_naive_dates_and_names_it(monkeypatch):
    from catalog_fakes import NaiveDates

    use(monkeypatch, NaiveDates(), Good())
    shown = show_json()
    assert {o["provider"] for o in shown["offers"]} == {"naive", "good"}
    naive = next(s for s in shown["sources"] if s["provider"] == "naive")
    assert "has no time zone" in naive["problems"][0]
    table = run("show")
    assert table.exit_code == 0, table.output
    assert "warning: 1 malformed offer dropped: 'naive:r1:gpu2:on_demand'" in table.stdout


class EightWay(Good):
    """Good's offers plus an 8-GPU box at $8/h: $1 per GPU-hour, the cheapest per GPU though not per hour."""

    def catalog(self, query):
        from catalog_fakes import catalog, offer

        eight = offer(self.name, "gpu8", "8.00").model_copy(
            update={"hardware": offer(self.name).hardware.model_copy(update={"accelerator_count": 8})})
        return catalog(self.name, [*super().catalog(query).offers, eight])


def test_show_sorts_by_price_with_unpriced_last_and_limits_after_sorting(monkeypatch):
    use(monkeypatch, EightWay())
    by_price = show_json("--sort", "price")
    assert [(o["sku"], o["usd_per_hour"]) for o in by_price["offers"]] == [
        ("gpu1", "1.50"), ("gpu2", "3.00"), ("gpu8", "8.00"), ("gpu3", None)]
    by_gpu_hour = show_json("--sort", "gpu-hour", "--limit", "2")
    assert [(o["sku"], o["usd_per_gpu_hour"]) for o in by_gpu_hour["offers"]] == [("gpu8", "1.0000"), ("gpu1", "1.5000")]
    assert by_gpu_hour["matched"] == 4


def test_show_names_the_cheapest_offer_per_provider_by_gpu_hour_over_all_matches(monkeypatch):
    use(monkeypatch, EightWay(), Good("other"))
    shown = show_json("--limit", "1")
    assert [(o["provider"], o["sku"], o["usd_per_gpu_hour"]) for o in shown["cheapest_per_provider"]] == [
        ("good", "gpu8", "1.0000"), ("other", "gpu1", "1.5000")]
    table = run("show", "--limit", "1").stdout
    assert "1 of 7 matching offers shown (--limit)" in table
    assert "cheapest priced offer per provider" in table and "$/GPU-h" in table


def test_show_csv_has_a_header_and_leaves_an_unpriced_offer_empty(monkeypatch):
    import csv
    import io

    use(monkeypatch, Good())
    rows = list(csv.DictReader(io.StringIO(run("show", "--format", "csv").stdout)))
    assert [r["sku"] for r in rows] == ["gpu1", "gpu2", "gpu3"]
    assert (rows[0]["usd_per_hour"], rows[0]["usd_per_gpu_hour"], rows[0]["source"]) == ("1.50", "1.5000", "snapshot")
    assert (rows[2]["usd_per_hour"], rows[2]["usd_per_gpu_hour"]) == ("", "")


def test_show_table_follows_the_terminal_width_from_columns(monkeypatch):
    use(monkeypatch, Good())
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("show").stdout
    monkeypatch.setenv("COLUMNS", "70")
    narrow = run("show").stdout
    assert max(map(len, narrow.splitlines())) <= 70 < max(map(len, wide.splitlines()))


def test_the_python_api_lists_the_same_prices(monkeypatch):
    import advisor

    plugins = use(monkeypatch, EightWay())
    listed = advisor.prices(sort="gpu-hour", plugins=plugins)
    assert [r.sku for r in listed.rows] == ["gpu8", "gpu1", "gpu2", "gpu3"]
    assert str(listed.rows[0].usd_per_gpu_hour) == "1.0000" and listed.rows[-1].usd_per_hour is None
    with pytest.raises(InputError, match="--sort: unknown key 'cheap'"):
        advisor.prices(sort="cheap", plugins=plugins)


def test_show_filters_by_every_billing_an_offer_can_have_managed_api_ones_included():
    from typing import get_args

    from advisor.cli import cli
    from advisor.model.offers import Billing

    assert prices_cli.BILLINGS == get_args(Billing) and {"per_token", "provisioned"} <= set(prices_cli.BILLINGS)
    result = CliRunner().invoke(cli, ["prices", "show", "--help"])
    assert "per_token|provisioned" in result.output.replace("\n", "").replace(" ", "")
