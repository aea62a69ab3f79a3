"""A catalog dated 2099, and one that claims live prices from catalog()."""

from datetime import UTC, datetime

from advisor.plugin import hookimpl
from advisor.plugin import Provider

from _offers import catalog


class Future(Provider):
    name = "future"
    kind = "cloud"

    def catalog(self, query):
        return catalog("future", as_of=datetime(2099, 1, 1, tzinfo=UTC))


class FakeLive(Provider):
    name = "fakelive"
    kind = "cloud"

    def catalog(self, query):
        return catalog("fakelive", source="live")


@hookimpl
def register_providers(register):
    register(Future())
    register(FakeLive())
