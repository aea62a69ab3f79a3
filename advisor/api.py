"""The Python API: every command's work as a typed function, for notebooks, scripts and CI.

The CLI is a thin layer over these functions (parse options, call, print). Each accepts the
inputs a script has at hand: a file path, a dict of a workload file's tables, a ``Workload``
record, or a ``Recommendation`` (or its JSON) where one is read. Errors are ``InputError``
(bad input, ``exit_code`` 2) and ``AdvisorError`` subclasses; nothing here prints or exits.
See docs/python-api.md.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

if TYPE_CHECKING:
    from advisor.inventory import Solved
    from advisor.render.report.diff import Diff
    from advisor.plugin.manager import Plugins
    from advisor.catalog.price_list import PriceList
    from advisor.model.recommendation import Recommendation
    from advisor.model.workload import Workload
    from advisor.pipeline import Options

#: What ``recommend`` and ``validate`` accept for one workload.
WorkloadSource = Union[str, Path, dict[str, Any], "Workload"]
#: What ``explain``, ``compare``, ``render_recommendation``, ``render_report`` and ``diff`` accept for one recommendation:
#: a Recommendation, its JSON as a dict, a recommendation ``.json`` file, or a workload to recommend.
RecommendationSource = Union["Recommendation", dict[str, Any], str, Path]


def _plugins(plugins: Plugins | None) -> Plugins:
    if plugins is not None:
        return plugins
    from advisor.plugin.manager import Plugins

    return Plugins()


def _source(item: WorkloadSource) -> Path | dict[str, Any] | Workload:
    return Path(item) if isinstance(item, str) else item


def recommend(
    *workloads: WorkloadSource,
    rules: Sequence[str | Path] = (),
    overrides: str | Path | None = None,
    offline: bool = False,
    strict: bool = False,
    timeout_s: float = 20.0,
    as_of: date | None = None,
    alternatives: int = 3,
    default_weights: dict[str, Any] | None = None,
    price_book: str | Path | None = None,
    currency: str | None = None,
    options: Options | None = None,
    plugins: Plugins | None = None,
) -> Recommendation:
    """Recommend where each component should run; several workloads are placed together as a portfolio.

    ``rules`` adds an organisation's rule packs (files or directories), ``overrides`` a rule overrides
    file; ``as_of`` fixes the evaluation date (default: today, UTC); ``default_weights`` (a [weights]
    table as a dict) applies to workloads that set no weights; ``price_book`` applies negotiated prices
    (docs/prices.md) and ``currency`` adds the total at the book's rate; ``options`` (an
    ``advisor.pipeline.Options``) gives all of these at once instead. A plan with nothing feasible is
    returned, not raised: check ``result.plan.feasible`` and ``result.plan.hints``.
    """
    from advisor.errors import InputError
    from advisor.pipeline import recommend as run

    if not workloads:
        raise InputError(None, ["recommend: give at least one workload (a path, a dict or a Workload)"])
    options = options or _options(rules, overrides, offline, strict, timeout_s, as_of, alternatives, default_weights,
                                  price_book, currency)
    return run([_source(w) for w in workloads], _plugins(plugins), options)


def _options(rules: Sequence[str | Path], overrides: str | Path | None, offline: bool, strict: bool, timeout_s: float,
             as_of: date | None, alternatives: int, default_weights: dict[str, Any] | None,
             price_book: str | Path | None, currency: str | None) -> Options:
    from advisor.pipeline import Options

    return Options(
        rules_dirs=tuple(Path(r) for r in rules), overrides=Path(overrides) if overrides else None, offline=offline,
        strict=strict, timeout_s=timeout_s, as_of=as_of, alternatives=alternatives, default_weights=default_weights,
        price_book=Path(price_book) if price_book else None, currency=currency,
    )


def recommend_inventory(
    inventory: str | Path,
    *,
    executor: Literal["local", "ray"] = "local",
    ray_address: str | None = None,
    rules: Sequence[str | Path] = (),
    overrides: str | Path | None = None,
    offline: bool = False,
    strict: bool = False,
    timeout_s: float = 20.0,
    as_of: date | None = None,
    alternatives: int = 3,
    default_weights: dict[str, Any] | None = None,
    price_book: str | Path | None = None,
    currency: str | None = None,
    options: Options | None = None,
    plugins: Plugins | None = None,
) -> Generator[Solved, None, None]:
    """Many workloads (a directory of workload files or a ``.jsonl`` list of them), solved group by group.

    Workloads that share a site are placed together, the others each alone (docs/inventory.md). Yields one
    ``advisor.inventory.Solved`` per group as it is solved, in inventory order: ``json.loads(s.line)`` is
    the group's JSON line; ``inventory_summary`` adds them up. Bad input raises before the first group;
    ``executor="ray"`` solves groups as Ray tasks (``pip install 'advisor[ray]'``).
    """
    from advisor.executors import make_executor
    from advisor.inventory import read_inventory, run_inventory

    options = options or _options(rules, overrides, offline, strict, timeout_s, as_of, alternatives, default_weights,
                                  price_book, currency)
    paths = read_inventory(Path(inventory))
    manager = _plugins(plugins)
    runner = make_executor(executor, ray_address)
    try:
        yield from run_inventory(paths, manager, options, runner)
    finally:
        runner.close()


def inventory_summary(solved: Sequence[Solved]) -> dict[str, Any]:
    """The portfolio's figures from ``recommend_inventory``'s results: workloads, groups, components,
    infeasible ones, the monthly cost summed over feasible groups, groups per provider."""
    from advisor.inventory import tally

    return tally(solved)


def validate(*sources: WorkloadSource, plugins: Plugins | None = None) -> list[str]:
    """Check workload or sites files (or workload dicts); return each one's kind ('workload' or 'sites').

    Raises ``InputError`` listing every problem of every source (the CLI exits 2 with it).
    """
    from advisor.errors import InputError
    from advisor.inputs.loading import load_any, load_catalogs, load_workload_data

    manager = _plugins(plugins)
    kinds: list[str] = []
    failures: list[InputError] = []
    for item in sources:
        source = _source(item)
        try:
            if isinstance(source, Path):
                kinds.append(load_any(source, manager))
            else:
                load_workload_data(source, load_catalogs(manager))
                kinds.append("workload")
        except InputError as exc:
            failures.append(exc)
    if len(failures) == 1 and len(sources) == 1:
        raise failures[0]
    if failures:
        raise InputError(None, [str(e) for e in failures])
    return kinds


def estimate(
    model: str,
    hardware: str,
    *,
    count: int = 1,
    precision: str = "fp16",
    tp: int | None = None,
    concurrency: int | None = 1,
    input_tokens: int = 1000,
    output_tokens: int = 250,
    engine: str = "default",
) -> dict[str, Any]:
    """Size one model on one hardware: TTFT, time per output token, tok/s, batch that fits, memory.

    ``concurrency=None`` means the largest batch that fits (offline work). Returns the same dict
    as ``advisor estimate --format json``.
    """
    from advisor.errors import InputError
    from advisor.reference.hardware import hardware_catalog
    from advisor.reference.models import closed_weights, model_catalog
    from advisor.sizing.efficiency import efficiency_table
    from advisor.sizing.estimate import estimate as run
    from advisor.model.specs import PRECISIONS

    if precision not in PRECISIONS:
        raise InputError(None, [f"precision: expected one of {', '.join(PRECISIONS)}, got {precision!r}"])
    spec = model_catalog().require(model, key="model")
    if closed_weights(spec):
        raise InputError(None, [f"model: {spec.id} has closed weights: only managed APIs serve it, nothing to estimate"])
    device = hardware_catalog().require(hardware, key="hardware")
    engines = efficiency_table().engines
    if engine not in engines:
        raise InputError(None, [f"engine: unknown engine '{engine}'; known: {', '.join(engines)}"])
    return run(spec, device, count, precision, tp, concurrency, input_tokens, output_tokens, engine)


def load_recommendation(
    source: RecommendationSource, *, offline: bool = False, rules: Sequence[str | Path] = (),
    as_of: date | None = None, plugins: Plugins | None = None,
) -> Recommendation:
    """A Recommendation from itself, its JSON (dict or ``.json`` file), or a workload file recommended now."""
    from pydantic import ValidationError

    from advisor.errors import InputError
    from advisor.model.recommendation import Recommendation

    if isinstance(source, Recommendation):
        return source
    if isinstance(source, dict):
        try:
            return Recommendation.model_validate(source)
        except ValidationError as exc:
            raise InputError("<recommendation>", [_first_error(exc)]) from None
    path = Path(source)
    if path.suffix.lower() != ".json":
        return recommend(path, offline=offline, rules=rules, as_of=as_of, plugins=plugins)
    from advisor.inputs.jsonfile import read_json_input

    raw = read_json_input(path)
    try:
        return Recommendation.model_validate(raw)
    except ValidationError as exc:
        raise InputError(str(path), [_first_error(exc)]) from None


def _first_error(exc: Any) -> str:
    err = exc.errors()[0]
    return f"not an advisor recommendation: {err['msg']} at {'.'.join(map(str, err['loc']))}"


def _data(source: RecommendationSource, offline: bool) -> dict[str, Any]:
    return load_recommendation(source, offline=offline).model_dump(mode="json")


def formats(plugins: Plugins | None = None) -> list[str]:
    """Output formats ``render_recommendation`` accepts: the built-in ones and those plugins register."""
    from advisor.render import builtin_renderers

    return sorted({*builtin_renderers(), *_plugins(plugins).renderers()})


def check_format(format: str, plugins: Plugins | None = None) -> None:
    """InputError naming the choices when ``format`` is not one ``render_recommendation`` knows."""
    from advisor.errors import InputError

    known = formats(plugins)
    if format not in known:
        raise InputError(None, [f"--format: unknown format '{format}'; choose one of {', '.join(known)}"])


def render_recommendation(
    recommendation: RecommendationSource, format: str = "table", *, width: int | None = None,
    plugins: Plugins | None = None,
) -> str:
    """The recommendation as text: 'table', 'json', 'markdown', 'csv', or a format a plugin registers."""
    from advisor.render import builtin_renderers

    rec = load_recommendation(recommendation, plugins=plugins)
    if format == "json":
        return rec.canonical_json()
    if format == "table":
        from advisor.render.table import render_table

        return render_table(rec.model_dump(mode="json"), width=width)
    builtin = builtin_renderers()
    if format in builtin:
        return builtin[format](rec.model_dump(mode="json"))
    check_format(format, plugins)
    return _plugin_render(format, _plugins(plugins).renderers()[format], rec.model_dump(mode="json"))


def _plugin_render(format: str, render: Any, data: dict[str, Any]) -> str:
    """A plugin's renderer, run like any plugin code (bounded, in its own thread); its failure is named."""
    from advisor.errors import PluginError
    from advisor.guard import describe_failure, run_bounded

    try:
        text = run_bounded(lambda: render(data), f"renderer-{format}")
    except Exception as exc:
        raise PluginError(f"the renderer of --format {format} (a plugin's) failed: {describe_failure(exc)}") from None
    if not isinstance(text, str):
        raise PluginError(f"the renderer of --format {format} (a plugin's) returned {type(text).__name__}, expected text")
    return text


