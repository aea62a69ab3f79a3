"""The contract suite fails each deliberately broken provider with a message naming the breach,
and reports (never crashes on) garbage."""

from __future__ import annotations

import itertools
import socket
import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from advisor.model.offers import Certification, Hardware, Offer, OfferQuery, Provenance, ProviderCatalog, Venue
from advisor.plugin.provider import LiveUnavailable, Provider
from advisor.testing import contract_problems, contract_report, refresh_problems

pytest_plugins = ["pytester"]

AS_OF = datetime(2026, 9, 1, tzinfo=UTC)
PROV = Provenance(source="snapshot", as_of=AS_OF, reference="https://prices.example/v1 (fixture)")


def good_venue(**changes) -> Venue:
    fields = dict(
        id="kitcloud:ams", provider="kitcloud", kind="cloud", region="ams", country="NL", metro="Amsterdam",
        latitude=52.37, longitude=4.90, host_trust="vetted_dc", tenancy="shared", operator_jurisdiction="NL",
        supports_log_export=True, pue=1.3, grid_kgco2e_per_kwh=0.328,
        certifications=(Certification(name="iso27001", source="https://trust.example", retrieved=date(2026, 9, 1)),),
    )
    fields.update(changes)
    return Venue(**fields)


def good_offer(price: str = "2.50", venue_id: str = "kitcloud:ams", sku: str = "1xl4") -> Offer:
    return Offer(
        id=f"{venue_id}:{sku}:on_demand", provider="kitcloud", venue_id=venue_id, sku=sku,
        hardware=Hardware(accelerator="L4", accelerator_count=1, accelerator_memory_gib=24),
        billing="on_demand", usd_per_hour=Decimal(price), provenance=PROV,
    )


class KitCloud(Provider):
    """A provider that keeps the contract; each broken one below changes one thing."""

    name = "kitcloud"
    kind = "cloud"

    def venues(self) -> tuple[Venue, ...]:
        return (good_venue(),)

    def offers(self) -> tuple[Offer, ...]:
        return (good_offer(),)

    def catalog(self, query: OfferQuery) -> ProviderCatalog:
        return ProviderCatalog.model_construct(provider=self.name, venues=self.venues(), offers=self.offers(), provenance=PROV)


class PricedAtZero(KitCloud):
    def offers(self):
        return (good_offer().model_copy(update={"usd_per_hour": None}), Offer.model_construct(
            **{**good_offer(sku="free").__dict__, "usd_per_hour": Decimal(0)}))


class NoReference(KitCloud):
    def offers(self):
        return (good_offer().model_copy(update={"provenance": Provenance.model_construct(source="snapshot", as_of=AS_OF, reference="")}),)


class NotDeterministic(KitCloud):
    calls = itertools.count(1)

    def offers(self):
        return (good_offer(price=f"{next(self.calls)}.00"),)


class OpensASocket(KitCloud):
    def catalog(self, query):
        try:  # a swallowed failure must still be caught
            socket.create_connection(("prices.example", 443), timeout=1)
        except Exception:
            pass
        return super().catalog(query)


class CallsAnApiWithHttpx(KitCloud):
    def catalog(self, query):
        try:
            httpx.get("https://prices.example/v1", timeout=1)
        except httpx.HTTPError:
            pass
        return super().catalog(query)


class OfferWithoutVenue(KitCloud):
    def offers(self):
        return (good_offer(), good_offer(venue_id="kitcloud:nowhere"))


class VenueWithoutCoordinates(KitCloud):
    def venues(self):
        data = {k: v for k, v in good_venue().__dict__.items() if k != "metro"}
        return (Venue.model_construct(**data),)


class VenueAtPlaceholderCoordinates(KitCloud):
    def venues(self):
        return (good_venue().model_copy(update={"latitude": 0.0, "longitude": 0.0}),)


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        (PricedAtZero(), "[prices] offer kitcloud:ams:free:on_demand: usd_per_hour is $0"),
        (NoReference(), "[provenance] offer kitcloud:ams:1xl4:on_demand: price without provenance reference"),
        (NotDeterministic(), "[deterministic] catalog() is not deterministic: two calls differ (changed: kitcloud:ams:1xl4:on_demand)"),
        (OpensASocket(), "[offline] catalog() opened a network connection: create_connection(('prices.example', 443))"),
        (CallsAnApiWithHttpx(), "[offline] catalog() opened a network connection: create_connection(('prices.example', 443)"),
        (OfferWithoutVenue(), "[offers] offer kitcloud:nowhere:1xl4:on_demand: venue 'kitcloud:nowhere' is not among the provider's venues"),
        (VenueWithoutCoordinates(), "[venues] venue kitcloud:ams: missing metro (the rules need them)"),
        (VenueAtPlaceholderCoordinates(), "[venues] venue kitcloud:ams: coordinates 0,0, a placeholder"),
    ],
    ids=["zero-price", "no-reference", "non-deterministic", "socket", "httpx", "offer-without-venue", "venue-without-metro",
         "venue-at-0-0"],
)
def test_each_broken_provider_fails_with_a_message_naming_the_breach(provider, expected):
    problems = contract_problems(provider)
    assert any(p.startswith(expected) for p in problems), problems
    assert len(problems) == 1, problems


def test_a_provider_that_keeps_the_contract_passes_strictly():
    assert contract_problems(KitCloud(), strict=True) == []


