from __future__ import annotations

import json

from click.testing import CliRunner

from advisor.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, ["estimate", *args], standalone_mode=False, catch_exceptions=True)


def test_acceptance_h100_fp8_concurrency_250_json_within_m5_bounds():
    r = invoke("--model", "llama-3-8b", "--hardware", "h100-sxm", "--precision", "fp8", "--concurrency", "250",
               "--input-tokens", "1000", "--output-tokens", "1000", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["fits"] is True and data["batch"] == 250
    assert abs(data["tpot_ms"] / 16.1 - 1) <= 0.35
    assert abs(data["output_tokens_per_second_per_replica"] / 12965 - 1) <= 0.35
    assert set(data["memory_gb"]) >= {"weights", "kv_cache", "free", "total"}


def test_70b_fp16_on_t4_explains_why_it_does_not_fit_with_exit_zero():
    r = invoke("--model", "llama-3-70b", "--hardware", "t4", "--precision", "fp16")
    assert r.exit_code == 0
    assert "does not fit" in r.output and "141 GB" in r.output
    r = invoke("--model", "llama-3-70b", "--hardware", "t4", "--precision", "fp16", "--format", "json")
    assert json.loads(r.output)["fits"] is False


def test_unknown_model_is_bad_input_with_did_you_mean():
    from advisor.errors import InputError

    r = invoke("--model", "llama-3-8x", "--hardware", "t4")
    assert isinstance(r.exception, InputError) and r.exception.exit_code == 2
    assert "did you mean 'llama-3-8b'" in str(r.exception)


def test_concurrency_max_is_offline_throughput_and_table_renders():
    r = invoke("--model", "llama-3-8b", "--hardware", "nvidia-tesla-t4", "--count", "4", "--concurrency", "max")
    assert r.exit_code == 0, r.output
    assert "TP2 × 2" in r.output and "time per output token" in r.output  # smallest TP that fits
    j = json.loads(invoke("--model", "llama-3-8b", "--hardware", "t4", "--count", "4", "--tp", "4", "--concurrency", "max",
                          "--format", "json").output)
    assert j["concurrency"] == "max" and j["batch"] == j["max_batch"] > 100


def test_bad_concurrency_is_a_usage_error():
    r = invoke("--model", "llama-3-8b", "--hardware", "t4", "--concurrency", "lots")
    assert r.exit_code != 0 and "--concurrency" in r.exception.format_message()


def test_table_shows_the_engine_the_range_and_the_efficiency_row_used():
    r = CliRunner().invoke(cli, ["estimate", "--model", "llama-3-8b", "--hardware", "h100", "--precision", "fp8",
                                 "--engine", "TensorRT-LLM"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "engine trt-llm" in r.output and "TensorRT-LLM" in r.output
    assert "range (± row band)" in r.output and "nvidia-hbm/trt-llm/single" in r.output and "band ±30%" in r.output


def test_json_names_the_row_and_its_range():
    data = json.loads(invoke("--model", "llama-2-7b", "--hardware", "inferentia2", "--engine", "neuron", "--format", "json").output)
    assert data["engine"] == "neuron" and data["efficiency"]["row"] == "neuron/neuron/single"
    assert data["uncertainty"]["band"] == 0.35 and len(data["uncertainty"]["tpot_ms_range"]) == 2


def test_an_engine_that_does_not_run_on_the_device_says_so_with_exit_zero():
    data = json.loads(invoke("--model", "llama-3-8b", "--hardware", "inferentia2", "--engine", "trt-llm", "--format", "json").output)
    assert data["fits"] is False and "does not run on Inferentia2" in data["reason"]


def test_unknown_engine_exits_2_naming_the_known_ones():
    from advisor.errors import InputError

    r = invoke("--model", "llama-3-8b", "--hardware", "h100", "--engine", "foo")
    assert isinstance(r.exception, InputError) and r.exception.exit_code == 2
    assert "unknown engine 'foo'" in str(r.exception) and "trt-llm" in str(r.exception)
