"""The CLI shell: fast help, no plugin or SDK import at start-up, init/schema/validate behaviour."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from advisor.cli import COMMANDS, cli

HEAVY = ("advisor_", "boto3", "botocore", "google", "azure", "numpy", "scipy", "pydantic", "httpx", "rich")


def test_help_imports_no_plugin_sdk_or_heavy_library():
    code = (
        "import sys\nfrom advisor.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in sys.modules if m.startswith({HEAVY!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("LOADED []"), out


def test_help_lists_every_command_with_its_summary():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, (_, _, summary) in COMMANDS.items():
        assert name in result.output
        assert summary.split()[0] in result.output


def test_every_command_summary_in_the_table_is_its_help_first_line():
    import importlib

    for name, (module, attr, summary) in COMMANDS.items():
        command = getattr(importlib.import_module(module), attr)
        assert (command.help or "").strip().splitlines()[0] == summary, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)


def test_every_option_of_every_command_says_what_it_does():
    import importlib

    import click

    def undocumented(command: click.Command, path: str) -> list[str]:
        found = [f"{path} {p.opts[0]}" for p in command.params
                 if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()]
        for name, sub in getattr(command, "commands", {}).items():
            found += undocumented(sub, f"{path} {name}")
        return found

    missing = [line for name, (module, attr, _) in COMMANDS.items()
               for line in undocumented(getattr(importlib.import_module(module), attr), name)]
    assert missing == []


def test_init_writes_a_starter_that_validates_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "workload.toml"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(target)]).exit_code == 0
    before = target.read_text()
    again = runner.invoke(cli, ["init", str(target)], standalone_mode=True)
    assert again.exit_code != 0 and target.read_text() == before
    checked = runner.invoke(cli, ["validate", str(target)])
    assert checked.exit_code == 0, checked.output
    assert "valid workload file" in checked.output


def test_schema_workload_is_json_schema_with_components():
    result = CliRunner().invoke(cli, ["schema", "workload"])
    schema = json.loads(result.output)
    assert "components" in schema["properties"] and schema["additionalProperties"] is False


def test_main_exits_2_with_message_and_no_traceback_on_bad_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[workload]\nname = "x"\n[[components]]\nname = "c"\nkind = "inference"\nmodle = "llama-3-8b"\n')
    proc = subprocess.run([sys.executable, "-m", "advisor", "validate", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{bad}: " in proc.stderr and "components[0].modle: unknown key (did you mean 'model'?)" in proc.stderr


def test_starter_file_ships_inside_the_package():
    from advisor.paths import data_file

    assert Path(data_file("starter.toml")).is_file()


def test_the_console_script_asks_openblas_for_one_thread_unless_the_user_chose():
    from advisor.cli import BLAS_THREADS_ENV, single_blas_thread

    environ: dict[str, str] = {}
    single_blas_thread(environ)
    assert environ == {BLAS_THREADS_ENV: "1"}
    chosen = {BLAS_THREADS_ENV: "4"}
    single_blas_thread(chosen)
    assert chosen == {BLAS_THREADS_ENV: "4"}

