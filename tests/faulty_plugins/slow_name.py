"""A provider whose name property blocks (30 s): reading it is bounded like a hook."""

import time

from advisor.plugin import hookimpl
from advisor.plugin import Provider


class Slow(Provider):
    kind = "cloud"

    @property
    def name(self):
        time.sleep(30)
        return "slow"

    def catalog(self, query):
        raise AssertionError("never called")


@hookimpl
def register_providers(register):
    register(Slow())
