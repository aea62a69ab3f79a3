"""Standard JSON Schemas (draft 2020-12) for editors: the workload file, the sites file and advisor.toml.

pydantic's schema uses OpenAPI's ``discriminator`` keyword, which plain validators ignore: they try
every branch of the union and report a misspelt key inside a component as one failure per branch
("'inference' is not one of ['fine-tune','training']"). Here a component's ``kind`` selects its
definition with ``if``/``then``, optional fields lose their ``null`` branch (TOML has no null), and
auto-generated titles go, so a validator reports one error per problem and an editor shows each
field's description. ``advisor schema workload`` (or ``sites``, ``config``) prints one; the published copies
live in schema/ (kept in step by tests/test_editor_schema.py; regenerate with ``advisor schema --write schema``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: name → (file in schema/, title, description)
PUBLISHED = {
    "workload": ("workload.schema.json", "advisor workload file",
                 "What to run, for whom, under which rules (workload.toml). See docs/workload.md."),
    "config": ("advisor-config.schema.json", "advisor configuration",
               "An organisation's defaults: advisor.toml, or [tool.advisor] in pyproject.toml. See docs/configuration.md."),
    "sites": ("sites.schema.json", "advisor sites file",
              "Your own places: data centres, colocation cages and edge sites, their servers and edge quotes "
              "(sites.toml, named by a workload's sites_file). See docs/workload.md, 'The sites file'."),
}


def _model(name: str) -> Any:
    if name == "workload":
        from advisor.model.workload import Workload

        return Workload
    if name == "sites":
        from advisor.inputs.sites import SitesFile

        return SitesFile
    from advisor.inputs.config import Settings

    return Settings


def _tagged_union(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """oneOf + discriminator → a required tag whose value picks the branch (if/then)."""
    tag = node["discriminator"]["propertyName"]
    branches = []
    tags: list[str] = []
    for ref in node["oneOf"]:
        target = defs[ref["$ref"].rsplit("/", 1)[-1]]
        values = target["properties"][tag].get("enum") or [target["properties"][tag]["const"]]
        tags += values
        branches.append({"if": {"properties": {tag: {"enum": values}}, "required": [tag]}, "then": ref})
    return {"type": "object", "required": [tag],
            "properties": {tag: {"enum": tags, "description": f"Which kind this is: {', '.join(tags)}."}},
            "allOf": branches}


def _without_null(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, {type: null}]`` → X (keeping the description): TOML cannot write a null."""
    options = [o for o in node["anyOf"] if o != {"type": "null"}]
    if len(options) != 1 or len(options) == len(node["anyOf"]):
        return node
    out = {k: v for k, v in node.items() if k not in ("anyOf", "default")}
    return {**options[0], **out}


def _clean(node: Any, defs: dict[str, Any], in_properties: bool = False) -> Any:
    if isinstance(node, list):
        return [_clean(n, defs) for n in node]
    if not isinstance(node, dict):
        return node
    if "discriminator" in node and "oneOf" in node:
        node = _tagged_union(node, defs)
    if "anyOf" in node:
        node = _without_null(node)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "title" and in_properties:
            continue  # "Min Providers": the key itself says it; the description explains it
        if key == "default" and value is None:
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {k: _clean(v, defs, in_properties=True) for k, v in value.items()}
        else:
            out[key] = _clean(value, defs)
    return out


def editor_schema(name: str = "workload") -> dict[str, Any]:
    """The published schema ``name`` ('workload', 'sites' or 'config') as a dict."""
    raw = copy.deepcopy(_model(name).model_json_schema())
    defs = raw.get("$defs", {})
    schema = _clean(raw, defs)
    file, title, description = PUBLISHED[name]
    return {"$schema": DRAFT, "title": title, "description": description, **{k: v for k, v in schema.items() if k != "title"}}


def editor_schema_text(name: str = "workload") -> str:
    return json.dumps(editor_schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_published(directory: Path) -> list[Path]:
    """Write every published schema into ``directory`` (the repository's schema/); returns the files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (file, _, _) in PUBLISHED.items():
        path = directory / file
        path.write_text(editor_schema_text(name), encoding="utf-8")
        written.append(path)
    return written
