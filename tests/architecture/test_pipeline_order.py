"""``pipeline.recommend`` calls each stage once per run (per component inside evaluation), in flow
order: inputs, catalog, rules packs, then per component sizing before costing before the rules'
judgement, then scoring weights, placement, assembly. Placement is the pipeline's call, not assembly's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import advisor.evaluation.component as component_module
import advisor.evaluation.shared as shared_module
import advisor.pipeline as pipeline
from advisor.plugin import Plugins

ROOT = Path(__file__).resolve().parents[2]


def _spy(monkeypatch, module, name: str, stage: str, calls: list[str]) -> None:
    real = getattr(module, name)

    def spy(*args, **kwargs):
        if not calls or calls[-1] != stage:
            calls.append(stage)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)


def test_recommend_calls_the_stages_in_flow_order(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    calls: list[str] = []
    for name, stage in [("load_catalogs", "inputs"), ("load_workload", "inputs"), ("gather", "catalog"),
                        ("load_ruleset", "rules packs"), ("portfolio_weights", "scoring"),
                        ("place_portfolio", "placement"), ("assemble", "assembly")]:
        _spy(monkeypatch, pipeline, name, stage, calls)
    _spy(monkeypatch, shared_module.Shared, "sizings", "sizing", calls)
    _spy(monkeypatch, shared_module.Shared, "prices", "costing", calls)
    _spy(monkeypatch, component_module, "evaluate_keyed", "rules", calls)
    _spy(monkeypatch, component_module, "PerPair", "criteria", calls)
    rec = pipeline.recommend([ROOT / "examples" / "seed-llama3-8b.toml"], Plugins(),
                             pipeline.Options(offline=True, as_of=date(2026, 11, 22)))
    assert rec.plan.feasible
    assert calls == ["inputs", "catalog", "rules packs", "sizing", "costing", "rules", "criteria", "scoring",
                     "placement", "assembly"]


def test_assembly_does_not_place():
    source = (ROOT / "advisor" / "assembly" / "build.py").read_text(encoding="utf-8")
    assert "shortlist(" not in source and "place(" not in source and "best_single_provider_plan(" not in source
