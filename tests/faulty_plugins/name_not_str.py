"""A provider whose name is a number."""

from advisor import hookimpl
from advisor.provider import Provider


class Numbered(Provider):
    name = 42
    kind = "cloud"

    def catalog(self, query):
        raise AssertionError("never called")


@hookimpl
def register_providers(register):
    register(Numbered())
