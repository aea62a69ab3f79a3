"""Only providers some workload of the run can use are read: the others are skipped with the reason."""

from __future__ import annotations

from types import SimpleNamespace

from advisor.catalog.usable import Skipped, ruled_out_by, usable_providers
from advisor.model.workload import Constraints


def provider(name: str, kind: str = "cloud") -> SimpleNamespace:
    return SimpleNamespace(name=name, kind=kind, plugin=f"{name}-plugin", origin=f"{name} from advisor-{name} 0.1.0")


def workload(name: str, **constraints) -> SimpleNamespace:
    return SimpleNamespace(workload=SimpleNamespace(workload=SimpleNamespace(name=name),
                                                    constraints=Constraints(**constraints)))


PROVIDERS = [provider("akash", "depin"), provider("aws"), provider("bedrock", "api"), provider("gcp"),
             provider("onprem", "onprem")]


def test_allowed_providers_keep_only_the_named_ones_and_say_why_the_others_are_skipped():
    kept, skipped = usable_providers(PROVIDERS, [workload("seed", allowed_providers=["aws", "onprem", "bedrock"])])
    assert kept == ["aws", "bedrock", "onprem"]
    assert skipped == [
        Skipped("akash", "akash-plugin", "akash from advisor-akash 0.1.0", "depin",
                "ruled out by the workload's constraints.allowed_providers"),
        Skipped("gcp", "gcp-plugin", "gcp from advisor-gcp 0.1.0", "cloud",
                "ruled out by the workload's constraints.allowed_providers"),
    ]


def test_kinds_and_exclusions_rule_providers_out_by_kind_and_name():
    kept, skipped = usable_providers(PROVIDERS, [workload("edge", allowed_kinds=["cloud", "onprem"],
                                                          excluded_providers=["gcp"])])
    assert kept == ["aws", "onprem"]
    assert [(s.provider, s.reason) for s in skipped] == [
        ("akash", "ruled out by the workload's constraints.allowed_kinds (kind 'depin')"),
        ("bedrock", "ruled out by the workload's constraints.allowed_kinds (kind 'api')"),
        ("gcp", "ruled out by the workload's constraints.excluded_providers"),
    ]


def test_a_provider_is_read_when_any_workload_of_the_run_can_use_it():
    runs = [workload("a", allowed_providers=["aws"]), workload("b", allowed_kinds=["depin"])]
    kept, skipped = usable_providers(PROVIDERS, runs)
    assert kept == ["akash", "aws"]
    # the reasons name constraints, not workloads: runs with the same constraints share one catalog
    assert {s.provider: s.reason for s in skipped} == {
        "bedrock": "ruled out by every workload's constraints.allowed_providers; constraints.allowed_kinds (kind 'api')",
        "gcp": "ruled out by every workload's constraints.allowed_providers; constraints.allowed_kinds (kind 'cloud')",
        "onprem": "ruled out by every workload's constraints.allowed_providers; constraints.allowed_kinds (kind 'onprem')",
    }


def test_without_constraints_or_workloads_every_provider_is_read():
    assert usable_providers(PROVIDERS, [workload("free")]) == ([p.name for p in PROVIDERS], [])
    assert usable_providers(PROVIDERS, []) == ([p.name for p in PROVIDERS], [])


def test_ruled_out_by_names_the_first_constraint_that_applies():
    c = Constraints(allowed_providers=["aws"], allowed_kinds=["cloud"])
    assert ruled_out_by(c, "aws", "cloud") is None
    assert ruled_out_by(c, "akash", "depin") == "constraints.allowed_providers"
    assert ruled_out_by(Constraints(allowed_kinds=["cloud"]), "akash", "depin") == "constraints.allowed_kinds (kind 'depin')"


def test_an_infeasible_run_names_the_skipped_providers_lifting_the_constraints_would_bring_in(tmp_path, monkeypatch):
    from datetime import date
    from pathlib import Path

    from advisor.pipeline import Options, recommend
    from advisor.plugin import Plugins

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    seed = Path(__file__).resolve().parents[1] / "examples" / "seed-llama3-8b.toml"
    only_onprem = tmp_path / "only-onprem.toml"  # no sites file: the on-prem provider has nothing to offer
    only_onprem.write_text(seed.read_text().replace('allowed_providers = ["aws", "onprem", "bedrock"]',
                                                    'allowed_providers = ["onprem"]')
                           .replace('sites_file = "sites.toml"', ""))
    rec = recommend([only_onprem], Plugins(), Options(offline=True, as_of=date(2026, 11, 22)))
    assert not rec.plan.feasible
    sources = {s.provider: s for s in rec.catalog}
    assert sources["aws"].source == "skipped" and sources["onprem"].source != "skipped"
    [hint] = [h for h in rec.plan.hints if "did not read" in h]
    assert hint.startswith("chat: the workload's [constraints] rule out ")
    assert "aws, " in hint and "lifting them would bring those offers in" in hint
