"""Renderers: each turns the canonical Recommendation JSON (a dict) into text. Nothing else is read."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Renderer = Callable[[dict[str, Any]], str]


def render_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def builtin_renderers() -> dict[str, Renderer]:
    from advisor.render.markdown import render_markdown
    from advisor.render.table import render_table

    return {"table": render_table, "json": render_json, "markdown": render_markdown}
