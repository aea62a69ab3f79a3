"""Large portfolios skip the costly explanations, say so, and keep the plan itself unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import advisor.assembly.build as assemble
import advisor.placement.portfolio as portfolio
from advisor.pipeline import Options, recommend
from advisor.plugin.manager import Plugins
from advisor.scoring.sensitivity import sensitivity_summary

ROOT = Path(__file__).resolve().parents[1]
CLINIC = ROOT / "examples" / "hybrid-clinic.toml"
OPTIONS = Options(as_of=date(2026, 11, 22), offline=True)


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return Plugins()


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clinic on one provider: its box is shared by GPU now and nothing else binds at max_providers = 3."""
    path = tmp_path_factory.mktemp("clinic") / "clinic-one-provider.toml"
    path.write_text(CLINIC.read_text(encoding="utf-8").replace("max_providers = 3", "max_providers = 1")
                    .replace('sites_file = "hybrid-sites.toml"',
                             f'sites_file = "{(CLINIC.parent / "hybrid-sites.toml").as_posix()}"'), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def full(plugins: Plugins, clinic: Path) -> dict:
    return json.loads(recommend([clinic], plugins, OPTIONS).canonical_json())


def test_a_small_workload_keeps_every_explanation(full: dict) -> None:
    assert not any("binding constraints are not searched" in w for w in full["warnings"])
    assert full["plan"]["binding_constraints"]
    assert all("monte_carlo" in c["sensitivity"] for c in full["components"] if c["sensitivity"])


def test_above_the_budget_monte_carlo_and_binding_constraints_are_skipped_and_said(
    plugins: Plugins, full: dict, clinic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "EXPLAIN_COMPONENTS", 1)
    cut = json.loads(recommend([clinic], plugins, OPTIONS).canonical_json())
    [warning] = [w for w in cut["warnings"] if "binding constraints are not searched" in w]
    assert warning.startswith("3 components: above 1 ")
    assert cut["plan"]["binding_constraints"] == []
    for before, after in zip(full["components"], cut["components"], strict=True):
        assert after["chosen"] == before["chosen"]
        assert after["alternatives"] == before["alternatives"]
        if before["sensitivity"]:
            assert "monte_carlo" not in after["sensitivity"]
            assert after["sensitivity"]["price_flip"] == before["sensitivity"]["price_flip"]
            assert after["sensitivity"]["statements"] == before["sensitivity"]["statements"][:-1]
    assert cut["plan"]["total_usd_per_month"] == full["plan"]["total_usd_per_month"]
    assert cut["plan"]["single_provider"] == full["plan"]["single_provider"]


def test_sensitivity_needs_a_runner_up() -> None:
    assert sensitivity_summary([], None, {"cost": 1.0}) == {}


def test_exclusions_kept_per_reason_cover_the_longest_listing() -> None:
    from advisor.evaluation.component import EXCLUSIONS_KEPT

    assert EXCLUSIONS_KEPT >= max(assemble.EXCLUSIONS_PER_REASON.values())
