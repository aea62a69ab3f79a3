"""Sensitivity sentences never contradict their numbers: no move from 0.60 to 0.60, no rise by 0.0%, no
price cut asked of a runner-up that already scores as well, and a cheaper runner-up is said to be cheaper."""

from __future__ import annotations

import re

from advisor.scoring.sensitivity import _flip_words, _pct, price_words


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+\.\d+", text)


def test_a_weight_flip_shows_enough_decimals_for_the_two_weights_to_differ():
    text = _flip_words("cost", 0.6, 0.6031, "A", "B")
    assert text == "the cost weight would have to rise from 0.600 to 0.603 for B to beat A"
    assert _flip_words("cost", 0.6, 0.75, "A", "B") == "the cost weight would have to rise from 0.60 to 0.75 for B to beat A"
    first, second = _numbers(_flip_words("latency", 0.15, 0.14996, "A", "B"))[:2]
    assert first != second


def test_a_weight_flip_inside_rounding_says_the_two_are_tied():
    text = _flip_words("cost", 0.6, 0.600001, "A", "B")
    assert text.startswith("A and B are tied on score") and "from 0.60 to 0.60" not in text


def test_a_percentage_is_never_shown_as_zero():
    assert _pct(110.0, 100.0) == "by 10.0%"
    assert _pct(100.04, 100.0) == "by 0.04%"
    assert _pct(100.0000001, 100.0) == "by less than 0.001%"


def test_no_price_change_is_asked_when_the_runner_up_already_scores_as_well():
    text = price_words("A", "B", -0.002, 1000.0, 1000.0, 900.0, 900.0)
    assert "already scores at least as well" in text and "rises" not in text and "falls" not in text


def test_a_rise_under_a_cent_is_said_so_not_as_the_same_price():
    text = price_words("A", "B", 1e-9, 1106.67, 1106.674, 1200.0, None)
    assert "all but tied" in text and "$1,106.67/month" not in text


def test_a_cheaper_runner_up_is_said_to_be_cheaper_already():
    text = price_words("A", "B", 0.05, 1000.0, 1500.0, 800.0, 500.0)
    assert "B wins if its cost falls by 37.5% to $500.00/month (it already costs less than A" in text
    assert "A stays best until its cost rises by 50.0% to $1,500.00/month" in text


def test_every_statement_of_the_examples_is_consistent(run_memory):
    """On a real recommendation: any 'from X to Y' has X != Y and no 'by 0.0%' appears."""
    for comp in run_memory().model_dump(mode="json")["components"]:
        for line in comp["sensitivity"].get("statements", []):
            assert "by 0.0%" not in line
            for before, after in re.findall(r"from (\d+\.\d+) to (\d+\.\d+)", line):
                assert before != after, line


def test_when_the_runner_up_already_scores_higher_the_flip_is_where_the_chosen_would_outscore_it():
    """A plan constraint chose A though B scores 0.10 higher: no weight makes 'B beat A' (it already does)."""
    text = _flip_words("latency", 0.25, 0.75, "A", "B", margin=-0.1003)
    assert text == ("the latency weight would have to rise from 0.25 to 0.75 for A to outscore B, which scores "
                    "higher now (A was chosen to meet a plan constraint)")
    assert "B to beat A" not in _flip_words("cost", 0.35, None, "A", "B", margin=-0.1)
    assert _flip_words("cost", 0.35, 0.5, "A", "B", margin=0.1).endswith("for B to beat A")


def test_the_clinics_triage_chat_never_asks_the_higher_scoring_runner_up_to_beat_the_chosen(tmp_path, monkeypatch):
    """hybrid-clinic with its box NOT shared: the owned box outscores the cloud instance chosen for
    triage-chat, which the plan took because the box is taken whole by device-alerts; every weight
    sentence must say so."""
    from datetime import date
    from pathlib import Path

    import advisor

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    root = Path(__file__).resolve().parents[1]
    sites = (root / "examples" / "hybrid-sites.toml").read_text(encoding="utf-8")
    assert "\nshared = true" in sites
    (tmp_path / "hybrid-sites.toml").write_text(sites.replace("\nshared = true", "\nshared = false"), encoding="utf-8")
    workload = tmp_path / "hybrid-clinic.toml"
    workload.write_text((root / "examples" / "hybrid-clinic.toml").read_text(encoding="utf-8"), encoding="utf-8")
    rec = advisor.recommend(workload, offline=True, as_of=date(2026, 11, 22))
    comp = next(c for c in rec.model_dump(mode="json")["components"] if c["component"] == "triage-chat")
    runner, chosen = comp["sensitivity"]["runner_up"], comp["chosen"]["offer_id"]
    statements = comp["sensitivity"]["statements"]
    assert any("already scores at least as well" in s for s in statements)
    weight_lines = [s for s in statements if s.startswith("the ") and " weight would have to " in s]
    assert weight_lines and all(f"for {chosen} to outscore {runner}, which scores higher now" in s for s in weight_lines)
    assert not any(f"for {runner} to beat {chosen}" in s for s in statements)
