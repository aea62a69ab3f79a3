"""Entry point of the depin plugin: registers its provider through the advisor hooks."""

from __future__ import annotations

ADVISOR_HOOK_API = 1
