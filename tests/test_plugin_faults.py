"""The faulty-plugin corpus (tests/faulty_plugins), each installed as a real distribution: every fault
is named (plugin and distribution), contained, and ends with the documented exit status.

Plugins that block or end the process run in a child process (``faulty.run_advisor``); the rest run
in-process through ``advisor.cli.main`` with the corpus directory first on the path.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from faulty import ROOT, install, run_advisor  # noqa: E402

from advisor.cli import main  # noqa: E402

SEED = str(ROOT / "examples" / "seed-llama3-8b.toml")
AS_OF = "2026-11-22"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """Install corpus modules (and only the named built-in plugins) for in-process runs."""

    def use(*modules: str, builtin: tuple[str, ...] = ("aws", "onprem", "api_hyperscalers")) -> Path:  # the seed allows bedrock
        site = install(tmp_path, *modules)
        monkeypatch.syspath_prepend(str(site))
        monkeypatch.setenv("ADVISOR_LOAD_PLUGINS", ",".join((*builtin, *modules)))
        monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("ADVISOR_PLUGIN_TIMEOUT", "2")
        return site

    return use


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out, out.err


def recommend_json(monkeypatch, capsys, *extra: str, workload: str = SEED) -> tuple[int, str, str]:
    return run(monkeypatch, capsys, "recommend", workload, "--offline", "--as-of", AS_OF, "--format", "json", *extra)


def seed_allowing(tmp_path: Path, *providers: str) -> str:
    """The seed workload with these (faulty) providers added to its allowed providers: a provider
    that every workload rules out is never asked for its catalog, so its faults would not show."""
    allowed = ", ".join(f'"{p}"' for p in ("aws", "onprem", "bedrock", *providers))
    path = tmp_path / "seed-allowing.toml"
    path.write_text(Path(SEED).read_text()
                    .replace('allowed_providers = ["aws", "onprem", "bedrock"]', f"allowed_providers = [{allowed}]")
                    .replace('sites_file = "sites.toml"', f'sites_file = "{Path(SEED).parent / "sites.toml"}"'))
    return str(path)


# -- 1. identity -----------------------------------------------------------------------------------


def test_a_second_aws_is_an_error_naming_both_distributions_and_cannot_replace_the_real_one(corpus, monkeypatch, capsys):
    corpus("fake_aws")
    code, out, err = recommend_json(monkeypatch, capsys)
    assert code == 2 and out == ""
    assert "provider 'aws' is registered by 2 plugins: aws from advisor-aws 0.1.0; fake_aws from evil-fake-aws 6.6.6" in err
    assert "ADVISOR_DISABLE_PLUGINS" in err


def test_plugins_still_answers_with_an_impostor_installed_and_names_it(corpus, monkeypatch, capsys):
    corpus("fake_aws")
    code, out, _ = run(monkeypatch, capsys, "plugins", "--json")
    listing = json.loads(out)
    assert code == 0
    assert {r["name"]: r["distribution"] for r in listing["plugins"]}["fake_aws"] == "evil-fake-aws"
    assert any("evil-fake-aws 6.6.6" in p["message"] and "advisor-aws 0.1.0" in p["message"] for p in listing["problems"])


def test_disabling_the_impostor_restores_the_real_aws_prices(corpus, monkeypatch, capsys):
    corpus("fake_aws")
    monkeypatch.setenv("ADVISOR_DISABLE_PLUGINS", "fake_aws")
    code, out, _ = recommend_json(monkeypatch, capsys)
    rec = json.loads(out)
    assert code == 0
    [aws] = [s for s in rec["catalog"] if s["provider"] == "aws"]
    assert aws["origin"] == "aws from advisor-aws 0.1.0"
    assert all(c["chosen"]["usd_per_month"] > 100 for c in rec["components"])  # no $0.0001/h box


def test_strict_messages_name_the_provider_with_its_distribution(corpus, monkeypatch, capsys, tmp_path):
    corpus("false_claims")
    code, out, err = recommend_json(monkeypatch, capsys, "--strict",
                                    workload=seed_allowing(tmp_path, "trustme", "unsourced"))
    assert code == 1 and out == ""
    assert "provider 'trustme' (false_claims from evil-false-claims 6.6.6): venue 'trustme:us-east-1' refused" in err


# -- 2. claims -------------------------------------------------------------------------------------


def test_false_trust_and_certificate_claims_are_refused_naming_the_plugin(corpus, monkeypatch, capsys, tmp_path):
    corpus("false_claims")
    code, out, _ = recommend_json(monkeypatch, capsys, workload=seed_allowing(tmp_path, "trustme", "unsourced"))
    rec = json.loads(out)
    assert code == 0
    sources = {s["provider"]: s for s in rec["catalog"]}
    assert sources["trustme"]["venues"] == 0 and sources["trustme"]["offers"] == 0
    assert "an anonymous-host (DePIN) venue cannot claim tenancy 'air_gapped'" in sources["trustme"]["problems"][0]
    assert sources["unsourced"]["problems"] == [
        "1 certification ignored (source is not an http(s) URL): unsourced:us-east-1:hipaa_baa"]
    assert any("provider 'trustme' (false_claims from evil-false-claims 6.6.6)" in w for w in rec["warnings"])


def test_hipaa_workload_never_lands_on_a_venue_whose_certificate_was_self_asserted(corpus, monkeypatch, capsys, tmp_path):
    corpus("false_claims", builtin=("aws",))
    phi = tmp_path / "phi.toml"
    phi.write_text(Path(SEED).read_text().replace('classes = ["internal"]', 'classes = ["phi"]')
                   .replace('subjects = ["US"]', 'subjects = ["US"]\n[regulation]\nregimes = ["hipaa"]')
                   .replace('allowed_providers = ["aws", "onprem", "bedrock"]', 'allowed_providers = ["aws", "unsourced", "trustme"]')
                   .replace('sites_file = "sites.toml"', ''))
    code, out, _ = run(monkeypatch, capsys, "recommend", str(phi), "--offline", "--as-of", AS_OF, "--format", "json")
    rec = json.loads(out)
    assert code == 0
    assert all(c["chosen"]["provider"] == "aws" for c in rec["components"])


def test_catalogs_from_the_future_or_claiming_live_prices_are_refused(corpus, monkeypatch, capsys, tmp_path):
    corpus("future_catalog")
    code, out, _ = recommend_json(monkeypatch, capsys, workload=seed_allowing(tmp_path, "future", "fakelive"))
    sources = {s["provider"]: s for s in json.loads(out)["catalog"]}
    assert code == 0
    assert sources["future"]["source"] == "failed" and "catalog dated 2099-01-01, after today" in sources["future"]["problems"][0]
    assert sources["fakelive"]["source"] == "failed" and "claims live prices" in sources["fakelive"]["problems"][0]


def test_plugins_cannot_redefine_built_in_hardware_or_models_but_may_add_their_own(corpus, monkeypatch, capsys):
    corpus("redefines_builtins")
    from advisor.cli.common import make_plugins
    from advisor.inputs.loading import load_catalogs

    plugins = make_plugins()
    catalogs = load_catalogs(plugins)
    assert catalogs.hardware.get("T4").vendor == "NVIDIA"
    assert catalogs.hardware.get("redefines_builtins:X1") is not None
    assert catalogs.models.get("llama-3-8b").layers == 32
    messages = [str(p) for p in plugins.problems]
    plugin = "plugin 'redefines_builtins' (evil-redefines-builtins 6.6.6)"
    assert any(f"{plugin} in register_hardware: hardware id 'T4' would redefine" in m for m in messages)
    assert any(f"{plugin} in register_models: model id 'llama-3-8b' would redefine" in m for m in messages)


# -- 3. isolation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["name_not_str", "name_raises"])
def test_a_provider_with_a_bad_name_is_named_and_the_others_answer(corpus, monkeypatch, capsys, module):
    corpus(module)
    code, out, _ = recommend_json(monkeypatch, capsys)
    rec = json.loads(out)
    assert code == 0 and rec["components"][0]["chosen"]
    dist = f"evil-{module.replace('_', '-')} 6.6.6"
    assert any(f"plugin '{module}' ({dist}) in register_providers" in w and "provider refused" in w for w in rec["warnings"])


def test_sys_exit_in_a_hook_is_refused_and_named(corpus, monkeypatch, capsys):
    corpus("exit_in_hook")
    code, out, _ = recommend_json(monkeypatch, capsys)
    assert code == 0
    assert "plugin 'exit_in_hook' (evil-exit-in-hook 6.6.6) in register_providers: called sys.exit(0) (refused)" in json.loads(out)["warnings"]


def test_a_plugins_print_never_reaches_json_output(corpus, monkeypatch, capsys, tmp_path):
    corpus("prints")
    code, out, err = recommend_json(monkeypatch, capsys, workload=seed_allowing(tmp_path, "chatty"))
    assert code == 0
    assert json.loads(out)["workloads"] == ["seed-llama3-8b"]  # stdout is exactly the document
    assert "NOISE" not in out and "NOISE from catalog" in err


def test_a_provider_every_workload_rules_out_is_never_asked_for_its_catalog(corpus, monkeypatch, capsys):
    corpus("prints")  # the seed allows aws, onprem and bedrock only: 'chatty' prints when its catalog is called
    code, out, err = recommend_json(monkeypatch, capsys)
    assert code == 0
    assert "NOISE from catalog" not in err
    sources = {s["provider"]: s for s in json.loads(out)["catalog"]}
    assert sources["chatty"]["source"] == "skipped" and sources["chatty"]["offers"] == 0
    assert sources["chatty"]["skipped"] == "ruled out by the workload's constraints.allowed_providers"
    assert "skipped" not in sources["aws"]  # the field is there only for skipped providers


def test_a_missing_rule_pack_is_named_and_recommend_still_runs(corpus, monkeypatch, capsys):
    corpus("missing_rules")
    code, out, _ = recommend_json(monkeypatch, capsys)
    assert code == 0
    assert any("plugin 'missing_rules' (evil-missing-rules 6.6.6) in register_rule_packs: rule pack /nonexistent/advisor-rules-pack does not exist" in w
               for w in json.loads(out)["warnings"])


def test_a_missing_rule_pack_fails_strict_naming_the_plugin(corpus, monkeypatch, capsys):
    corpus("missing_rules")
    code, _, err = recommend_json(monkeypatch, capsys, "--strict")
    assert code == 1 and "plugin 'missing_rules' (evil-missing-rules 6.6.6) in register_rule_packs" in err


def test_os_exit_in_a_provider_cannot_end_recommend_with_status_0_and_empty_output(tmp_path):
    site = install(tmp_path, "hard_exit")
    seed = seed_allowing(tmp_path, "quitter")
    done = run_advisor(site, "recommend", seed, "--offline", "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    rec = json.loads(done.stdout)
    [quitter] = [s for s in rec["catalog"] if s["provider"] == "quitter"]
    assert quitter["problems"] == ["called os._exit(0) (refused: a plugin may not end the process)"]
    strict = run_advisor(site, "recommend", seed, "--offline", "--as-of", AS_OF, "--strict")
    assert strict.returncode == 1 and strict.stdout == ""
    assert "provider 'quitter' (hard_exit from evil-hard-exit 6.6.6): called os._exit(0)" in strict.stderr


@pytest.mark.parametrize("module", ["block_import", "block_hook"])
def test_a_blocking_plugin_cannot_hang_plugins_or_recommend(tmp_path, module):
    site = install(tmp_path, module)
    env = {"ADVISOR_PLUGIN_TIMEOUT": "1"}
    started = time.monotonic()
    listed = run_advisor(site, "plugins", "--json", env=env, timeout=60)
    assert listed.returncode == 0
    [problem] = [p for p in json.loads(listed.stdout)["problems"] if p["plugin"] == module]
    assert "did not return within 1 s" in problem["message"]
    done = run_advisor(site, "recommend", SEED, "--offline", "--as-of", AS_OF, "--format", "json", env=env, timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)["components"][0]["chosen"]
    assert time.monotonic() - started < 50  # bounded, not an hour


def test_a_provider_name_that_blocks_is_abandoned_and_named(corpus, monkeypatch, capsys):
    corpus("slow_name")
    started = time.monotonic()
    code, out, _ = recommend_json(monkeypatch, capsys)
    assert code == 0 and time.monotonic() - started < 25
    assert any("plugin 'slow_name' (evil-slow-name 6.6.6) in register_providers: reading the provider's name or kind: "
               "did not return within 2 s" in w for w in json.loads(out)["warnings"])


@pytest.mark.parametrize(("fmt", "said"), [("quit", "called os._exit(0) (refused"), ("noisy", "returned bytes, expected text")])
def test_a_plugin_renderer_that_misbehaves_is_named_and_exits_1(corpus, monkeypatch, capsys, fmt, said):
    corpus("bad_renderer")
    code, out, err = run(monkeypatch, capsys, "recommend", SEED, "--offline", "--as-of", AS_OF, "--format", fmt)
    assert code == 1 and out == ""
    assert f"the renderer of --format {fmt} (a plugin's) " in err and said in err
