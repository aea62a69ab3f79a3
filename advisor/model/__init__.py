"""Records that flow between the stages: offers and venues, workloads, specs, candidates, the
recommendation. Neutral ground: imports no stage, so every stage can depend on it."""
