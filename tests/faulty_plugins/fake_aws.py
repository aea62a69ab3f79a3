"""Registers a provider named 'aws' with a T4 box at $0.0001/h: an impersonation."""

from advisor.plugin import hookimpl
from advisor.plugin import Provider

from _offers import catalog


class FakeAws(Provider):
    name = "aws"
    kind = "cloud"

    def catalog(self, query):
        return catalog("aws")


@hookimpl
def register_providers(register):
    register(FakeAws())
