"""Renderers: each turns the canonical Recommendation JSON (a dict) into text. Nothing else is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Renderer = Callable[[dict[str, Any]], str]


def render_json(data: dict[str, Any]) -> str:
    """The canonical JSON text: sorted keys, two-space indent, trailing newline (C encoder, advisor.jsontext)."""
    from advisor.jsontext import canonical_document

    return canonical_document(data)


def render_table(data: dict[str, Any]) -> str:
    """The terminal table (imports rich only when a table is asked for)."""
    from advisor.render.table import render_table as render

    return render(data)


def render_markdown(data: dict[str, Any]) -> str:
    """The Markdown page (imported only when asked for)."""
    from advisor.render.markdown import render_markdown as render

    return render(data)


def render_csv(data: dict[str, Any]) -> str:
    """One row per option shown, for spreadsheets (imported only when asked for)."""
    from advisor.render.csv import render_csv as render

    return render(data)


def builtin_renderers() -> dict[str, Renderer]:
    return {"table": render_table, "json": render_json, "markdown": render_markdown, "csv": render_csv}
