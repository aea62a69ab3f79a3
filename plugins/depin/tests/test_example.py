"""The DePIN example workload validates: public batch inference with cost weighted highest."""

from __future__ import annotations

from pathlib import Path

from advisor.inputs.tomlfile import load_model
from advisor.model.workload import Workload

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "depin-batch.toml"


def test_depin_batch_example_is_public_batch_with_cost_first():
    workload, _ = load_model(Workload, EXAMPLE)
    assert workload.data.classes == ["public"]
    assert workload.components[0].kind == "batch-inference"
    weights = workload.weights.normalised()
    assert max(weights, key=weights.get) == "cost"
