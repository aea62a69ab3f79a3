"""``recommend``: workload files in, the canonical Recommendation out.

One call per stage, in flow order: inputs → catalog → (per component: sizing → costing → rules →
criteria) → scoring → placement → assembly; rendering is the caller's. Each stage is a function over
records; side effects (files, plugins, network) stay at the edges. docs/architecture.md has the map.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.assembly.build import ProblemSource, assemble
from advisor.assembly.digest import digest
from advisor.catalog.gathering import Gathered, gather
from advisor.catalog.usable import ruled_out_by, usable_providers
from advisor.clock import utc_today
from advisor.errors import InputError
from advisor.evaluation.component import evaluate_component
from advisor.evaluation.evaluated import Evaluated
from advisor.evaluation.shared import Shared
from advisor.gcpause import paused_gc
from advisor.inputs.loading import Catalogs, load_catalogs, load_workload, load_workload_data
from advisor.inputs.sites import Site
from advisor.model.offers import OfferQuery
from advisor.model.recommendation import Recommendation
from advisor.model.workload import Component, LoadedWorkload, Workload
from advisor.placement.portfolio import place_portfolio, portfolio_weights
from advisor.plugin.manager import Plugins
from advisor.reference.hardware import HardwareCatalog
from advisor.rules import load_ruleset
from advisor.rules.model import RuleSet

if TYPE_CHECKING:
    from advisor.inputs.price_book import CurrencyRate, PriceBook


@dataclass(frozen=True)
class Options:
    rules_dirs: tuple[Path, ...] = ()
    overrides: Path | None = None
    offline: bool = False
    strict: bool = False
    timeout_s: float = 20.0
    as_of: date | None = None
    alternatives: int = 3
    price_book: Path | None = None
    """The user's negotiated prices (advisor.inputs.price_book), applied to the gathered offers."""
    currency: str | None = None
    """Also show the total in this currency (ISO 4217) at the price book's dated rate."""
    #: Weights (a [weights] table as a dict) for workloads that give none: an organisation's default.
    default_weights: dict[str, Any] | None = None


def recommend(paths: Sequence[Path | dict[str, Any] | Workload], plugins: Plugins, options: Options = Options()) -> Recommendation:
    """Place every component of the given workloads together (a portfolio shares owned capacity).

    Each workload is a file path, a dict of the file's tables or a ``Workload`` record.

    The cyclic GC is paused for the run: it builds hundreds of thousands of acyclic records, and each
    GC pass rescans all of them (half the time of 100,000 offers in benchmarks, results unchanged).
    """
    with paused_gc():
        return _recommend(paths, plugins, options)


def _recommend(paths: Sequence[Path | dict[str, Any] | Workload], plugins: Plugins, options: Options) -> Recommendation:
    """One call per stage, in flow order; each stage gets what it needs and returns records."""
    today = options.as_of or utc_today()
    # 1. inputs
    catalogs = load_catalogs(plugins)
    loaded = [load_workload_data(p, catalogs) if isinstance(p, dict | Workload) else load_workload(Path(p), catalogs) for p in paths]
    if options.default_weights:
        loaded = [(_with_default_weights(lw, options.default_weights), sites) for lw, sites in loaded]
    workloads = [lw for lw, _ in loaded]
    _check_names(workloads)
    # 2. catalog
    book = _price_book(options)
    gathered, notes = priced_gather(plugins, [s for _, ss in loaded for s in ss], options, today, book, workloads)
    rate = _currency_rate(book, options)
    # 3-8. rules packs, then per component sizing, costing, rules, criteria; scoring, placement, assembly
    ruleset = ruleset_for(plugins, overrides_for(workloads, options), options)
    result = solve(workloads, catalogs, gathered, ruleset, plugins, today, options.alternatives)
    if not notes and rate is None:
        return result
    from advisor.inputs.price_book import in_currency

    return result.model_copy(update={"warnings": (*result.warnings, *notes),
                                     "currency": in_currency(result.plan.total_usd_per_month, rate)})