def test_unknown_venue_facts_are_warnings_that_strict_mode_fails():
    class Vague(KitCloud):
        def venues(self):
            return (good_venue(operator_jurisdiction=None, pue=None),)

    assert contract_problems(Vague()) == []
    assert contract_problems(Vague(), strict=True) == [
        "[venues] venue kitcloud:ams: operator_jurisdiction, pue unknown (rules will report UNKNOWN)"
    ]


def test_catalog_answering_with_live_prices_is_not_offline():
    class LiveInCatalog(KitCloud):
        def offers(self):
            return (good_offer().model_copy(update={"provenance": PROV.model_copy(update={"source": "live"})}),)

    assert contract_problems(LiveInCatalog()) == [
        "[offline] offer kitcloud:ams:1xl4:on_demand: catalog() gave provenance source 'live'; offline data is snapshot or user"
    ]


@pytest.mark.parametrize(
    ("catalog", "expected"),
    [
        (lambda self, q: None, "[catalog] catalog() returned NoneType, expected ProviderCatalog"),
        (lambda self, q: 1 / 0, "[catalog] catalog() raised ZeroDivisionError"),
        (lambda self, q: ProviderCatalog.model_construct(provider="kitcloud", venues=("ams",), offers=(42,), provenance=PROV),
         "[venues] venue 'ams': not a Venue"),
    ],
    ids=["none", "raises", "strings-and-numbers"],
)
def test_garbage_is_reported_never_crashes(catalog, expected):
    garbage = type("Garbage", (KitCloud,), {"catalog": catalog})()
    problems = contract_problems(garbage)
    assert problems[0].startswith(expected), problems


def test_a_provider_without_name_or_kind_is_reported():
    class Nameless:
        def catalog(self, query):
            return None

    problems = contract_problems(Nameless())
    assert problems[:2] == [
        "[catalog] provider name None must be lower-case letters, digits, '-' or '_'",
        "[catalog] provider kind None is not one of cloud, onprem, edge, depin, api",
    ]


def test_a_hanging_catalog_is_reported_after_the_timeout():
    release = threading.Event()

    class Hangs(KitCloud):
        def catalog(self, query):
            release.wait(10)
            return super().catalog(query)

    try:
        report = contract_report(Hangs(), timeout_s=0.05)
    finally:
        release.set()
    assert report.failures() == ["[catalog] catalog() did not return within 0.05s"]


class RefreshOverHttpx(KitCloud):
    def refresh(self, query, progress=None):
        httpx.get("https://prices.example/v1", timeout=1)
        raise AssertionError("unreachable: the network is down")


class RefreshSafely(KitCloud):
    def refresh(self, query, progress=None):
        try:
            httpx.get("https://prices.example/v1", timeout=1)
        except httpx.HTTPError as exc:
            raise LiveUnavailable(f"price API unreachable: {type(exc).__name__}") from None
        raise AssertionError("unreachable")


def test_refresh_letting_a_network_error_escape_is_a_breach():
    [problem] = refresh_problems(RefreshOverHttpx())
    assert problem.startswith("[refresh] refresh() with the network down raised ConnectError(")
    assert problem.endswith("raise LiveUnavailable instead")


def test_refresh_raising_live_unavailable_is_safe_and_so_is_the_default():
    assert refresh_problems(RefreshSafely()) == []
    assert refresh_problems(KitCloud()) == []


def test_refresh_conjuring_live_prices_without_network_is_a_breach():
    class Conjures(KitCloud):
        def refresh(self, query, progress=None):
            offer = good_offer().model_copy(update={"provenance": PROV.model_copy(update={"source": "live"})})
            return ProviderCatalog(provider="kitcloud", venues=self.venues(), offers=(offer,), provenance=PROV)

    assert refresh_problems(Conjures()) == [
        "[refresh] refresh() with the network down returned 1 'live' offer(s), e.g. kitcloud:ams:1xl4:on_demand"
    ]


def test_refresh_revealing_the_api_key_is_a_breach():
    class Leaky(KitCloud):
        def refresh(self, query, progress=None):
            import os

            raise LiveUnavailable(f"cannot reach the API with key {os.environ['KIT_API_KEY']}")

    assert refresh_problems(Leaky(), env={"KIT_API_KEY": "kit-secret-999"}) == [
        "[refresh] LiveUnavailable message reveals the value of KIT_API_KEY"
    ]


def test_provider_contract_class_runs_one_test_per_clause(pytester):
    pytester.makepyfile(
        test_kit="""
        import pytest
        from decimal import Decimal
        from advisor.model.offers import Offer
        from advisor.testing import ProviderContract

        from test_contract_suite import KitCloud, good_offer


        class ZeroPriced(KitCloud):
            def offers(self):
                return (Offer.model_construct(**{**good_offer().__dict__, "usd_per_hour": Decimal(0)}),)


        class TestGood(ProviderContract):
            strict = True

            @pytest.fixture
            def provider(self):
                return KitCloud()


        class TestZeroPriced(ProviderContract):
            @pytest.fixture
            def provider(self):
                return ZeroPriced()
        """
    )
    pytester.syspathinsert(str(__import__("pathlib").Path(__file__).parent))
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=15, failed=1)
    result.stdout.fnmatch_lines(["*usd_per_hour is $0*", "FAILED *TestZeroPriced::test_nothing_is_priced_at_zero*"])


def test_no_network_fixture_fails_a_test_whose_code_swallows_the_refusal(pytester):
    pytester.makepyfile(
        test_net="""
        import socket

        def test_swallows(no_network):
            try:
                socket.create_connection(("prices.example", 443))
            except Exception:
                pass
        """
    )
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*network access attempted: create_connection(('prices.example', 443))*"])
