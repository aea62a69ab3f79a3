"""The ``advisor`` command line. Sub-commands are imported only when run, so ``--help`` stays fast."""

from __future__ import annotations

import importlib
import sys
from collections.abc import MutableMapping
from pathlib import Path

import click

from advisor import __version__
from advisor.gcpause import freeze_imported, importing

#: name -> (module, attribute, one-line help). Help text lives here so listing needs no import.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "recommend": ("advisor.cli.recommend", "recommend", "Recommend where each component of one or more workloads should run."),
    "validate": ("advisor.cli.files", "validate", "Check workload or sites files and report every problem (exit status 2 if any)."),
    "schema": ("advisor.cli.files", "schema", "Print the JSON Schema of a workload file, advisor.toml, a sites file, a rule pack or a recommendation."),
    "init": ("advisor.cli.files", "init", "Write a commented starter workload file (default: workload.toml)."),
    "plugins": ("advisor.cli.plugins", "plugins", "List the installed plugins, their hooks and providers."),
    "estimate": ("advisor.cli.estimate", "estimate", "Size one model on one hardware: TTFT, time per output token, tok/s, batch that fits, memory."),
    "rules": ("advisor.cli.rules", "rules", "List, show and validate regulation and privacy rules."),
    "prices": ("advisor.cli.prices", "prices", "Show catalog prices and refresh them from the live APIs."),
    "explain": ("advisor.cli.explain", "explain", "Explain why each component went where it did."),
    "compare": ("advisor.cli.explain", "compare", "Show two plans side by side (recommendation JSONs or workload files)."),
    "report": ("advisor.cli.report", "report", "Write an architecture-review decision record (HTML or Markdown)."),
    "diff": ("advisor.cli.report", "diff", "What changed between two recommendations and why: inputs, decisions, unit costs, vetoes, prices."),
    "install": ("advisor.cli.install", "install", "Install plugins with pip into the environment advisor runs in."),
    "uninstall": ("advisor.cli.install", "uninstall", "Uninstall plugins from the environment advisor runs in."),
}


class LazyGroup(click.Group):
    """Lists commands from COMMANDS without importing them; plugin commands load on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        if name in COMMANDS:
            module, attr, _ = COMMANDS[name]
            try:
                with importing():
                    command = getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError):
                return _unavailable(name)
            return command if isinstance(command, click.Command) else _unavailable(name)
        from advisor.cli import common

        with ctx.scope(cleanup=False):  # the run's manager: the plugin command reuses it
            common.make_plugins().add_commands(self)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str) -> click.Command:
    @click.command(name=name, help=COMMANDS[name][2])
    def missing() -> None:
        raise click.ClickException(f"'advisor {name}' is not available in this build")

    return missing


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="advisor")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Configuration file (default: $ADVISOR_CONFIG, else the nearest advisor.toml or pyproject.toml "
                   "[tool.advisor] from here upwards).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the output and errors (same as each command's -q).")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, quiet: bool) -> None:
    """Tell a team where its AI workloads should run: AWS, Azure, GCP, its own data centre, an edge
    site, a decentralised GPU network, a managed model API, or a hybrid of them.

    \b
    Start with:
      advisor init workload.toml        write a commented starter workload
      advisor recommend workload.toml   recommend a placement
      advisor report workload.toml -o review.html

    Exit status: 0 recommendation made, 2 bad input, 3 nothing feasible, 1 other failure
    (`advisor diff --fail-on`: 4 when the gate trips).

    \b
    Shell completion (bash; zsh_source and fish_source for the others):
      eval "$(_ADVISOR_COMPLETE=bash_source advisor)"
    """
    ctx.meta["advisor.config_path"] = config_path
    if quiet:
        ctx.meta["advisor.quiet"] = True


def main() -> None:
    """Entry point: run the CLI, turning AdvisorError into a message and its exit status."""
    from advisor.guard import guarded_process
    from advisor.redact import redact
    from advisor.render.escape import stream_text

    with guarded_process(lambda text, stderr: stream_text(redact(text), progress=stderr)):
        _run()


def _format_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                    line: str | None = None) -> str:
    """Warnings as one 'warning: ...' line, without Python's source location and code line."""
    return f"warning: {message}\n"


def _run() -> None:
    import warnings

    saved_format, warnings.formatwarning = warnings.formatwarning, _format_warning
    try:
        _run_cli()
    finally:
        warnings.formatwarning = saved_format


def _run_cli() -> None:
    from advisor.errors import AdvisorError
    from advisor.redact import redact

    try:
        # without standalone mode click returns ctx.exit(n)'s status instead of exiting with it
        status = cli.main(standalone_mode=False)
        if isinstance(status, int) and not isinstance(status, bool) and status:
            sys.exit(status)
    except AdvisorError as exc:
        click.echo(redact(f"error: {exc}"), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: say so briefly; ADVISOR_DEBUG=1 shows the traceback
        import os

        if os.environ.get("ADVISOR_DEBUG"):
            raise
        click.echo(redact(f"internal error: {exc!r} (set ADVISOR_DEBUG=1 for the traceback and please report it)"), err=True)
        sys.exit(1)


def run() -> None:
    """The console script: ``main()``, then exit without the interpreter's teardown.

    Freeing a large run's records one by one at shutdown cost 0.2 s of a 1.3 s recommendation; the
    operating system takes the memory back at once. Output is flushed first and nothing here registers
    exit handlers (the Ray executor shuts its own client down when its run ends). In-process callers
    (tests, benchmarks) keep calling ``main()``.

    OpenBLAS runs on one thread unless ``OPENBLAS_NUM_THREADS`` is set: numpy's OpenBLAS starts a
    thread per core when it is imported (50 ms of a 0.5 s recommendation on two cores), and advisor's
    arrays are too small for its threads to pay (``single_blas_thread``). What the command's imports
    build is frozen out of the cyclic GC's passes (``advisor.gcpause.freeze_imported``).
    """
    import os

    single_blas_thread(os.environ)
    freeze_imported()
    code: int = 0
    try:
        main()
    except SystemExit as exc:
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
            code = 1
        else:
            code = exc.code or 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        sys.exit(code)
    os._exit(code)


BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS"


def single_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Ask OpenBLAS for one thread unless the user chose a number: read once, when numpy is first
    imported, so the console script sets it before any sub-command imports numpy. A matrix product
    (advisor's: vectors of a placement's columns) then also sums in one order whatever the core count."""
    environ.setdefault(BLAS_THREADS_ENV, "1")
