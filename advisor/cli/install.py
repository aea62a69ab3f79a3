"""``advisor install`` / ``advisor uninstall``: plugins into the same environment as advisor (as ``llm install``).

pip runs as ``sys.executable -m pip``, so a plugin lands where this advisor can import it, whatever
``pip`` happens to be first on the PATH (a different Python, a pipx venv...).
"""

from __future__ import annotations

import subprocess
import sys

import click


def _pip(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "pip", *args])


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("packages", nargs=-1)
@click.option("-U", "--upgrade", is_flag=True, help="Upgrade the packages to their newest version.")
@click.option("-e", "--editable", type=click.Path(exists=True, file_okay=False), help="Install a plugin from this directory, editable.")
@click.option("--force-reinstall", is_flag=True, help="Reinstall even if the version is already installed.")
@click.option("--no-deps", is_flag=True, help="Do not install the packages' dependencies.")
@click.option("--no-cache-dir", is_flag=True, help="Do not use pip's cache.")
@click.option("--pre", is_flag=True, help="Include pre-release and development versions.")
def install(packages: tuple[str, ...], upgrade: bool, editable: str | None, force_reinstall: bool, no_deps: bool,
            no_cache_dir: bool, pre: bool) -> None:
    """Install plugins with pip into the environment advisor runs in.

    PACKAGES are what pip accepts: names from PyPI (advisor-neocloud), local wheels, directories,
    or 'advisor-aws[live]' for a plugin's live-refresh extra. Afterwards `advisor plugins` lists them.

    \b
    Examples:
      advisor install advisor-neocloud
      advisor install -e ./my-plugin
      advisor install 'advisor-aws[live]'
    """
    from advisor.errors import InputError

    if not packages and not editable:
        raise InputError(None, ["install: name at least one package, wheel or directory (or -e DIR)"])
    args = ["install"]
    args += ["--upgrade"] if upgrade else []
    args += ["-e", editable] if editable else []
    args += ["--force-reinstall"] if force_reinstall else []
    args += ["--no-deps"] if no_deps else []
    args += ["--no-cache-dir"] if no_cache_dir else []
    args += ["--pre"] if pre else []
    sys.exit(_pip(*args, *packages))


@click.command()
@click.argument("packages", nargs=-1, required=True)
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
def uninstall(packages: tuple[str, ...], yes: bool) -> None:
    """Uninstall plugins from the environment advisor runs in."""
    sys.exit(_pip("uninstall", *(["-y"] if yes else []), *packages))
