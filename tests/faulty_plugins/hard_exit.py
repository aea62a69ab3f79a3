"""A provider that ends the process with status 0 from catalog()."""

import os

from advisor.plugin import hookimpl
from advisor.plugin import Provider


class Quitter(Provider):
    name = "quitter"
    kind = "cloud"

    def catalog(self, query):
        os._exit(0)


@hookimpl
def register_providers(register):
    register(Quitter())
