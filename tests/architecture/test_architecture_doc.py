"""docs/architecture.md stays true: its package table lists the core's packages in layer order, and
its flow names the stage packages in the order ``pipeline.recommend`` calls them."""

from __future__ import annotations

import re
from pathlib import Path

from layers import LAYERS

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def doc_packages() -> list[str]:
    section = DOC.read_text(encoding="utf-8").split("## Packages, top to bottom", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([\w]+)` \|", section, re.M)


def test_the_doc_lists_every_package_in_layer_order():
    assert doc_packages() == [name for layer in LAYERS for name in layer]


def test_the_doc_flow_names_the_stages_in_pipeline_order():
    flow = DOC.read_text(encoding="utf-8").split("## The flow", 1)[1].split("\n## ", 1)[0]
    stages = re.findall(r"^\d+\. \*\*(\w+)\*\*", flow, re.M)
    assert stages == ["inputs", "catalog", "sizing", "costing", "rules", "criteria", "scoring", "placement",
                      "assembly", "render"]
