"""Large portfolios: an inventory of workloads, cut into groups that share capacity, solved group by group.

Placing 10,000 workloads in one MILP is neither needed nor affordable: a workload couples with another
only through capacity both can take, which is owned or edge capacity at a site both name. So workloads
are grouped by the sites their sites files list (two workloads naming a site of the same name are in
one group, transitively); each group is evaluated and placed together, exactly as ``advisor recommend
a.toml b.toml`` would, and a workload without sites is a group of its own. A group sees the offers of
its own sites only, so a workload cannot land on capacity of a group it is not in. Groups share
nothing, so they run in any order and on any machine (``advisor.executors``); results are written in
inventory order as they come, one JSON line per group, then one line summing up the portfolio, so
memory holds the shared catalog and the groups in flight, never every result.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.errors import InputError
from advisor.model.workload import LoadedWorkload

if TYPE_CHECKING:
    from advisor.executors import Executor
    from advisor.pipeline import Options
    from advisor.plugin.manager import Plugins

__all__ = ["Group", "Solved", "couple", "read_inventory", "run_inventory", "summary_line", "tally"]

BATCH = 64
"""Groups per task: a task unpickles the shared catalog once, and its groups share sizings, prices and
twin evaluations (``evaluate.Shared``), so the more the cheaper, up to a task's fair share of work."""
KEEP_EVALUATIONS = 128
"""Evaluations kept for twins: bounds the shared memo's memory whatever the inventory (about 1 MiB each)."""
KEEP_SIZINGS = 64
"""Sizing tables (and their prices) kept for other groups: components that size alike are sized once
(a table holds every unit's sizing fields, up to about 1 MiB)."""
KEEP_PAIRS = 20_000
"""(Venue, unit, users) figures kept: latency, SLO, privacy and carbon of a pair (a few KiB each)."""
KEEP_CONTEXTS = 2
"""Catalogs whose memo is kept between tasks: each memo holds its catalog's columns and caches (tens
of MiB), and an inventory naming 50 sites has 51 catalogs; the workloads without a site, the bulk of
most inventories, share one and keep it."""


@dataclass(frozen=True)
class Group:
    """Workloads placed together, in inventory order, and the keys of the catalog and rules they use."""

    loaded: tuple[LoadedWorkload, ...]
    gathered_key: tuple[Any, ...]
    """Its sites' names, the providers its workloads can use and those skipped (one catalog each)."""
    rules_key: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(lw.workload.workload.name for lw in self.loaded)


@dataclass(frozen=True)
class Solved:
    """One group's JSON line and the figures the portfolio summary adds up."""

    line: str
    names: tuple[str, ...]
    components: int
    feasible: bool
    usd_per_month: float | None
    providers: tuple[str, ...]


_HANDLES = itertools.count()


@dataclass(frozen=True)
class Context:
    """What every group of one catalog and rule set reads; shipped once per worker task."""

    catalogs: Any
    gathered: Any
    ruleset: Any
    plugin_problems: tuple[str, ...]
    today: date
    alternatives: int
    components: int
    """Components of the whole inventory: the explanation budget counts these (see ``assemble``)."""
    memo: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)
    """This process's ``Shared`` memos, one per context, the ``KEEP_CONTEXTS`` used last (one dict for
    every context of a run): the tasks the local executor runs for one context share its sizings,
    prices and twins, bounded by ``Shared.trim``; a worker elsewhere gets the context with an empty
    dict and keeps its own for the task."""
    handle: int = field(default_factory=lambda: next(_HANDLES), compare=False)
    """Names this context in ``memo``: numbered when made, never reused in a process, and carried to
    workers with the context."""

    def shared(self) -> Any:
        """This context's memo in this process, made when first asked or after it was let go."""
        from advisor.evaluation.shared import Shared

        found = self.memo.pop(self.handle, None)
        if found is None:
            found = Shared(KEEP_EVALUATIONS)
        self.memo[self.handle] = found  # the most recently used last
        while len(self.memo) > KEEP_CONTEXTS:
            del self.memo[next(iter(self.memo))]
        return found


@dataclass(frozen=True)
class _Problems:
    """Stands in for the plugin manager in ``assemble``, which reads its problems only."""

    problems: tuple[str, ...]


def _other_kind_of_toml(data: dict[str, object]) -> bool:
    """A sites file, or a Python project file (a plugin's pyproject.toml beside the workloads)."""
    return "sites" in data or "build-system" in data or "project" in data


def read_inventory(path: Path) -> list[Path]:
    """The workload files of an inventory: a directory's ``*.toml`` workload files (sites files and
    Python project files below it are skipped), sorted by path, or a ``.jsonl`` file whose lines each give one workload file,
    as a JSON string or an object with ``path``, relative to the JSON Lines file."""
    if path.is_dir():
        from advisor.inputs.tomlfile import read_toml

        found = []
        for p in sorted(path.rglob("*.toml")):
            data, _ = read_toml(p)
            if "workload" in data or not _other_kind_of_toml(data):
                found.append(p)
        if not found:
            raise InputError(str(path), ["no workload file (*.toml) in this directory"])
        return found
    if not path.is_file():
        raise InputError(str(path), ["not found: pass a directory of workload files or a .jsonl file"])
    if path.suffix != ".jsonl":
        raise InputError(str(path), ["--inventory takes a directory or a .jsonl file (one workload file per line)"])
    paths, problems = [], []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc.msg})")
            continue
        where = item.get("path") if isinstance(item, dict) else item
        if not isinstance(where, str) or not where:
            problems.append(f"line {n}: expected a path string or an object with \"path\", got {raw.strip()[:60]}")
            continue
        paths.append(path.parent / where)
    if problems:
        raise InputError(str(path), problems)
    if not paths:
        raise InputError(str(path), ["no workload listed"])
    return paths


