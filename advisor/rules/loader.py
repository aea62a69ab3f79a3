"""Reading rule packs and overrides files into a RuleSet, with every problem named by file and rule id.

A file holds one pack (``[pack]`` + ``[[rules]]``) or several (``[[packs]]`` each with ``rules``).
Problems are collected, not stopped at, so ``advisor rules validate`` reports them all at once.
"""

from __future__ import annotations

import os

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from advisor.errors import InputError
from advisor.rules.expr import CompileError, compile_condition
from advisor.rules.model import Pack, Rule, RuleSet
from advisor.rules.schema import OverridesFile, PackMeta, RuleSpec
from advisor.rules.vocabulary import lookup

#: Placeholders that would make every venue's finding different and defeat profile sharing.
PER_VENUE = frozenset({"venue.id", "venue.region", "venue.metro"})
from advisor.inputs.tomlfile import describe_error, read_toml, validate

if TYPE_CHECKING:
    from advisor.plugin.manager import Plugins


MAX_PACK_DIR_ENTRIES = 10_000
"""A rule-pack directory is a few dozen files; a walk past this many entries was given the wrong folder
(``--rules /`` walked the whole file system)."""


def _toml_files_under(root: Path) -> list[Path]:
    """TOML files under ``root``, recursively, links not followed, at most MAX_PACK_DIR_ENTRIES entries."""
    found, seen = [], 0
    for folder, dirs, files in os.walk(root):
        seen += len(dirs) + len(files)
        if seen > MAX_PACK_DIR_ENTRIES:
            raise InputError(str(root), [f"holds more than {MAX_PACK_DIR_ENTRIES:,} entries: not a rule-pack directory "
                                         "(name the folder of the packs itself)"])
        found += [Path(folder) / f for f in files if f.endswith(".toml")]
    return sorted(f for f in found if f.is_file())


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """TOML files named by ``paths`` (directories are searched recursively, sorted for stable order)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p).resolve()
        if p.is_dir():
            out.extend(_toml_files_under(p))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(str(p), ["rule pack not found"])
    return list(dict.fromkeys(out))


def _label(index: int, raw: Any) -> str:
    rid = raw.get("id") if isinstance(raw, dict) else None
    return f"rules[{index}] ({rid})" if isinstance(rid, str) else f"rules[{index}] (no id)"


def _compile_rule(raw: Any, label: str, pack: str, file: Path, problems: list[str]) -> Rule | None:
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as exc:
        problems.extend(f"{label}: {describe_error(RuleSpec, e, raw)}" for e in exc.errors())
        return None
    for name in spec.template_fields():
        if lookup(name) is None:
            problems.append(f"{label}.requirement: unknown placeholder '{{{name}}}'")
        elif name in PER_VENUE:
            problems.append(
                f"{label}.requirement: placeholder '{{{name}}}' is unique per venue; the verdict already names "
                "the venue, use {venue.provider} or {venue.country}"
            )
    compiled = None
    if spec.condition is not None:
        try:
            compiled = compile_condition(spec.condition)
        except CompileError as exc:
            problems.append(f"{label}.{exc}")
            return None
    return Rule(spec, pack, file, compiled)


def _pack_tables(data: dict[str, Any], problems: list[str]) -> list[tuple[str, Any, Any]]:
    """(prefix, pack table, rules list) for each pack in a file."""
    if "packs" in data:
        extra = sorted(set(data) - {"packs"})
        if extra:
            problems.append(f"{extra[0]}: unknown top-level key next to [[packs]]")
        if not isinstance(data["packs"], list):
            problems.append("packs: expected [[packs]] tables")
            return []
        return [
            (f"packs[{i}].", {k: v for k, v in p.items() if k != "rules"}, p.get("rules"))
            for i, p in enumerate(data["packs"])
            if isinstance(p, dict)
        ]
    extra = sorted(set(data) - {"pack", "rules"})
    if extra:
        problems.append(f"{extra[0]}: unknown top-level key; a pack file has [pack] and [[rules]]")
    return [("", data.get("pack"), data.get("rules"))]


def read_pack_file(path: Path) -> tuple[list[Pack], list[Rule], list[str]]:
    """Packs and rules of one file and the problems found (each naming the rule id)."""
    data, _ = read_toml(path)
    problems: list[str] = []
    packs: list[Pack] = []
    rules: list[Rule] = []
    for prefix, meta_raw, rules_raw in _pack_tables(data, problems):
        if meta_raw is None:
            problems.append(f"{prefix}pack: required table is missing ([pack] with name, title, version)")
            continue
        try:
            meta = PackMeta.model_validate(meta_raw)
        except ValidationError as exc:
            problems.extend(f"{prefix}pack: {describe_error(PackMeta, e, meta_raw)}" for e in exc.errors())
            continue
        if not isinstance(rules_raw, list) or not rules_raw:
            problems.append(f"{prefix}rules: a pack needs at least one [[rules]] table")
            continue
        found = []
        for i, raw in enumerate(rules_raw):
            rule = _compile_rule(raw, prefix + _label(i, raw), meta.name, path, problems)
            if rule is not None:
                found.append(rule)
        rules.extend(found)
        packs.append(Pack(meta, path, tuple(r.id for r in found)))
    return packs, rules, problems


def collect(paths: Sequence[Path]) -> tuple[list[Pack], dict[str, Rule], dict[str, list[str]]]:
    """Read every pack file; return packs, rules by id and problems by file (duplicates included)."""
    packs: list[Pack] = []
    rules: dict[str, Rule] = {}
    problems: dict[str, list[str]] = {}
    for file in pack_files(paths):
        try:
            file_packs, file_rules, file_problems = read_pack_file(file)
        except InputError as exc:
            problems.setdefault(str(file), []).extend(exc.problems)
            continue
        for rule in file_rules:
            first = rules.get(rule.id)
            if first is not None:
                file_problems.append(f"rule id {rule.id} is already defined in {first.file} (pack {first.pack}); ids must be unique")
                continue
            rules[rule.id] = rule
        packs.extend(file_packs)
        if file_problems:
            problems.setdefault(str(file), []).extend(file_problems)
    return packs, rules, problems


def load_overrides(path: Path, rules: dict[str, Rule]) -> OverridesFile:
    data, _ = read_toml(path)
    parsed = validate(OverridesFile, data, str(path))
    unknown = [f"override[{i}].rule: no rule '{o.rule}' is loaded" for i, o in enumerate(parsed.override) if o.rule not in rules]
    if unknown:
        raise InputError(str(path), unknown)
    return parsed


def load_ruleset(paths: Sequence[Path], overrides: Path | None = None) -> RuleSet:
    """Load rule packs (files or directories) and an optional overrides file; raise InputError on any problem."""
    packs, rules, problems = collect(paths)
    if problems:
        file, messages = next(iter(problems.items()))
        others = sum(len(v) for v in problems.values()) - len(messages)
        suffix = [f"... and {others} more problem(s) in other files (run 'advisor rules validate')"] if others else []
        raise InputError(file, messages + suffix)
    ruleset = RuleSet(rules, packs)
    if overrides is not None:
        ruleset.overrides = tuple(load_overrides(Path(overrides), rules).override)
        ruleset.overrides_file = Path(overrides)
    return ruleset


def installed_ruleset(plugins: Plugins, extra: Sequence[Path] = (), overrides: Path | None = None) -> RuleSet:
    """The core packs, every plugin's packs (``register_rule_packs``) and ``extra`` user packs.

    ``plugins`` is the run's ``advisor.plugin.Plugins`` (one per run, never built here); a plugin whose
    hook fails is recorded in its ``problems`` and the other packs still load.
    """
    return load_ruleset([*plugins.rule_pack_paths(), *extra], overrides=overrides)
