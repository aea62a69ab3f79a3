"""A JSON recommendation imports only what it runs: no scipy (highspy solves), no rich (no table), no
httpx (no live refresh), no Ray (local executor)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CODE = """
import contextlib, io, sys
sys.argv = ["advisor", "recommend", sys.argv[1], "--format", "json", "--offline", "--as-of", "2026-11-22"]
from advisor.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, exc.code
assert out.getvalue().startswith("{")
print(sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "rich", "httpx", "ray", "pandas"}))
"""


def test_a_json_recommendation_imports_no_scipy_rich_httpx_or_ray(tmp_path):
    env = {"ADVISOR_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", CODE, str(ROOT / "examples" / "hybrid-clinic.toml")],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
