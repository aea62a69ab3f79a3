"""The fast queueing paths give the bits of their definitions (tests/oracles.py): the Erlang C recurrence
run over the rows still below their c only, and every utilisation of the grid evaluated in one pass."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import oracles  # noqa: E402

import advisor.sizing.inference as inference  # noqa: E402
from advisor.sizing.queueing import erlang_c  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a.view(np.int64), b.view(np.int64))


@pytest.mark.parametrize("seed", range(40))
def test_erlang_c_gives_the_masked_recurrences_bits(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    servers = (rng.choice([0.3, 1, 2, 2.5, 3, 8, 16, 63, 64, 64.5, 65, 128, 256], size=n) if seed % 2
               else rng.integers(0, 300, n).astype(float))
    if seed % 5 == 0:
        servers = np.ones(n)
    offered = rng.uniform(0, 1.3, n) * np.maximum(servers, 1) * rng.choice([0.5, 1, 2], n)
    if seed % 7 == 0:
        offered[::5], offered[::3], offered[::11] = np.inf, np.nan, 0.0
    assert same_bits(erlang_c(servers, offered), oracles.erlang_c(servers, offered))


def test_erlang_c_broadcasts_one_row_of_servers_over_many_loads():
    servers = np.array([1.0, 4.0, 32.0, 100.0])
    offered = np.outer([0.1, 0.5, 0.9], servers)
    assert same_bits(erlang_c(servers, offered), oracles.erlang_c(servers, offered))
    assert erlang_c(np.array([2]), np.array([1.5]))[0] == pytest.approx(0.642857, rel=1e-5)


def test_planned_utilisation_in_one_pass_equals_one_utilisation_at_a_time(monkeypatch, tmp_path):
    from advisor.pipeline import Options, recommend
    from advisor.plugin import Plugins

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    real, compared = inference.planned_utilisation, []

    def both(c, ev, shape, most):
        fast = real(c, ev, shape, most)
        assert same_bits(fast, oracles.planned_utilisation(c, ev, shape, most))
        compared.append(len(fast))
        return fast

    monkeypatch.setattr(inference, "planned_utilisation", both)
    examples = [ROOT / "examples" / n for n in ("hybrid-clinic.toml", "api-wins-support-bot.toml")]
    recommend(examples, Plugins(), Options(offline=True, as_of=date(2026, 11, 22)))
    assert len(compared) >= 6 and sum(compared) > 100  # several batch scales of several components
