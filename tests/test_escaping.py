"""Text from workload files and plugins is escaped for its medium: no raw HTML, image or link in
Markdown, no forged table line, no terminal escape sequence on stdout."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from advisor import hookimpl
from advisor.cli import common, main
from advisor.model.offers import Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, Venue
from advisor.plugin.manager import Plugins
from advisor.plugin.provider import Provider
from advisor.render.escape import markdown_inline, one_line, stream_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import AS_OF  # noqa: E402

OSC = "\x1b]0;owned\x07"
SKU = "<img src=x onerror=alert(1)>\n| forged | row |"
REFERENCE = "[click](javascript:alert(1)) ![x](https://evil.test/pixel.png)"
WORKLOAD = '''
[workload]
name = "<script>alert(1)</script>\\n| fake | line |\\u001b]0;title\\u0007"
description = "![tracker](https://evil.test/t.png) [x](javascript:alert(1))"
[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
output_tokens_per_month = 200_000_000
users = [ { metro = "Frankfurt", share = 1.0 } ]
'''


class Hostile(Provider):
    name = "hostile"
    kind = "cloud"

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        prov = Provenance(source="snapshot", as_of=AS_OF, reference=REFERENCE)
        venue = Venue(id="hostile:fra", provider="hostile", kind="cloud", region=f"fra{OSC}", name=f"Frankfurt{OSC}",
                      country="DE", metro="Frankfurt", latitude=50.1, longitude=8.7, host_trust="hyperscaler_dc")
        offer = Offer(id="hostile:fra:l4:on_demand", provider="hostile", venue_id=venue.id, sku=SKU,
                      hardware=Hardware(accelerator="L4", accelerator_count=4, accelerator_memory_gib=24, vcpus=48, memory_gib=192),
                      billing="on_demand", usd_per_hour=Decimal("3.40"), provenance=prov)
        return ProviderCatalog(provider="hostile", venues=(venue,), offers=(offer,), provenance=prov)


class HostilePlugin:
    @hookimpl
    def register_providers(self, register):
        register(Hostile())


@pytest.fixture
def hostile(tmp_path, monkeypatch) -> Path:
    plugins = Plugins(load_entry_points=False)
    plugins.register(HostilePlugin(), name="hostile-plugin")
    monkeypatch.setattr(common, "make_plugins", lambda: plugins)
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "w.toml"
    path.write_text(WORKLOAD)
    return path


def run(monkeypatch, capsys, *args: str) -> str:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    with pytest.raises(SystemExit) as info:
        main()
        raise SystemExit(0)
    out = capsys.readouterr()
    assert (info.value.code or 0) == 0, out.err
    return out.out


def assert_inert_markdown(text: str) -> None:
    assert "<script" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)!?\[[^\]]*(?<!\\)\]\((javascript|https?):", text)  # no live link or image
    assert "\x1b" not in text and "\x07" not in text
    assert not any(line.startswith("| fake") or line.startswith("| forged") for line in text.splitlines())


def test_recommend_markdown_escapes_user_and_plugin_strings(hostile, monkeypatch, capsys):
    text = run(monkeypatch, capsys, "recommend", str(hostile), "--offline", "--as-of", "2026-11-01", "--format", "markdown")
    assert_inert_markdown(text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown, not executed
    assert "&lt;img src=x onerror=alert(1)&gt; \\| forged \\| row \\|" in text


def test_markdown_report_escapes_links_images_and_html(hostile, monkeypatch, capsys, tmp_path):
    run(monkeypatch, capsys, "report", str(hostile), "--offline", "--as-of", "2026-11-01", "-o", str(tmp_path / "review.md"))
    text = (tmp_path / "review.md").read_text()
    assert_inert_markdown(text)
    assert "where to run &lt;script&gt;alert(1)&lt;/script&gt; \\| fake \\| line" in text


def test_a_teams_own_markdown_template_is_escaped_even_without_the_md_filter(hostile, monkeypatch, capsys, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text("{{ r.workloads[0] }}\n{% for s in r.catalog %}{{ s.reference }}\n{% endfor %}")
    run(monkeypatch, capsys, "report", str(hostile), "--offline", "--as-of", "2026-11-01", "-o", str(tmp_path / "review.md"),
        "--template", str(templates))
    text = (tmp_path / "review.md").read_text()
    assert_inert_markdown(text)
    assert "\\[click\\](javascript:alert(1)) !\\[x\\](https://evil.test/pixel.png)" in text


def test_terminal_output_never_carries_an_escape_sequence(hostile, monkeypatch, capsys):
    text = run(monkeypatch, capsys, "recommend", str(hostile), "--offline", "--as-of", "2026-11-01")
    assert "\x1b" not in text and "\x07" not in text
    assert "fra\\x1b]0;owned\\x07" in text  # visible, so the reader sees what the plugin sent
    first = text.splitlines()[0]
    assert "<script>alert(1)</script> | fake | line |" in first  # the name's newline did not start a new line


def test_prices_show_table_and_plugins_output_escape_plugin_strings(hostile, monkeypatch, capsys):
    import advisor.cli.prices as prices_cli

    monkeypatch.setattr(prices_cli, "make_plugins", common.make_plugins)
    monkeypatch.setenv("COLUMNS", "300")  # wide enough that no cell folds: the escaped sequence reads whole
    text = run(monkeypatch, capsys, "prices", "show", "--offline")
    assert "\x1b" not in text and "\\x1b]0;owned" in text


def test_escape_helpers_cover_each_medium():
    assert one_line("a\nb\r\nc\x1b[2Jd") == "a b c\\x1b[2Jd"
    assert markdown_inline("x](javascript:y) <b> \\[") == "x\\](javascript:y) &lt;b&gt; \\\\\\["
    assert stream_text("\x1b[1mbold\x1b[0m \x1b]8;;https://evil\x07link") == "\x1b[1mbold\x1b[0m \\x1b]8;;https://evil\\x07link"
    assert stream_text("\u202eevil") == "\\u202eevil"
