"""A near-tie in score with a large cost gap is called out (issue 20, point 6)."""

from __future__ import annotations

from types import SimpleNamespace

from advisor.assembly.close_calls import close_calls
from advisor.model.candidates import Candidate

W = {"cost": 0.35, "latency": 0.25, "privacy": 0.25, "regulation": 0.1, "carbon": 0.05}


def _row(offer: str, usd: float, privacy: int, latency: float) -> SimpleNamespace:
    c = Candidate(component="alerts", workload="w", offer_id=offer, venue_id="v", provider=offer.split(":")[0],
                  kind="cloud", billing="on_demand", units=1, usd_per_month=usd, latency_ms=latency,
                  privacy_level=privacy, carbon_kg_per_month=50.0, cost_reference_usd=348.70)
    from advisor.scoring.scores import score

    return SimpleNamespace(offer=SimpleNamespace(id=offer), candidate=c, usd_per_month=usd, total=score(c, W).total)


def test_an_option_within_two_hundredths_at_several_times_the_cost_is_called_out():
    from advisor.scoring.scores import score

    cloud = _row("aws:us-east-1:inf2.xlarge:reserved", 348.70, 2, 94)
    box = _row("onprem:hospital-dc:l40s-box:owned", 940.07, 5, 40)
    chosen = SimpleNamespace(offer_id=cloud.offer.id, usd_per_month=348.70, score=score(cloud.candidate, W).total)
    gap = chosen.score - score(box.candidate, W).total
    assert abs(gap) <= 0.02
    [line] = close_calls(chosen, [cloud, box])
    assert line.startswith("close call: onprem:hospital-dc:l40s-box:owned scores within")
    assert "$940.07/month, 2.7× dearer" in line


def test_a_near_tie_at_a_similar_cost_or_a_clear_gap_in_score_is_not_called_out():
    from advisor.scoring.scores import score

    a = _row("aws:x:a:on_demand", 348.70, 2, 94)
    twin = _row("gcp:x:b:on_demand", 382.46, 2, 94)
    far = _row("onprem:x:box:owned", 3000.0, 2, 94)
    chosen = SimpleNamespace(offer_id=a.offer.id, usd_per_month=348.70, score=score(a.candidate, W).total)
    assert close_calls(chosen, [a, twin, far]) == []


def test_ranked_rows_carry_the_score_and_cost_their_candidate_rescored_gives(monkeypatch):
    """Close calls read the ranking's exact sums instead of re-scoring 50 rows per component: the same bits."""
    from datetime import date
    from pathlib import Path

    import advisor.assembly.build as build
    from advisor.assembly.ranked import ranked
    from advisor.pipeline import Options, recommend
    from advisor.plugin.manager import Plugins
    from advisor.scoring.scores import score

    seen: list[tuple[float, float, float, float]] = []

    def checked(ev, weights, top, orders):
        out = ranked(ev, weights, top, orders)
        seen.extend((r.total, score(r.candidate, weights).total, r.usd_per_month, r.candidate.usd_per_month)
                    for r in out[0])
        return out

    monkeypatch.setattr(build, "ranked", checked)
    examples = Path(__file__).resolve().parents[1] / "examples"
    recommend([examples / "hybrid-clinic.toml"], Plugins(), Options(offline=True, as_of=date(2026, 11, 22)))
    assert len(seen) >= 50
    assert all(total == rescored and usd == candidate_usd for total, rescored, usd, candidate_usd in seen)
