#!/usr/bin/env bash
# CI: the example third-party plugin installs with pip into a clean venv that already has advisor,
# shows up in `advisor plugins --json`, reaches a recommendation, and passes its own tests.
# Usage: .ci/example-plugin.sh VENV_DIR [WORKLOAD_TOML]   (default workload: examples/depin-batch.toml)
set -euo pipefail
if [ $# -lt 1 ] || [ ! -x "$1/bin/python" ]; then
  echo "usage: $0 VENV_DIR [WORKLOAD_TOML]  (a venv with advisor installed)" >&2
  exit 2
fi
venv=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
workload=${2:-$root/examples/depin-batch.toml}
example=$root/examples/provider-plugin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
py=$venv/bin/python
cd "$work"   # outside the checkout: the installed copies are what run

echo "== example plugin: pip install examples/provider-plugin[test]"
"$py" -m pip install -q "$example[test]"

echo "== example plugin: listed by advisor plugins --json"
"$venv/bin/advisor" plugins --json > plugins.json
"$py" - plugins.json <<'PY'
import json, sys
listing = json.load(open(sys.argv[1]))
rows = {row["name"]: row for row in listing["plugins"]}
assert "neocloud" in rows, f"neocloud not listed: {sorted(rows)}"
assert rows["neocloud"]["providers"] == ["neocloud"], rows["neocloud"]
assert rows["neocloud"]["version"] == "0.1.0", rows["neocloud"]
problems = [p for p in listing["problems"] if p["plugin"] == "neocloud"]
assert not problems, problems
print("neocloud listed:", rows["neocloud"])
PY

echo "== example plugin: offers in advisor recommend $(basename "$workload")"
set +e
"$venv/bin/advisor" recommend "$workload" --format json > recommendation.json
code=$?
set -e
if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then echo "advisor recommend failed with exit $code" >&2; exit 1; fi
"$py" - recommendation.json <<'PY'
import json, sys

def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node

recommendation = json.load(open(sys.argv[1]))
sources = {s["provider"]: s for s in recommendation["catalog"]}
assert sources.get("neocloud", {}).get("offers", 0) > 0, f"no neocloud catalog: {sources.get('neocloud')}"
found = sorted({s for s in strings(recommendation["components"]) if s.startswith("neocloud:") and s.count(":") >= 3})
assert found, "no neocloud offer id among chosen, alternatives or excluded"
print(f"neocloud offers in the recommendation: {len(found)}, e.g. {found[0]}")
PY

echo "== example plugin: its own tests against the installed package"
"$py" -m pytest -q -p no:cacheprovider -c "$example/pyproject.toml" --rootdir "$example" "$example/tests"
echo "example plugin passed"
