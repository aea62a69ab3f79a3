"""Loading input files: structure (TOML), schema (pydantic), then references (models, metros, hardware).

The same checks run in ``advisor validate`` and inside ``advisor recommend`` (a lesson from
cloud-custodian: validation on one path only lets typos through the other).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.errors import InputError, did_you_mean
from advisor.reference.geo import is_place, metros, place_hint
from advisor.inputs.sites import Site, SitesFile
from advisor.inputs.tomlfile import read_toml, validate
from advisor.model.workload import LoadedWorkload, Workload
from advisor.reference.engines import engine_ids, find_engine


@dataclass(frozen=True)
class Catalogs:
    """The model and hardware catalogs references are checked against (built-in plus plugins)."""

    models: Any
    hardware: Any
    providers: tuple[str, ...] | None = None
    """Registered provider names (None when no plugin manager was given: not checked)."""


def load_catalogs(plugins: Any | None = None) -> Catalogs:
    from advisor.reference.hardware import hardware_catalog
    from advisor.reference.models import model_catalog

    extra_hw = plugins.hardware_specs() if plugins is not None else ()
    extra_models = plugins.model_specs() if plugins is not None else ()
    providers = tuple(p.name for p in plugins.providers()) if plugins is not None else None
    return Catalogs(models=model_catalog(extra_models), hardware=hardware_catalog(extra_hw), providers=providers)


def load_workload(path: Path, catalogs: Catalogs) -> tuple[LoadedWorkload, tuple[Site, ...]]:
    """A validated workload and the sites its sites file lists; InputError (exit 2) otherwise."""
    data, digest = read_toml(path)
    if isinstance(data, dict) and "sites" in data and "workload" not in data:
        raise InputError(str(path), ["this is a sites file; pass a workload file (it names the sites file in [workload] sites_file)"])
    workload = validate(Workload, data, str(path))
    return _checked(LoadedWorkload(path=path, workload=workload, digest=digest), catalogs, str(path))


def _checked(loaded: LoadedWorkload, catalogs: Catalogs, label: str) -> tuple[LoadedWorkload, tuple[Site, ...]]:
    """The workload's references (models, metros, hardware, sites and overrides files) checked."""
    workload = loaded.workload
    problems = reference_problems(workload, catalogs)
    sites: tuple[Site, ...] = ()
    if workload.workload.sites_file:
        sites_path = loaded.resolve(workload.workload.sites_file)
        if not sites_path.is_file():
            problems.append(f"workload.sites_file: '{workload.workload.sites_file}' not found (looked at {sites_path})")
        else:
            sites = load_sites_checked(sites_path, catalogs)
    if workload.regulation.overrides_file and not loaded.resolve(workload.regulation.overrides_file).is_file():
        problems.append(f"regulation.overrides_file: '{workload.regulation.overrides_file}' not found")
    if problems:
        raise InputError(label, problems)
    return loaded, sites


def load_workload_data(data: dict[str, Any] | Workload, catalogs: Catalogs, base_dir: Path | None = None) -> tuple[LoadedWorkload, tuple[Site, ...]]:
    """A workload given as a dict (the TOML's tables) or a ``Workload``: checked as a file would be.

    Relative paths (sites file, overrides) resolve against ``base_dir`` (default: the current
    directory); the input is recorded as ``<name>`` with the SHA-256 of its canonical JSON.
    """
    import hashlib
    import json

    raw = data.model_dump(mode="json", exclude_none=True) if isinstance(data, Workload) else data
    if not isinstance(raw, dict):
        raise InputError("<workload>", [f"expected a dict of the workload file's tables or a Workload, got {type(data).__name__}"])
    name = str((raw.get("workload") or {}).get("name", "workload")) if isinstance(raw.get("workload"), dict) else "workload"
    label = f"<{name}>"
    workload = data if isinstance(data, Workload) else validate(Workload, raw, label)
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    loaded = LoadedWorkload(path=(base_dir or Path.cwd()) / label, workload=workload, digest=digest)
    return _checked(loaded, catalogs, label)


def load_sites_checked(path: Path, catalogs: Catalogs) -> tuple[Site, ...]:
    data, _ = read_toml(path)
    parsed = validate(SitesFile, data, str(path))
    problems = []
    for i, site in enumerate(parsed.sites):
        for j, server in enumerate(site.servers):
            for key in ("accelerator", "cpu"):
                name = getattr(server, key)
                spec = catalogs.hardware.get(name) if name else None
                if name and spec is None:
                    hint = did_you_mean(name, catalogs.hardware.ids)
                    problems.append(f"sites[{i}].servers[{j}].{key}: unknown hardware '{name}'{hint}")
                elif spec is not None and (spec.kind == "cpu") != (key == "cpu"):
                    expected = "a CPU (list GPUs under accelerator)" if key == "cpu" else "a GPU or accelerator (list CPUs under cpu)"
                    problems.append(f"sites[{i}].servers[{j}].{key}: '{name}' is a {spec.kind}, expected {expected}")
    if problems:
        raise InputError(str(path), problems)
    return tuple(parsed.sites)


