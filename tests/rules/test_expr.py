"""The condition language: operators, three-valued logic, and that unknowns never hide a decision."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.rules.expr import CompileError, compile_condition

COUNTRY = "venue.country"
CERTS = "venue.certifications"
LEVEL = "venue.privacy_level"


@pytest.mark.parametrize(
    ("test", "values", "expected"),
    [
        ({"attribute": COUNTRY, "operator": "eq", "value": "DE"}, {COUNTRY: "DE"}, True),
        ({"attribute": COUNTRY, "operator": "ne", "value": "DE"}, {COUNTRY: "DE"}, False),
        ({"attribute": COUNTRY, "operator": "in", "value": "@EEA"}, {COUNTRY: "NO"}, True),
        ({"attribute": COUNTRY, "operator": "not_in", "value": "@EU"}, {COUNTRY: "NO"}, True),
        ({"attribute": CERTS, "operator": "contains", "value": "c5"}, {CERTS: frozenset({"c5"})}, True),
        ({"attribute": CERTS, "operator": "intersects", "value": ["soc2", "c5"]}, {CERTS: frozenset()}, False),
        ({"attribute": CERTS, "operator": "eq", "value": ["soc2"]}, {CERTS: frozenset({"soc2"})}, True),
        ({"attribute": LEVEL, "operator": "ge", "value": 3}, {LEVEL: 3}, True),
        ({"attribute": LEVEL, "operator": "lt", "value_from": "workload.min_privacy_level"},
         {LEVEL: 2, "workload.min_privacy_level": 4}, True),
        ({"attribute": COUNTRY, "operator": "in", "value_from": "workload.residency"},
         {COUNTRY: "DE", "workload.residency": None}, None),
        ({"attribute": COUNTRY, "operator": "eq", "value": "DE"}, {}, None),
        ({"attribute": COUNTRY, "operator": "exists"}, {}, False),
        ({"attribute": COUNTRY, "operator": "exists", "value": False}, {}, True),
    ],
)
def test_each_operator_gives_the_expected_three_valued_result(test, values, expected):
    assert compile_condition(test).test(values) is expected


@pytest.mark.parametrize(
    ("tree", "expected"),
    [
        ({"all": [{"attribute": COUNTRY, "operator": "eq", "value": "DE"}, {"attribute": LEVEL, "operator": "ge", "value": 2}]}, None),
        ({"all": [{"attribute": COUNTRY, "operator": "eq", "value": "FR"}, {"attribute": LEVEL, "operator": "ge", "value": 2}]}, False),
        ({"any": [{"attribute": COUNTRY, "operator": "eq", "value": "DE"}, {"attribute": LEVEL, "operator": "ge", "value": 2}]}, True),
        ({"any": [{"attribute": COUNTRY, "operator": "eq", "value": "FR"}, {"attribute": LEVEL, "operator": "ge", "value": 2}]}, None),
        ({"not": {"attribute": LEVEL, "operator": "ge", "value": 2}}, None),
    ],
)
def test_unknown_propagates_unless_the_result_is_already_decided(tree, expected):
    assert compile_condition(tree).test({COUNTRY: "DE"}) is expected


def test_a_condition_lists_every_attribute_it_reads_once():
    tree = {"any": [{"attribute": COUNTRY, "operator": "eq", "value": "DE"},
                    {"not": {"attribute": COUNTRY, "operator": "in", "value_from": "workload.residency"}}]}
    assert compile_condition(tree).attributes == (COUNTRY, "workload.residency")


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"all": []}, "condition.all: expected a non-empty list"),
        ({"all": [{}], "any": []}, "'all' must be alone in its table"),
        ({"attribute": COUNTRY, "operator": "eq", "vlaue": "DE"}, "condition.vlaue: unknown key (did you mean 'value'?)"),
        ({"attribute": COUNTRY, "operator": "eq"}, "operator 'eq' needs 'value' or 'value_from'"),
        ({"attribute": COUNTRY, "operator": "in", "value": "DE"}, "needs a non-empty list or a named set"),
        ({"attribute": COUNTRY, "operator": "eq", "value": 3}, "venue.country holds str values, got 3"),
        ({"attribute": LEVEL, "operator": "lt", "value_from": COUNTRY}, "'lt' needs a number, venue.country is str"),
        ({"attribute": "venue.government", "operator": "eq", "value": "yes"}, "venue.government holds bool values"),
        ({"attribute": COUNTRY, "operator": "eq", "value": "DE", "value_from": COUNTRY}, "either 'value' or 'value_from'"),
        ("venue.country == 'DE'", "expected a table with all, any, not or attribute"),
    ],
)
def test_malformed_conditions_are_rejected_with_their_key_path(tree, message):
    with pytest.raises(CompileError) as err:
        compile_condition(tree)
    assert message in str(err.value)


# -- property: filling in missing data can never flip a decided result (Kleene monotonicity) ------

ATTRS = {COUNTRY: st.sampled_from(["DE", "US", "NO", "JP"]), LEVEL: st.integers(0, 6),
         CERTS: st.frozensets(st.sampled_from(["soc2", "c5", "hipaa_baa"]))}
LEAVES = st.one_of(
    st.builds(lambda v: {"attribute": COUNTRY, "operator": "in", "value": v}, st.sampled_from(["@EEA", "@EU", "@GDPR_ADEQUATE"])),
    st.builds(lambda v: {"attribute": COUNTRY, "operator": "eq", "value": v}, st.sampled_from(["DE", "US"])),
    st.builds(lambda v: {"attribute": LEVEL, "operator": "ge", "value": v}, st.integers(0, 6)),
    st.builds(lambda v: {"attribute": CERTS, "operator": "contains", "value": v}, st.sampled_from(["soc2", "c5"])),
)
TREES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(tree=TREES, full=st.fixed_dictionaries(ATTRS), hidden=st.sets(st.sampled_from(list(ATTRS))))
def test_a_decided_result_with_missing_data_holds_for_any_value_of_that_data(tree, full, hidden):
    partial = {k: v for k, v in full.items() if k not in hidden}
    test = compile_condition(tree).test
    decided = test(partial)
    if decided is not None:
        assert test(full) is decided
    assert test(full) is not None