def render_report(
    recommendation: RecommendationSource, format: Literal["html", "markdown"] = "html", *,
    template_dir: str | Path | None = None, chart_dir: str = "charts", offline: bool = False,
) -> tuple[str, dict[str, str]]:
    """The architecture-review decision record: (text, chart files). HTML is self-contained (no files);
    Markdown links its SVG charts as ``chart_dir/NAME.svg``, given here as name → SVG text."""
    from advisor.render.report.build import render_html, render_markdown

    data = _data(recommendation, offline)
    templates = Path(template_dir) if template_dir else None
    if format == "html":
        return render_html(data, templates), {}
    return render_markdown(data, chart_dir, templates)


def explain(recommendation: RecommendationSource, component: str | None = None, *, offline: bool = False) -> dict[str, Any]:
    """Why each component went where it did, as data (the JSON of ``advisor explain --format json``)."""
    from advisor.render.explain import explanation

    return explanation(_data(recommendation, offline), component)


def compare(first: RecommendationSource, second: RecommendationSource, *, offline: bool = False) -> dict[str, Any]:
    """Two plans side by side, per component (the JSON of ``advisor compare --format json``)."""
    from advisor.render.explain import comparison

    return comparison(_data(first, offline), _data(second, offline))


def diff(old: RecommendationSource, new: RecommendationSource) -> Diff:
    """What changed between two recommendations and why: inputs, decisions, costs, vetoes, prices."""
    from advisor.render.report.diff import diff as compute

    return compute(_data(old, True), _data(new, True))


def prices(
    *,
    providers: Sequence[str] = (),
    gpu: str | None = None,
    region: str | None = None,
    billing: str | None = None,
    sort: str = "provider",
    limit: int | None = None,
    offline: bool = False,
    plugins: Plugins | None = None,
) -> PriceList:
    """Catalog offers with price, $/GPU-hour, source and date, filtered and sorted, plus the cheapest per provider."""
    from advisor.catalog.price_list import price_list

    return price_list(_plugins(plugins), providers=tuple(providers), gpu=gpu, region=region, billing=billing,
                      sort=sort, limit=limit, offline=offline)
