"""A provider whose name property raises."""

from advisor.plugin import hookimpl
from advisor.plugin import Provider


class Nameless(Provider):
    kind = "cloud"

    @property
    def name(self):
        raise RuntimeError("no name today")

    def catalog(self, query):
        raise AssertionError("never called")


@hookimpl
def register_providers(register):
    register(Nameless())
