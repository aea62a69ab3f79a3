"""Recognisable fake credentials in the environment never appear in any output, report, cache file
or message, whichever path the text took (plugin exception, provenance reference, refresh output,
a plugin's own print)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from faulty import ROOT, install  # noqa: E402

from advisor.cli import main  # noqa: E402

SECRETS = {
    "AWS_ACCESS_KEY_ID": "AKIAFAKEKEY0123456789"[:20],
    "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEFAKEsessionTOKEN0123456789abcdef",
    "AZURE_CLIENT_SECRET": "Zx8Q~fakeAzureClientSecret0123456789",
}
SIGNATURE = "c2VjcmV0LXNpZ25hdHVyZQ"
SEED = str(ROOT / "examples" / "seed-llama3-8b.toml")


def leaks(text: str) -> list[str]:
    return [name for name, value in {**SECRETS, "sig": SIGNATURE}.items() if value in text]


@pytest.fixture
def leaky(tmp_path, monkeypatch):
    site = install(tmp_path, "leaky")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("ADVISOR_LOAD_PLUGINS", "aws,onprem,api_hyperscalers,leaky")  # the seed example allows aws, onprem, bedrock
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return info.value.code or 0, out.out + out.err


def test_the_fake_key_id_is_recognised_by_its_shape_alone():
    from advisor.redact import redact

    assert SECRETS["AWS_ACCESS_KEY_ID"].startswith("AKIA") and len(SECRETS["AWS_ACCESS_KEY_ID"]) == 20
    assert redact(f"key {SECRETS['AWS_ACCESS_KEY_ID']} denied") == "key *** denied"
    assert redact("X-Amz-Security-Token: abcdefgh12345678") == "X-Amz-Security-Token: ***"
    assert redact("AZURE_CLIENT_SECRET=abcdefgh12345678") == "AZURE_CLIENT_SECRET=***"
    assert redact("https://x.test/p?api_key=k123&sig=s%2B1&region=us") == "https://x.test/p?api_key=***&sig=***&region=us"


def test_no_credential_reaches_any_output_report_or_cache_file(leaky, monkeypatch, capsys):
    out_dir = leaky / "out"
    out_dir.mkdir()
    texts: dict[str, str] = {}
    runs = {
        "refresh": ["prices", "refresh"],
        "recommend-json": ["recommend", SEED, "--as-of", "2026-11-22", "--format", "json"],
        "recommend-table": ["recommend", SEED, "--as-of", "2026-11-22"],
        "recommend-markdown": ["recommend", SEED, "--as-of", "2026-11-22", "--format", "markdown"],
        "recommend-file": ["recommend", SEED, "--as-of", "2026-11-22", "--format", "json", "-o", str(out_dir / "rec.json")],
        "report-html": ["report", SEED, "--as-of", "2026-11-22", "-o", str(out_dir / "review.html")],
        "report-md": ["report", SEED, "--as-of", "2026-11-22", "-o", str(out_dir / "review.md")],
        "show-json": ["prices", "show", "--format", "json"],
        "show-table": ["prices", "show", "--provider", "leakref"],
        "status-json": ["prices", "status", "--format", "json"],
        "status-table": ["prices", "status"],
        "strict": ["recommend", SEED, "--as-of", "2026-11-22", "--strict"],
    }
    for label, args in runs.items():
        code, text = run(monkeypatch, capsys, *args)
        texts[label] = text
        assert code in (0, 1), (label, text)
    assert "leakref" in texts["status-json"] and "leaky" in texts["refresh"]  # the faults are reported...
    assert "api_key=***" in texts["recommend-json"] or "api_key=***" in texts["show-json"]
    files = [p for p in [*out_dir.rglob("*"), *(leaky / "cache").rglob("*")] if p.is_file()]
    assert any(p.name.startswith("catalog.sqlite3") for p in files)
    for path in files:
        texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    found = {label: leaks(text) for label, text in texts.items() if leaks(text)}
    assert found == {}  # ...and no credential anywhere
