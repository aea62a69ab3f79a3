"""The JSON Schema of a rule-pack file (``advisor schema rules``), for editors and pack generators.

Structure comes from the pydantic models; the condition tree, which the loader compiles by hand,
is described here as a recursive definition over the attribute vocabulary and operators.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from advisor.rules.expr import NAMED_SETS, OPERATORS
from advisor.rules.schema import PackMeta, RuleSpec
from advisor.rules.vocabulary import FREE_ATTRIBUTES, all_names


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SinglePackFile(_File):
    """One pack: ``[pack]`` and ``[[rules]]``."""

    pack: PackMeta
    rules: list[RuleSpec] = Field(min_length=1)


class PackWithRules(PackMeta):
    rules: list[RuleSpec] = Field(min_length=1)


class MultiPackFile(_File):
    """Several packs: ``[[packs]]`` each with ``[[packs.rules]]``."""

    packs: list[PackWithRules] = Field(min_length=1)


def _condition() -> dict[str, Any]:
    ref = {"$ref": "#/$defs/Condition"}
    group = {"type": "array", "minItems": 1, "items": ref}
    test = {
        "type": "object",
        "required": ["attribute", "operator"],
        "additionalProperties": False,
        "properties": {
            "attribute": {"anyOf": [{"enum": all_names()}, {"type": "string", "pattern": "^" + FREE_ATTRIBUTES.replace(".", "\\.") + ".+"}]},
            "operator": {"enum": list(OPERATORS)},
            "value": {"description": "A scalar, a list, or a named set: " + ", ".join("@" + n for n in NAMED_SETS)},
            "value_from": {"enum": all_names()},
        },
    }
    return {
        "description": "all / any / not of tests {attribute, operator, value | value_from}; see docs/rules.md.",
        "oneOf": [
            {"type": "object", "required": ["all"], "additionalProperties": False, "properties": {"all": group}},
            {"type": "object", "required": ["any"], "additionalProperties": False, "properties": {"any": group}},
            {"type": "object", "required": ["not"], "additionalProperties": False, "properties": {"not": ref}},
            test,
        ],
    }


def rule_pack_schema() -> dict[str, Any]:
    """JSON Schema of a pack file (either layout), with the condition language spelled out."""
    schema = TypeAdapter(SinglePackFile | MultiPackFile).json_schema()
    defs = schema.setdefault("$defs", {})
    defs["Condition"] = _condition()
    defs["RuleSpec"]["properties"]["condition"] = {"anyOf": [{"$ref": "#/$defs/Condition"}, {"type": "null"}], "default": None}
    schema["title"] = "advisor rule pack"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
