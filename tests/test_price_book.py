"""The user's price book: negotiated discounts and private prices applied as ``source: user``, named
on every price they change, able to change a recommendation (and saying so); totals in another
currency at the user's dated rate; bad books exit 2 naming the file and key."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog_fakes import offer, venue  # noqa: E402

from advisor.cli import main  # noqa: E402
from advisor.errors import InputError  # noqa: E402
from advisor.inputs.price_book import PriceBook, apply_price_book, currency_rate, load_price_book  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-llama3-8b.toml"
ON = date(2026, 11, 22)

EDP = """
[[entry]]
id = "aws-edp-g4dn"
provider = "aws"
family = "g4dn"
billing = "reserved"
commitment_months = 12
discount_percent = 80
agreed_by = "AWS Enterprise Discount Program, signed by procurement (J. Doe)"
agreed_on = 2026-09-01
valid_until = 2027-08-31
reference = "contract EDP-2026-114"

[currency]
code = "EUR"
per_usd = 0.9215
as_of = 2026-11-20
source = "ECB euro reference rate of 2026-11-20 as entered by finance"
"""


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))


def book_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "price-book.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["advisor", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def _book(*entries: str) -> str:
    return "\n".join(f"[[entry]]\nagreed_by = \"procurement\"\nagreed_on = 2026-01-01\n{e}\n" for e in entries)


def test_discount_and_private_price_are_user_prices_naming_the_entry_and_the_list_price(tmp_path):
    book = load_price_book(book_file(tmp_path, _book('id = "ten-off"\nprovider = "p"\ndiscount_percent = 10',
                                                     'id = "gpu2-private"\nprovider = "p"\nsku = "gpu2"\nusd_per_hour = 2.25')))
    offers = [offer("p", "gpu1", "1.50"), offer("p", "gpu2", "3.00"), offer("p", "gpu3", None), offer("q", "gpu1", "1.50")]
    out, changed = apply_price_book(offers, {"p:r1": venue("p"), "q:r1": venue("q")}, book, ON)
    by_id = {o.id: o for o in out}
    gpu1, gpu2 = by_id["p:r1:gpu1:on_demand"], by_id["p:r1:gpu2:on_demand"]
    assert (gpu1.usd_per_hour, gpu1.provenance.source, gpu1.attributes["price_book_entry"]) == (Decimal("1.35"), "user", "ten-off")
    assert gpu1.provenance.reference.startswith(f"{tmp_path / 'price-book.toml'}: price book entry 'ten-off': 10% off the list price, agreed by procurement on 2026-01-01; replaces list price $1.50/h, snapshot 2026-05-01")
    assert (gpu2.usd_per_hour, gpu2.attributes["list_usd_per_hour"]) == (Decimal("2.25"), "3.00")  # the more specific entry wins
    assert by_id["p:r1:gpu3:on_demand"].usd_per_hour is None  # a discount on an unknown price stays unknown
    assert by_id["q:r1:gpu1:on_demand"].provenance.source == "snapshot"
    assert changed == {"ten-off": 1, "gpu2-private": 1}


def test_entries_apply_only_between_agreed_on_and_valid_until(tmp_path):
    book = load_price_book(book_file(tmp_path, _book('id = "later"\nprovider = "p"\ndiscount_percent = 10\nvalid_until = 2026-06-30')))
    assert apply_price_book([offer("p")], {"p:r1": venue("p")}, book, date(2026, 7, 1))[1] == {"later": 0}
    assert apply_price_book([offer("p")], {"p:r1": venue("p")}, book, date(2025, 12, 31))[1] == {"later": 0}
    assert apply_price_book([offer("p")], {"p:r1": venue("p")}, book, date(2026, 3, 1))[1] == {"later": 1}


def test_two_equally_specific_entries_matching_one_offer_are_refused(tmp_path):
    book = load_price_book(book_file(tmp_path, _book('id = "by-sku"\nprovider = "p"\nsku = "gpu1"\ndiscount_percent = 10',
                                                     'id = "by-region"\nprovider = "p"\nregion = "r1"\ndiscount_percent = 20')))
    with pytest.raises(InputError, match="entries 'by-sku', 'by-region' match offer p:r1:gpu1:on_demand equally specifically"):
        apply_price_book([offer("p")], {"p:r1": venue("p")}, book, ON)


@pytest.mark.parametrize(("text", "expected"), [
    (_book('id = "x"\nprovider = "aws"'), "give exactly one of discount_percent (e.g. 18) or usd_per_hour"),
    (_book('id = "x"\nprovider = "aws"\ndiscount_percent = 120'), "entry[0].discount_percent"),
    (_book('id = "x"\nprovider = "aws"\nusd_per_hour = 0'), "entry[0].usd_per_hour"),
    (_book('id = "x"\nprovider = "aws"\ndiscount_percent = 5', 'id = "x"\nprovider = "aws"\nsku = "a"\ndiscount_percent = 5'), "entry[1].id 'x' is used twice"),
    ('[[entry]]\nid = "x"\nprovider = "aws"\ndiscount_percent = 5\n', "entry[0].agreed_by"),
    ('[currency]\ncode = "euro"\nper_usd = 0.9\nas_of = 2026-11-20\nsource = "ECB"\n', "currency.code"),
])
def test_a_bad_price_book_exits_2_naming_the_file_and_the_key(monkeypatch, capsys, tmp_path, text, expected):
    path = book_file(tmp_path, text)
    code, _, err = run(monkeypatch, capsys, "recommend", str(SEED), "--offline", "--as-of", "2026-11-22", "--price-book", str(path))
    assert code == 2
    assert f"{path}" in err and expected in err
    assert "Traceback" not in err


def test_the_price_book_changes_the_recommendation_and_the_output_says_so(monkeypatch, capsys, tmp_path):
    args = ("recommend", str(SEED), "--offline", "--as-of", "2026-11-22", "--format", "json")
    code, before, _ = run(monkeypatch, capsys, *args)
    assert code == 0
    # without the book the seed goes to Bedrock at $282.60/month (628 M in x $0.30/M + 157 M out x $0.60/M), ahead of
    # one inf2.xlarge reserved ($0.47767/h x 730 h = $348.70); 90 % off the g4dn reserved list price
    # ($2.465/h -> $0.2465/h, $179.94/month at 730 h) undercuts both, so the book moves the decision to that row
    assert json.loads(before)["components"][0]["chosen"]["provider"] == "bedrock"
    path = book_file(tmp_path, EDP.replace("discount_percent = 80", "discount_percent = 90"))
    code, after, _ = run(monkeypatch, capsys, *args, "--price-book", str(path))
    assert code == 0
    data = json.loads(after)
    chosen = data["components"][0]["chosen"]
    assert (chosen["provider"], chosen["offer_id"]) == ("aws", "aws:us-east-1:g4dn.12xlarge:reserved:1yr-no-upfront")
    assert chosen["price"]["source"] == "user" and chosen["usd_per_month"] == round(2.465 * 0.10 * 730, 2) == 179.94
    assert "price book entry 'aws-edp-g4dn': 90% off the list price, agreed by AWS Enterprise Discount Program" in chosen["price"]["reference"]
    assert any("entry 'aws-edp-g4dn' changed" in w and "(source: user)" in w for w in data["warnings"])
    code, table, _ = run(monkeypatch, capsys, "recommend", str(SEED), "--offline", "--as-of", "2026-11-22", "--price-book", str(path))
    words = " ".join(table.split())
    assert "$0.2465/h reserved, user 2026-09-01 (" in words and ": price book entry 'aws-edp-g4dn': 90% off the list price" in words


def test_totals_in_the_currency_asked_for_at_the_dated_rate(monkeypatch, capsys, tmp_path):
    path = book_file(tmp_path, EDP)
    code, out, _ = run(monkeypatch, capsys, "recommend", str(SEED), "--offline", "--as-of", "2026-11-22", "--price-book", str(path),
                       "--currency", "EUR", "--format", "json")
    assert code == 0
    data = json.loads(out)
    cur = data["currency"]
    expected = float((Decimal(str(data["plan"]["total_usd_per_month"])) * Decimal("0.9215")).quantize(Decimal("0.01")))
    assert (cur["code"], cur["per_usd"], cur["as_of"], cur["total_per_month"]) == ("EUR", "0.9215", "2026-11-20", expected)
    code, table, _ = run(monkeypatch, capsys, "recommend", str(SEED), "--offline", "--as-of", "2026-11-22", "--price-book", str(path),
                         "--currency", "EUR")
    assert f"(EUR {expected:,.2f}/month at 0.9215 EUR per USD, as of 2026-11-20, ECB euro reference rate" in " ".join(table.split())


def test_a_currency_without_a_given_rate_is_an_input_error_saying_where_to_give_it():
    with pytest.raises(InputError, match=r"--currency GBP: no exchange rate given; add to --price-book FILE with \[currency\]"):
        currency_rate(None, "gbp")
    assert currency_rate(PriceBook("b.toml", ()), "USD") is None
