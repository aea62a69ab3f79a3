"""``advisor.plugin`` is the one import surface for plugin authors: the built-in plugins and the example
plugin import nothing else of the core, the old module paths still resolve (for hook API 1), and the
plugin guide lists exactly the names the surface exports."""

from __future__ import annotations

import ast
import importlib
import re
import warnings
from pathlib import Path

import pytest

import advisor.plugin as surface

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"advisor", "advisor.plugin", "advisor.testing"}
OLD_PATHS = {
    "advisor.offers": "advisor.model.offers", "advisor.records": "advisor.model.records",
    "advisor.specs": "advisor.model.specs", "advisor.workload": "advisor.model.workload",
    "advisor.provider": "advisor.plugin.provider", "advisor.snapshot": "advisor.plugin.snapshot",
    "advisor.plugins": "advisor.plugin.manager", "advisor.hookspecs": "advisor.plugin.hookspecs",
    "advisor.geo": "advisor.reference.geo", "advisor.hardware": "advisor.reference.hardware",
    "advisor.sites": "advisor.inputs.sites", "advisor.tomlfile": "advisor.inputs.tomlfile",
}


def plugin_sources() -> list[Path]:
    """The shipped code of every built-in plugin and of the example plugin (their tests may reach further)."""
    dirs = [*ROOT.glob("plugins/*/advisor_*"), *ROOT.glob("plugins/*/tools"), *ROOT.glob("examples/provider-plugin/advisor_*")]
    return sorted(p for d in dirs for p in d.rglob("*.py"))


def core_imports(path: Path) -> set[str]:
    """Modules of the core that ``path`` imports (``advisor`` and below, not ``advisor_*``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n for n in names if n == "advisor" or n.startswith("advisor.")}
    return found


def test_every_builtin_and_example_plugin_imports_only_the_plugin_surface():
    sources = plugin_sources()
    assert len(sources) > 40, "the plugin sources were not found"
    reaching = {str(p.relative_to(ROOT)): sorted(core_imports(p) - ALLOWED) for p in sources}
    assert {k: v for k, v in reaching.items() if v} == {}


def test_the_import_check_sees_a_plugin_reaching_into_the_core(tmp_path):
    module = tmp_path / "plugin.py"
    module.write_text("from advisor.plugin import Offer\nfrom advisor.catalog.gathering import gather\nimport advisor\n")
    assert core_imports(module) - ALLOWED == {"advisor.catalog.gathering"}


@pytest.mark.parametrize("old,new", sorted(OLD_PATHS.items()))
def test_old_module_paths_stay_importable_and_warn(old, new, monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, old, raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert any(issubclass(w.category, DeprecationWarning) and "advisor.plugin" in str(w.message) for w in caught)


def test_surface_names_are_the_objects_of_the_core():
    from advisor.model.offers import Offer
    from advisor.plugin.manager import Plugins
    from advisor.reference.geo import find_metro

    assert (surface.Offer, surface.Plugins, surface.find_metro) == (Offer, Plugins, find_metro)
    assert all(hasattr(surface, name) for name in surface.__all__)


def test_plugin_guide_lists_exactly_the_exported_names():
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = guide.split("## Import surface", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", section.split("Old module paths", 1)[0]))
    assert listed == set(surface.__all__)
