"""advisor.jsontext writes the canonical JSON bytes json.dumps(indent=2) writes, through the C encoder."""

import json

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.jsontext import canonical, json_line

AWKWARD = {
    "": [], "a": {}, "b": [1, {}, [], [[]], {"c": []}], "quote\"}": "a\\\\\"{,", "é": ["[", "\\", "]", "\\\\"],
    "nested": {"x": [[1, 2], [3]], "y": {"z": {"w": None}}}, "t": True, "f": 1.5e-300, "n": -0.0,
    "emoji 🙂": "tab\there, newline\nthere, \u2028 and \x00", "comma,colon:": "{\"k\": [1, 2]}",
}


def reference(data):
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def test_canonical_text_equals_json_dumps_indent_2_on_awkward_strings_and_empty_containers():
    assert canonical(AWKWARD) == reference(AWKWARD)
    for value in ({}, [], "x", 1, None, [[[]]], [{}], {"a": [{}]}, ["\"", "\\\"", "\\\\", "\\"]):
        assert canonical(value) == reference(value)


def test_canonical_text_of_a_whole_recommendation_equals_json_dumps(tmp_path):
    from pathlib import Path

    golden = sorted((Path(__file__).parent / "golden").glob("*.json"))
    assert golden, "the golden recommendations are the realistic case"
    for path in golden:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert canonical(data) == reference(data), path.name


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),  # JSON has no NaN or Infinity
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_canonical_text_equals_json_dumps_on_any_json_value(value):
    assert canonical(value) == reference(value)


def test_a_json_line_is_compact_sorted_and_has_no_line_break():
    line = json_line({"b": "x\ny", "a": [1, {}], "é": 2})
    assert line == '{"a":[1,{}],"b":"x\\ny","é":2}'
    assert "\n" not in line


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_canonical_text_refuses_values_json_does_not_have(bad):
    with pytest.raises(ValueError, match="JSON compliant"):
        canonical({"usd_per_month": bad})


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=4), st.text(max_size=6),
       st.lists(json_values, max_size=5))
def test_a_document_encoded_item_by_item_equals_the_whole_documents_text(head, key, items):
    from advisor.jsontext import canonical_document_of

    assert canonical_document_of(head, key, iter(items)) == reference({**head, key: items}) + "\n"


def test_a_portfolio_recommendation_written_component_by_component_is_its_whole_canonical_text():
    from datetime import date
    from pathlib import Path

    from advisor.jsontext import canonical_document
    from advisor.pipeline import Options, recommend
    from advisor.plugin import Plugins

    examples = Path(__file__).resolve().parents[1] / "examples"
    rec = recommend([examples / "hybrid-clinic.toml", examples / "factory-floor.toml"], Plugins(),
                    Options(offline=True, as_of=date(2026, 11, 22)))
    assert len(rec.components) == 5
    assert rec.canonical_json() == canonical_document(rec.model_dump(mode="json"))
