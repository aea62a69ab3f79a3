"""Property tests: whatever a workload file holds, loading ends in a workload or an InputError."""

from __future__ import annotations

import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import InputError
from advisor.inputs.tomlfile import validate
from advisor.model.workload import Workload

KEYS = ["workload", "name", "components", "kind", "model", "output_tokens_per_month", "data", "classes", "slo",
        "ttft_ms_p95", "users", "metro", "share", "weights", "cost", "constraints", "max_providers", "min_providers",
        "training_tokens", "method", "precision", "peak_to_average", "residency", "regimes", "nmae", "knd"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                    st.text(max_size=20), st.sampled_from(["inference", "fine-tune", "llama-3-8b", "pii", "lora", "EU"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=25)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_table_validates_or_raises_input_error_with_key_paths(doc):
    try:
        validate(Workload, doc, "w.toml")
    except InputError as err:
        assert err.exit_code == 2 and err.problems
        assert all(isinstance(p, str) and ": " in p for p in err.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_is_refused_cleanly(text):
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    try:
        validate(Workload, data, "w.toml")
    except InputError:
        pass
