"""A provider whose name is a number."""

from advisor.plugin import hookimpl
from advisor.plugin import Provider


class Numbered(Provider):
    name = 42
    kind = "cloud"

    def catalog(self, query):
        raise AssertionError("never called")


@hookimpl
def register_providers(register):
    register(Numbered())
