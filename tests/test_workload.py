"""Workload files: valid ones load, bad ones name the file and key and say what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.errors import InputError
from advisor.inputs.tomlfile import load_model, read_toml
from advisor.model.workload import InferenceComponent, TrainingComponent, Workload

GOOD = """
[workload]
name = "support-assistant"

[data]
classes = ["pii"]
subjects = ["EU"]

[weights]
cost = 2
latency = 1
privacy = 1

[[components]]
name = "chat"
kind = "inference"
model = "llama-3-8b"
output_tokens_per_month = 157_000_000
slo = { ttft_ms_p95 = 800 }
users = [ { metro = "Frankfurt", share = 0.6 }, { metro = "Paris", share = 0.4 } ]

[[components]]
name = "tune"
kind = "fine-tune"
model = "llama-3-8b"
method = "lora"
training_tokens = 2e9
"""


def write(tmp_path: Path, text: str, name: str = "w.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputError) as err:
        load_model(Workload, write(tmp_path, text))
    assert err.value.exit_code == 2
    return err.value.problems


def test_valid_workload_loads_components_by_kind(tmp_path):
    workload, digest = load_model(Workload, write(tmp_path, GOOD))
    chat, tune = workload.components
    assert isinstance(chat, InferenceComponent) and chat.output_tokens_per_month == 157_000_000
    assert isinstance(tune, TrainingComponent) and tune.method == "lora"
    assert len(digest) == 64


def test_weights_are_normalised_and_missing_ones_count_as_zero(tmp_path):
    workload, _ = load_model(Workload, write(tmp_path, GOOD))
    assert workload.weights.normalised() == {"cost": 0.5, "latency": 0.25, "privacy": 0.25, "regulation": 0.0, "carbon": 0.0,
                                             "availability": 0.0}


def test_preset_weights_sum_to_one():
    from advisor.model.workload import Weights

    weights = Weights(preset="privacy-first").normalised()
    # 0.45 x 0.9: availability takes a tenth of every preset and the rest keep their proportions
    assert abs(sum(weights.values()) - 1) < 1e-9 and weights["privacy"] == pytest.approx(0.405)


def test_misspelled_key_is_named_with_a_suggestion(tmp_path):
    text = GOOD.replace("output_tokens_per_month = 157_000_000", "output_tokens_per_mont = 157_000_000\noutput_tokens_per_month = 1")
    assert problems(tmp_path, text) == ["components[0].output_tokens_per_mont: unknown key (did you mean 'output_tokens_per_month'?)"]


def test_misspelled_nested_key_in_inline_table(tmp_path):
    text = GOOD.replace("ttft_ms_p95 = 800", "ttft_ms_p59 = 800")
    assert problems(tmp_path, text) == ["components[0].slo.ttft_ms_p59: unknown key (did you mean 'ttft_ms_p95'?)"]


def test_wrong_type_names_the_key_and_value(tmp_path):
    text = GOOD.replace("output_tokens_per_month = 157_000_000", 'output_tokens_per_month = "lots"')
    [message] = problems(tmp_path, text)
    assert message.startswith("components[0].output_tokens_per_month: ") and "'lots'" in message


def test_negative_demand_is_refused(tmp_path):
    text = GOOD.replace("157_000_000", "-5")
    assert problems(tmp_path, text) == ["components[0].output_tokens_per_month: input should be greater than 0 (got -5)"]


def test_unknown_kind_lists_the_kinds(tmp_path):
    [message] = problems(tmp_path, GOOD.replace('kind = "inference"', 'kind = "inferense"'))
    assert message.startswith("components[0]: kind must be one of") and "'inferense'" in message
    assert message.endswith("got 'inferense' (did you mean 'inference'?)")


def test_unknown_data_class_suggests_the_right_one(tmp_path):
    [message] = problems(tmp_path, GOOD.replace('classes = ["pii"]', 'classes = ["publc"]'))
    assert message.startswith("data.classes[0]: expected one of") and "did you mean 'public'" in message


def test_broken_toml_gives_line_and_column(tmp_path):
    with pytest.raises(InputError) as err:
        read_toml(write(tmp_path, "[workload\nname = 1"))
    assert "not valid TOML" in str(err.value) and "line 1" in str(err.value) and str(tmp_path) in str(err.value)


def test_contradictory_provider_counts_are_refused(tmp_path):
    text = GOOD + "\n[constraints]\nmin_providers = 3\nmax_providers = 2\n"
    assert problems(tmp_path, text) == ["constraints: max_providers (2) is below min_providers (3)"]


def test_user_shares_must_add_up_to_one(tmp_path):
    [message] = problems(tmp_path, GOOD.replace("share = 0.4", "share = 0.3"))
    assert message == "components[0].users: user shares must add up to 1, they add up to 0.9"


def test_duplicate_component_names_are_refused(tmp_path):
    [message] = problems(tmp_path, GOOD.replace('name = "tune"', 'name = "chat"'))
    assert message == "(top level): two components are named 'chat'"


def test_non_utf8_file_is_refused_with_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[workload]\nname = "caf\xe9"\n')
    with pytest.raises(InputError) as err:
        read_toml(path)
    assert "line 2: not valid UTF-8" in str(err.value)


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * 2_000_000)
    with pytest.raises(InputError) as err:
        read_toml(path)
    assert "limit for an input file" in str(err.value)


def test_deeply_nested_table_is_refused(tmp_path):
    nested = "a = " + "[" * 40 + "]" * 40
    with pytest.raises(InputError) as err:
        read_toml(write(tmp_path, nested))
    assert "nest" in str(err.value)


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        read_toml(tmp_path / "nope.toml")
    assert str(err.value).endswith("nope.toml: file not found")