def couple(site_names: Sequence[Sequence[str]]) -> list[list[int]]:
    """Groups of workload indices that share a site name, transitively; each group and the list of
    groups in order of first index (union-find over the site names)."""
    parent = list(range(len(site_names)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, names in enumerate(site_names):
        for name in names:
            if name in owner:
                a, b = root(owner[name]), root(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[name] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(site_names)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def run_inventory(paths: Sequence[Path], plugins: Plugins, options: Options, executor: Executor) -> Iterator[Solved]:
    """Load and check every workload (exit 2 before any output on bad input), then solve each group;
    results come in inventory order."""
    from advisor.catalog.usable import usable_providers
    from advisor.clock import utc_today
    from advisor.inputs.loading import load_catalogs, load_workload
    from advisor.pipeline import gather_for, overrides_for, ruleset_for

    today = options.as_of or utc_today()
    catalogs = load_catalogs(plugins)
    loaded = [load_workload(Path(p), catalogs) for p in paths]
    _check_names(loaded)
    groups = couple([[s.name for s in sites] for _, sites in loaded])
    contexts: dict[tuple[Any, str], Context] = {}
    gathers: dict[Any, Any] = {}
    rulesets: dict[str, Any] = {}
    units: list[tuple[tuple[Any, str], Group]] = []
    providers = plugins.providers()
    for members in groups:
        lws = tuple(loaded[i][0] for i in members)
        sites = [s for i in members for s in loaded[i][1]]
        # one catalog per distinct sites and usable providers (the constraints may rule some out)
        gkey = (tuple(sorted({s.name for s in sites})), *(tuple(names) for names in usable_providers(providers, lws)))
        if gkey not in gathers:
            gathers[gkey] = gather_for(plugins, sites, options, today, lws)
        overrides = overrides_for(lws, options)
        rkey = str(overrides)
        if rkey not in rulesets:
            rulesets[rkey] = ruleset_for(plugins, overrides, options)
        units.append(((gkey, rkey), Group(lws, gkey, rkey)))
    problems = tuple(str(p) for p in plugins.problems)
    components = sum(len(lw.workload.components) for lw, _ in loaded)
    memo: dict[int, Any] = {}  # this run's memos, shared by its contexts (Context.shared)
    for key in dict.fromkeys(k for k, _ in units):
        contexts[key] = Context(catalogs, gathers[key[0]], rulesets[key[1]], problems, today, options.alternatives,
                                components, memo)
    tasks = _batches(units)
    for batch in executor.map(solve_batch, contexts, tasks):
        yield from batch


def _check_names(loaded: Sequence[tuple[LoadedWorkload, Any]]) -> None:
    seen: dict[str, Path] = {}
    problems = []
    for lw, _ in loaded:
        name = lw.workload.workload.name
        if name in seen:
            problems.append(f"workload.name: '{name}' is also the name of {seen[name]}; names must differ in an inventory")
        else:
            seen[name] = lw.path
    if problems:
        raise InputError(str(loaded[0][0].path.parent), problems)


def _batches(units: list[tuple[Any, Group]]) -> Iterator[tuple[Any, tuple[Group, ...]]]:
    """Consecutive groups of one context, at most ``BATCH`` per task (order kept)."""
    i = 0
    while i < len(units):
        key = units[i][0]
        j = i
        while j < len(units) and j - i < BATCH and units[j][0] == key:
            j += 1
        yield key, tuple(g for _, g in units[i:j])
        i = j


def solve_batch(context: Context, groups: Sequence[Group]) -> list[Solved]:
    """Solve groups one after another in this process (a worker task, or the local executor)."""
    from advisor.gcpause import paused_gc
    from advisor.jsontext import json_line
    from advisor.pipeline import solve

    out = []
    shared = context.shared()  # what groups of this context share is computed once in this process
    for group in groups:
        with paused_gc():
            rec = solve(group.loaded, context.catalogs, context.gathered, context.ruleset,
                        _Problems(context.plugin_problems), context.today, context.alternatives, shared,
                        context.components)
        shared.trim(KEEP_SIZINGS, KEEP_PAIRS)
        plan = rec.plan
        out.append(Solved(
            line=json_line({"workloads": list(group.names), "recommendation": rec.model_dump(mode="json")}),
            names=group.names,
            components=len(rec.components),
            feasible=plan.feasible,
            usd_per_month=plan.total_usd_per_month if plan.feasible else None,
            providers=tuple(plan.providers),
        ))
    return out


def summary_line(solved: Sequence[Solved]) -> str:
    """The last JSON line: how many workloads, groups and components, which are infeasible, the
    portfolio's monthly cost (sum over feasible groups, exact) and the groups placed on each provider."""
    from advisor.jsontext import json_line

    return json_line({"portfolio": tally(solved)})


def tally(solved: Sequence[Solved]) -> dict[str, Any]:
    """Figures of the summary line from the groups' results (their lines are not read)."""
    feasible = [s for s in solved if s.feasible]
    providers: dict[str, int] = {}
    for s in feasible:
        for p in s.providers:
            providers[p] = providers.get(p, 0) + 1
    return {
        "workloads": sum(len(s.names) for s in solved),
        "groups": len(solved),
        "components": sum(s.components for s in solved),
        "feasible_groups": len(feasible),
        "infeasible_workloads": [n for s in solved if not s.feasible for n in s.names],
        "total_usd_per_month": round(math.fsum(s.usd_per_month or 0.0 for s in feasible), 2),
        "groups_per_provider": dict(sorted(providers.items())),
    }