def priced_gather(plugins: Plugins, sites: Sequence[Site], options: Options, today: date,
                  book: PriceBook | None, workloads: Sequence[LoadedWorkload]) -> tuple[Gathered, list[str]]:
    """The offers of a run whose workloads name these sites, with the user's price book applied, and
    one line per price-book entry saying what it changed. Providers that the constraints of every
    workload rule out are not asked for their catalog (``advisor.catalog.usable``)."""
    query = OfferQuery(sites=tuple(_merge_sites(list(sites))), as_of=today)
    kept, skipped = usable_providers(plugins.providers(), workloads)
    gathered = gather(plugins, query, offline=options.offline, strict=options.strict, timeout_s=options.timeout_s,
                      providers=kept, skipped=skipped)
    return (gathered, []) if book is None else _with_price_book(gathered, book, today)


def gather_for(plugins: Plugins, sites: Sequence[Site], options: Options, today: date,
               workloads: Sequence[LoadedWorkload]) -> Gathered:
    """The offers of a run whose workloads name these sites (owned and edge offers come from them),
    with the price book applied: each price it changes carries ``source: user`` and names the entry."""
    return priced_gather(plugins, sites, options, today, _price_book(options), workloads)[0]


def _price_book(options: Options) -> PriceBook | None:
    """The run's price book, if it names one (the module and its records load only then)."""
    if not options.price_book:
        return None
    from advisor.inputs.price_book import load_price_book

    return load_price_book(options.price_book)


def _currency_rate(book: PriceBook | None, options: Options) -> CurrencyRate | None:
    """The dated rate for ``--currency`` (``price_book.currency_rate``), None without the option."""
    if options.currency is None:
        return None
    from advisor.inputs.price_book import currency_rate

    return currency_rate(book, options.currency)


def ruleset_for(plugins: Plugins, overrides: Path | None, options: Options) -> RuleSet:
    """The rules of a run: the plugins' packs, the user's (``--rules``), and the overrides file.
    Under ``--strict`` a plugin problem found here (a rule pack it registered but did not ship) fails."""
    ruleset = load_ruleset([*plugins.rule_pack_paths(), *options.rules_dirs], overrides)
    if options.strict and plugins.problems:
        from advisor.errors import PluginError

        raise PluginError("misbehaving plugins:\n" + "\n".join(f"  - {p}" for p in dict.fromkeys(map(str, plugins.problems))))
    return ruleset


def solve(workloads: Sequence[LoadedWorkload], catalogs: Catalogs, gathered: Gathered, ruleset: RuleSet,
          plugins: ProblemSource, today: date, alternatives: int, shared: Shared | None = None,
          inventory_components: int | None = None) -> Recommendation:
    """The stages after the inputs, catalog and rule packs: evaluate every component, place them
    together, assemble. ``plugins`` is read for its ``problems`` only, so a worker elsewhere can pass
    what the driver saw; ``shared`` carries sizings and prices over from earlier solves on the same
    catalog and rules (only the time changes); ``inventory_components`` is what the explanation
    budget counts when ``workloads`` is one group of an inventory (``place_portfolio``)."""
    # 3-6. sizing, costing, rules, criteria: per component, over the run's shared columns; a portfolio
    # keeps of each component only what placement and assembly read (its digest)
    digested = len(workloads) > 1 and shared is None
    evaluated = _evaluate(workloads, catalogs, gathered, ruleset, today, shared, digested=digested)
    # 6. scoring weights, 7. placement
    weights, warnings = portfolio_weights(workloads)
    placed = place_portfolio(workloads, evaluated, weights, inventory_components)
    relaxations = _relaxations(evaluated, ruleset, gathered, catalogs.hardware, today) if not placed.plan.feasible else []
    # 8. assembly (9. rendering is the caller's)
    return assemble(workloads, evaluated, placed, weights, gathered, ruleset, plugins, today, alternatives,
                    relaxations, warnings)


def _with_price_book(gathered: Gathered, book: PriceBook, today: date) -> tuple[Gathered, list[str]]:
    """The gathered catalog with the book's prices applied, and one line per entry saying what it changed."""
    from advisor.inputs.price_book import apply_price_book, unused_entries

    offers, changed = apply_price_book(gathered.offers, gathered.venues, book, today)
    notes = [f"price book {book.path}: entry '{name}' changed {n} offer price{'s' if n != 1 else ''} (source: user)"
             for name, n in changed.items() if n]
    return dataclasses.replace(gathered, offers=offers), notes + unused_entries(changed)


