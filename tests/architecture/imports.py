"""The import graph of advisor's core, read from the source (every import: top level, in functions and
under ``TYPE_CHECKING``), at two grains: modules and top-level packages."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import advisor

PACKAGE = Path(advisor.__file__).resolve().parent


def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the core (a package by its ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imported(path: Path, known: set[str]) -> Iterator[str]:
    """Core modules ``path`` imports; ``from pkg import name`` counts ``pkg.name`` when that is a module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module for a in node.names]
        else:
            continue
        for name in names:
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            if name in known:
                yield name


def module_graph() -> dict[str, set[str]]:
    """Module -> the core modules it imports (itself and its own package's ``__init__`` left out)."""
    found = modules()
    known = set(found)
    graph = {}
    for name, path in found.items():
        graph[name] = {m for m in imported(path, known) if m != name and not name.startswith(m + ".")}
    return graph


def top(name: str) -> str:
    """The top-level package or module a dotted name belongs to (``__init__`` for ``advisor`` itself)."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, targets in module_graph().items():
        graph.setdefault(top(name), set()).update(top(t) for t in targets if top(t) != top(name))
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)
