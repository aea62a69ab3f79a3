"""Prints to stdout at import, in its hook and in catalog()."""

from advisor.plugin import hookimpl
from advisor.plugin import Provider

from _offers import catalog

print("NOISE from import")


class Chatty(Provider):
    name = "chatty"
    kind = "cloud"

    def catalog(self, query):
        print("NOISE from catalog")
        return catalog("chatty", price="9.99")


@hookimpl
def register_providers(register):
    print("NOISE from hook")
    register(Chatty())