def _check_names(workloads: Sequence[LoadedWorkload]) -> None:
    names = [lw.workload.workload.name for lw in workloads]
    if len(set(names)) != len(names):
        raise InputError(None, [f"two workloads are named the same ({', '.join(names)}); names must differ in a portfolio"])


def overrides_for(workloads: Sequence[LoadedWorkload], options: Options) -> Path | None:
    """The rule overrides file: the option's, else the first workload's."""
    overrides = options.overrides
    for lw in workloads:
        if overrides is None and lw.workload.regulation.overrides_file:
            overrides = lw.resolve(lw.workload.regulation.overrides_file)
    return overrides


def _evaluate(workloads: Sequence[LoadedWorkload], catalogs: Catalogs, gathered: Gathered, ruleset: RuleSet,
              today: date, shared: Shared | None = None, digested: bool = False) -> list[Evaluated]:
    """Every component of every workload evaluated against the run's offers (one Shared memo per run,
    or the one given: an inventory task's groups share theirs). ``digested``: each evaluation is cut
    to its digest as soon as it is made (``advisor.assembly.digest``), scored with the run's weights;
    otherwise every row is kept (a single recommendation's report reads them; an inventory's memo
    outlives the group, and a later group may score with other weights)."""
    portfolio = len(workloads) > 1
    shared = shared if shared is not None else Shared()
    offers = shared.offer_list(gathered.offers)
    evaluated = []
    weights: dict[str, float] | None = None
    for lw in workloads:
        for component in lw.workload.components:
            model = component.model if not isinstance(component.model, str) else catalogs.models.get(component.model)
            key = f"{lw.workload.workload.name}/{component.name}" if portfolio else component.name
            ev = evaluate_component(lw, component, model, offers, gathered.venues, catalogs.hardware, ruleset, today,
                                    key, shared)
            if digested:
                weights = weights or portfolio_weights(workloads)[0]  # scoring: once its first component is judged
                digest(ev, weights)
            evaluated.append(ev)
    return evaluated


def _relaxations(evaluated: list[Evaluated], ruleset: RuleSet, gathered: Gathered, hardware: HardwareCatalog,
                 today: date) -> list[str]:
    """Hints for every component that no offer can serve (see advisor.evaluation.relax)."""
    from advisor.evaluation.relax import relaxation_hints

    hints: list[str] = []
    for ev in evaluated:
        if ev.rows:
            continue

        def rerun(lw: LoadedWorkload, component: Component, rules: RuleSet, ev: Evaluated = ev) -> Evaluated:
            return evaluate_component(lw, component, ev.model, list(gathered.offers), gathered.venues, hardware, rules, today, ev.key)

        hints += relaxation_hints(ev, ruleset, rerun)
        hints += _skipped_hint(ev, gathered)
    return hints


def _skipped_hint(ev: Evaluated, gathered: Gathered) -> list[str]:
    """The providers this component's workload rules out that the run did not read at all (every
    workload ruled them out): lifting the constraints would bring their offers in too."""
    constraints = ev.loaded.workload.constraints
    names = [s.provider for s in gathered.sources if s.source == "skipped" and ruled_out_by(constraints, s.provider, s.kind)]
    if not names:
        return []
    shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    return [f"{ev.key}: the workload's [constraints] rule out {len(names)} provider(s) whose offers this run did not "
            f"read ({shown}); lifting them would bring those offers in"]


def _with_default_weights(lw: LoadedWorkload, weights: dict[str, Any]) -> LoadedWorkload:
    """The workload with the configured weights when its file sets none (its own [weights] wins)."""
    from advisor.model.workload import Weights

    if "weights" in lw.workload.model_fields_set:
        return lw
    chosen = Weights.model_validate(weights)
    return lw.model_copy(update={"workload": lw.workload.model_copy(update={"weights": chosen})})


def _merge_sites(sites: list[Site]) -> list[Site]:
    """Sites of all workloads; the same name must mean the same site (owned capacity is shared)."""
    by_name: dict[str, Site] = {}
    for site in sites:
        if site.name in by_name and by_name[site.name] != site:
            raise InputError(None, [f"site '{site.name}' is defined differently in two sites files"])
        by_name[site.name] = site
    return [by_name[k] for k in sorted(by_name)]