def reference_problems(workload: Workload, catalogs: Catalogs) -> list[str]:
    """Names in the workload that no catalog knows: models, metros, places, hardware, engines."""
    problems: list[str] = []
    known_metros = [m.name for m in metros().values()]
    for key, places in (("data.subjects", workload.data.subjects), ("data.residency", workload.data.residency or [])):
        problems += [f"{key}: '{p}' is not an ISO country code or a bloc (EU, EEA){place_hint(p)}" for p in places if not is_place(p)]
    problems += provider_problems(workload, catalogs)
    for i, comp in enumerate(workload.components):
        where = f"components[{i}]"
        if not isinstance(comp.model, str):
            problems += _inline_parameter_problems(comp.model, f"{where}.model")
        if not isinstance(comp.model, str) and catalogs.models.get(comp.model.id) is not None:
            problems.append(f"{where}.model.id: '{comp.model.id}' is already a catalog model; give the inline model "
                            f"its own id (e.g. 'my-{comp.model.id}'), or write model = \"{comp.model.id}\" to use the catalog's")
        if isinstance(comp.model, str) and catalogs.models.get(comp.model) is None:
            hint = did_you_mean(comp.model, catalogs.models.ids)
            problems.append(
                f"{where}.model: unknown model '{comp.model}'{hint}; known: {', '.join(catalogs.models.ids)} "
                "(or describe it inline as [components.model])"
            )
        for j, user in enumerate(getattr(comp, "users", [])):
            from advisor.reference.geo import find_metro

            if find_metro(user.metro) is None:
                hint = did_you_mean(user.metro, known_metros)
                problems.append(f"{where}.users[{j}].metro: unknown metro '{user.metro}'{hint}")
        for j, hw in enumerate(comp.hardware or []):
            if catalogs.hardware.get(hw) is None:
                problems.append(f"{where}.hardware[{j}]: unknown hardware '{hw}'{did_you_mean(hw, catalogs.hardware.ids)}")
        for p in comp.residency or []:
            if not is_place(p):
                problems.append(f"{where}.residency: '{p}' is not an ISO country code or a bloc (EU, EEA){place_hint(p)}")
        for j, accepted in enumerate(getattr(comp, "accept_models", None) or []):
            if catalogs.models.get(accepted) is None:
                problems.append(f"{where}.accept_models[{j}]: unknown model '{accepted}'"
                                f"{did_you_mean(accepted, catalogs.models.ids)}")
        if find_engine(comp.engine) is None:
            problems.append(f"{where}.engine: unknown engine '{comp.engine}'{did_you_mean(comp.engine, engine_ids())}; "
                            f"known: {', '.join(engine_ids())}")
    return problems


def _inline_parameter_problems(model: Any, where: str) -> list[str]:
    """A published ``params_b`` far (over 2x) from what the inline architecture adds up to."""
    from advisor.reference.models import architecture_param_count

    if model.params_b is None:
        return []
    computed = architecture_param_count(model) / 1e9
    if 0.5 <= computed / model.params_b <= 2:
        return []
    return [f"{where}.params_b: {model.params_b:g}, but the architecture adds up to {computed:.3g} B parameters"]


def provider_problems(workload: Workload, catalogs: Catalogs) -> list[str]:
    """Provider names in the constraints that no plugin registers ('asw' must not leave AWS allowed)."""
    known = catalogs.providers
    if known is None:
        return []
    problems = []
    for key in ("allowed_providers", "excluded_providers"):
        for i, name in enumerate(getattr(workload.constraints, key) or []):
            if name not in known:
                problems.append(f"constraints.{key}[{i}]: unknown provider '{name}'{did_you_mean(name, known)}; "
                                f"known: {', '.join(sorted(known)) or 'none'}")
    return problems


def load_any(path: Path, plugins: Any | None = None) -> str:
    """Validate a workload or sites file, telling which by its top-level keys; returns the kind.

    ``plugins`` is the run's plugin manager (its hardware and model specs join the catalogs)."""
    data, _ = read_toml(path)
    is_sites = "sites" in data and "workload" not in data
    validate(SitesFile if is_sites else Workload, data, str(path))  # structure first, before catalogs load
    catalogs = load_catalogs(plugins)
    if is_sites:
        load_sites_checked(path, catalogs)
        return "sites"
    load_workload(path, catalogs)
    return "workload"
