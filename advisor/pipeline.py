"""``recommend``: workload files in, the canonical Recommendation out.

load → gather offers → per component: size, cost, rules, criteria → placement (MILP) → assemble.
Each stage is a function over records; side effects (files, plugins) stay at the edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advisor.clock import utc_today
from advisor.errors import InputError
from advisor.evaluation.component import evaluate_component
from advisor.evaluation.evaluated import Evaluated
from advisor.evaluation.shared import Shared
from advisor.inputs.loading import Catalogs, load_catalogs, load_workload
from advisor.inputs.sites import Site
from advisor.model.offers import OfferQuery
from advisor.model.recommendation import Recommendation
from advisor.model.workload import LoadedWorkload
from advisor.plugin.manager import Plugins


@dataclass(frozen=True)
class Options:
    rules_dirs: tuple[Path, ...] = ()
    overrides: Path | None = None
    offline: bool = False
    strict: bool = False
    timeout_s: float = 20.0
    as_of: date | None = None
    alternatives: int = 3


def recommend(paths: Sequence[Path], plugins: Plugins, options: Options = Options()) -> Recommendation:
    """Place every component of the given workloads together (a portfolio shares owned capacity).

    The cyclic GC is paused for the run: it builds hundreds of thousands of acyclic records, and each
    GC pass rescans all of them (half the time of 100,000 offers in benchmarks, results unchanged).
    """
    from advisor.gcpause import paused_gc

    with paused_gc():
        return _recommend(paths, plugins, options)


def _recommend(paths: Sequence[Path], plugins: Plugins, options: Options) -> Recommendation:
    today = options.as_of or utc_today()
    catalogs = load_catalogs(plugins)
    loaded = [load_workload(Path(p), catalogs) for p in paths]
    names = [lw.workload.workload.name for lw, _ in loaded]
    if len(set(names)) != len(names):
        raise InputError(None, [f"two workloads are named the same ({', '.join(names)}); names must differ in a portfolio"])
    gathered = gather_for(plugins, [s for _, ss in loaded for s in ss], options, today)
    ruleset = ruleset_for(plugins, overrides_for([lw for lw, _ in loaded], options), options)
    return solve([lw for lw, _ in loaded], catalogs, gathered, ruleset, plugins, today, options.alternatives)


def gather_for(plugins: Plugins, sites: list[Site], options: Options, today: date) -> Any:
    """The offers of a run whose workloads name these sites (owned and edge offers come from them)."""
    from advisor.catalog.gathering import gather

    query = OfferQuery(sites=tuple(_merge_sites(sites)), as_of=today)
    return gather(plugins, query, offline=options.offline, strict=options.strict, timeout_s=options.timeout_s)


def overrides_for(loaded: Sequence[LoadedWorkload], options: Options) -> Path | None:
    """The rule overrides file of a run: ``--overrides``, else the first a workload names."""
    if options.overrides is not None:
        return options.overrides
    for lw in loaded:
        if lw.workload.regulation.overrides_file:
            return lw.resolve(lw.workload.regulation.overrides_file)
    return None


def ruleset_for(plugins: Plugins, overrides: Path | None, options: Options) -> Any:
    """The rules of a run: plugins' packs, the user's (``--rules``), and the overrides file."""
    from advisor.rules import load_ruleset

    return load_ruleset([*plugins.rule_pack_paths(), *options.rules_dirs], overrides)


def solve(loaded: Sequence[LoadedWorkload], catalogs: Catalogs, gathered: Any, ruleset: Any, plugins: Any,
          today: date, alternatives: int, shared: Shared | None = None,
          inventory_components: int | None = None) -> Recommendation:
    """Evaluate every component of ``loaded`` and place them together: the stages after the inputs.

    ``plugins`` is read for its ``problems`` only, so a worker elsewhere can pass what the driver saw.
    ``shared`` carries sizings, prices and pair figures over from earlier solves on the same catalog
    and rules (its keys are contents, so only the time changes). ``inventory_components`` is what the
    explanation budget counts when ``loaded`` is one group of an inventory (see ``assemble``).
    """
    from advisor.assembly.build import assemble

    portfolio = len(loaded) > 1
    shared = shared if shared is not None else Shared()
    offers = shared.offer_list(gathered.offers)
    evaluated: list[Evaluated] = []
    for lw in loaded:
        for component in lw.workload.components:
            model = component.model if not isinstance(component.model, str) else catalogs.models.get(component.model)
            key = f"{lw.workload.workload.name}/{component.name}" if portfolio else component.name
            evaluated.append(
                evaluate_component(
                    lw, component, model, offers, gathered.venues, catalogs.hardware, ruleset, today, key, shared
                )
            )
    relaxations = _relaxations(evaluated, ruleset, gathered, catalogs.hardware, today)
    return assemble(list(loaded), evaluated, gathered, ruleset, plugins, today, alternatives, relaxations,
                    inventory_components)


def _relaxations(evaluated: list[Evaluated], ruleset, gathered, hardware, today: date) -> list[str]:
    """Hints for every component that no offer can serve (see advisor.evaluation.relax)."""
    from advisor.evaluation.relax import relaxation_hints

    hints: list[str] = []
    for ev in evaluated:
        if ev.rows:
            continue

        def rerun(lw, component, rules, ev=ev):
            return evaluate_component(lw, component, ev.model, list(gathered.offers), gathered.venues, hardware, rules, today, ev.key)

        hints += relaxation_hints(ev, ruleset, rerun)
    return hints


def _merge_sites(sites: list[Site]) -> list[Site]:
    """Sites of all workloads; the same name must mean the same site (owned capacity is shared)."""
    by_name: dict[str, Site] = {}
    for site in sites:
        if site.name in by_name and by_name[site.name] != site:
            raise InputError(None, [f"site '{site.name}' is defined differently in two sites files"])
        by_name[site.name] = site
    return [by_name[k] for k in sorted(by_name)]
