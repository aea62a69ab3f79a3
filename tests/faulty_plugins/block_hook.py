"""Blocks for an hour in register_providers."""

import time

from advisor.plugin import hookimpl


@hookimpl
def register_providers(register):
    time.sleep(3600)
