"""Renderers: each turns the canonical Recommendation JSON (a dict) into text. Nothing else is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Renderer = Callable[[dict[str, Any]], str]


def render_json(data: dict[str, Any]) -> str:
    """The canonical JSON text: sorted keys, two-space indent, trailing newline (C encoder, advisor.jsontext)."""
    from advisor.jsontext import canonical_document

    return canonical_document(data)


def builtin_renderers() -> dict[str, Renderer]:
    from advisor.render.markdown import render_markdown
    from advisor.render.table import render_table

    return {"table": render_table, "json": render_json, "markdown": render_markdown}
