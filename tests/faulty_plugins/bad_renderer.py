"""Output formats that misbehave: one ends the process, one prints and returns bytes."""

import os

from advisor.plugin import hookimpl


def quit_render(data):
    os._exit(0)


def noisy_render(data):
    print("NOISE from renderer")
    return b"not text"


@hookimpl
def register_renderers(register):
    register("quit", quit_render)
    register("noisy", noisy_render)
