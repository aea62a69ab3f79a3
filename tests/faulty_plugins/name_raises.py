"""A provider whose name property raises."""

from advisor import hookimpl
from advisor.provider import Provider


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
