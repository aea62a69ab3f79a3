"""The import graph reads as one line of stage packages: every top-level package or module of the core
sits in one layer (``layers.LAYERS``), imports only from layers below it, and no modules import in a
circle. Memo caches are keyed by values or explicit handles, never by ``id(...)``."""

from __future__ import annotations

import ast
import re

from imports import PACKAGE, circles, module_graph, modules, package_graph, top
from layers import LAYERS, SHIMS

LAYER_OF = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def test_every_top_level_package_and_module_has_one_layer():
    names = [n for layer in LAYERS for n in layer]
    assert len(names) == len(set(names)), "a name is listed in two layers"
    present = {top(m) for m in modules()}
    assert present - SHIMS == set(names)


def test_no_import_points_back_up_or_sideways():
    wrong = sorted((src, dst) for src, targets in package_graph().items() if src not in SHIMS
                   for dst in targets if LAYER_OF[dst] <= LAYER_OF[src])
    assert wrong == []


def test_no_module_imports_in_a_circle():
    assert circles(module_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_model_imports_no_stage():
    below = {n for layer in LAYERS[LAYER_OF["model"] + 1:] for n in layer}
    used = {top(t) for m, ts in module_graph().items() if top(m) == "model" for t in ts} - {"model"}
    assert used <= below


def test_deprecation_shims_import_nothing_of_the_core_directly():
    graph = module_graph()
    assert {s: sorted(graph[f"advisor.{s}"]) for s in SHIMS if graph[f"advisor.{s}"]} == {}


def test_memo_caches_in_evaluation_and_assembly_are_not_keyed_by_object_identity():
    keyed = re.compile(r"\bid\(")
    found = {str(p.relative_to(PACKAGE)): len(keyed.findall(p.read_text(encoding="utf-8")))
             for pkg in ("evaluation", "assembly", "placement", "scoring") for p in (PACKAGE / pkg).rglob("*.py")}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_column_layout_is_read_only_where_its_module_is_imported():
    """``OfferColumns`` is built in one module; costing reads the columns through its own declared protocol."""
    builders = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "OfferColumns":
                builders.append(name)
    assert builders == ["advisor.evaluation.shared"]
