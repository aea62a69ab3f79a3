"""The CI pieces: the composite GitHub Action (linted offline, its comment step run against a fake API)
and the pre-commit hook manifest."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"


def _tool(name: str) -> str:
    path = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(path).exists():
        pytest.fail(f"{name} is not installed: pip install -r requirements-dev.txt")
    return path


def test_the_action_is_valid_under_the_vendored_github_actions_schema():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pre_commit_manifest_is_valid_and_runs_advisor_validate():
    result = subprocess.run([_tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "advisor-validate" and hook["entry"] == "advisor validate -q"
    pattern = re.compile(hook["files"])
    assert pattern.search("examples/hybrid-clinic-workload.toml") and pattern.search("infra/edge-sites.toml")
    assert not pattern.search("pyproject.toml")


def _step(name: str) -> dict:
    steps = yaml.safe_load(ACTION.read_text())["runs"]["steps"]
    return next(s for s in steps if s["name"] == name)


class FakeGitHub(BaseHTTPRequestHandler):
    """Issue comments of one pull request, as the REST API answers them."""

    comments: list[dict] = []
    calls: list[tuple[str, str]] = []

    def _reply(self, payload) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def do_GET(self) -> None:  # noqa: N802
        self.calls.append(("GET", self.path, self.headers["Authorization"]))
        self._reply(self.comments)

    def do_POST(self) -> None:  # noqa: N802
        self.calls.append(("POST", self.path, self.headers["Authorization"]))
        comment = {"id": 100 + len(self.comments), "body": self._body()["body"], "html_url": "https://example.invalid/c"}
        self.comments.append(comment)
        self._reply(comment)

    def do_PATCH(self) -> None:  # noqa: N802
        self.calls.append(("PATCH", self.path, self.headers["Authorization"]))
        comment_id = int(self.path.rsplit("/", 1)[-1])
        [comment] = [c for c in self.comments if c["id"] == comment_id]
        comment["body"] = self._body()["body"]
        self._reply(comment)

    def log_message(self, *args) -> None:
        pass


def test_the_comment_step_posts_once_then_updates_its_own_comment(tmp_path):
    FakeGitHub.comments = [{"id": 7, "body": "someone else's comment", "html_url": "x"}]
    FakeGitHub.calls = []
    server = HTTPServer(("127.0.0.1", 0), FakeGitHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp_path / "comment.py"
    script.write_text(_step("Comment on the pull request")["run"])
    body = tmp_path / "comment.md"
    env = {**os.environ, "GITHUB_TOKEN": "t0ken", "PR_NUMBER": "12", "REPOSITORY": "acme/models",
           "API_URL": f"http://127.0.0.1:{server.server_port}", "BODY_FILE": str(body)}
    try:
        for text in ("<!-- advisor-recommendation -->\nfirst", "<!-- advisor-recommendation -->\nsecond"):
            body.write_text(text)
            run = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60)
            assert run.returncode == 0, run.stderr
    finally:
        server.shutdown()
    methods = [(m, p) for m, p, _ in FakeGitHub.calls]
    assert methods == [("GET", "/repos/acme/models/issues/12/comments?per_page=100&page=1"),
                       ("POST", "/repos/acme/models/issues/12/comments"),
                       ("GET", "/repos/acme/models/issues/12/comments?per_page=100&page=1"),
                       ("PATCH", "/repos/acme/models/issues/comments/101")]
    assert {auth for _, _, auth in FakeGitHub.calls} == {"Bearer t0ken"}
    assert [c["body"] for c in FakeGitHub.comments] == ["someone else's comment", "<!-- advisor-recommendation -->\nsecond"]


def test_the_diff_step_writes_the_comment_and_fails_the_gate_on_a_cost_rise(tmp_path, run_memory):
    """The step's own bash, run with advisor on PATH, on two saved recommendations."""
    rec = run_memory().model_dump(mode="json")
    base, head = dict(rec), json.loads(json.dumps(rec))
    head["plan"] = {**head["plan"], "total_usd_per_month": rec["plan"]["total_usd_per_month"] * 1.5}
    (tmp_path / "base.json").write_text(json.dumps(base))
    (tmp_path / "head.json").write_text(json.dumps(head))
    outputs, summary = tmp_path / "out.txt", tmp_path / "summary.md"
    env = {**os.environ, "BASE": str(tmp_path / "base.json"), "HEAD_JSON": str(tmp_path / "head.json"), "OUT": str(tmp_path),
           "FAIL_ON": "cost:+10% veto", "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-c", _step("Diff and gate")["run"]], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    produced = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert produced["gate"] == "failed" and produced["changed"] == "true"
    comment = Path(produced["markdown"]).read_text()
    assert comment.startswith("<!-- advisor-recommendation -->\n# What changed")
    assert "**Check failed:**" in comment and "exceeds cost:+10%" in comment
    assert "<summary>Recommendation on this pull request</summary>" in comment and "| chat |" in comment
    assert summary.read_text() == comment


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_recommend_step_runs_head_and_base_of_a_repository_and_the_diff_step_reports_the_change(tmp_path):
    """The composite's own bash, against two commits of a throwaway repository (no network: --offline, and
    the base commit is already in the clone): base serves the seed at 157 M output tokens a month on its
    owned box, the pull request raises it to 596.6 M; the comment says so, and the decision gate stays green."""
    repo = tmp_path / "repo"
    (repo / "workloads").mkdir(parents=True)
    seed = (ROOT / "examples" / "seed-llama3-8b.toml").read_text()
    seed = seed.replace('allowed_providers = ["aws", "onprem", "bedrock"]', 'allowed_providers = ["onprem"]')
    (repo / "workloads" / "sites.toml").write_text((ROOT / "examples" / "sites.toml").read_text())
    (repo / "workloads" / "chat.toml").write_text(seed)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    (repo / "workloads" / "chat.toml").write_text(seed.replace("output_tokens_per_month = 157_000_000",
                                                               "output_tokens_per_month = 596_600_000"))
    _git(repo, "commit", "-q", "-am", "more chat")
    runner_temp, outputs, summary = tmp_path / "runner", tmp_path / "out.txt", tmp_path / "summary.md"
    runner_temp.mkdir()
    env = {**os.environ, "WORKLOAD": "workloads/chat.toml", "BASE_REF": base, "AS_OF": "2026-11-22", "OFFLINE": "true",
           "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary),
           "ADVISOR_CACHE_DIR": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": os.devnull,
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    recommend = subprocess.run(["bash", "-c", _step("Recommend on head and base")["run"]], cwd=repo, env=env,
                               capture_output=True, text=True, timeout=600)
    assert recommend.returncode == 0, recommend.stderr
    produced = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    head, based = json.loads(Path(produced["head"]).read_text()), json.loads(Path(produced["base"]).read_text())
    assert [c["demand"]["output_tokens_per_month"] for c in (based["components"][0], head["components"][0])] == [157e6, 596.6e6]
    assert _git(repo, "worktree", "list").count("\n") == 0  # the base tree was removed again
    env.update({"BASE": produced["base"], "HEAD_JSON": produced["head"], "OUT": produced["dir"], "FAIL_ON": "decision veto"})
    gate = subprocess.run(["bash", "-c", _step("Diff and gate")["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=600)
    assert gate.returncode == 0, gate.stderr
    produced = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert produced["gate"] == "passed" and produced["changed"] == "true"
    comment = Path(produced["markdown"]).read_text()
    assert "chat: demand output tokens per month 157M → 597M (×3.80)" in comment
    assert "$7.05/M → $1.85/M" in comment and "**Check failed:**" not in comment
