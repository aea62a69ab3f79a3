from __future__ import annotations

import pytest

from advisor.errors import InputError
from advisor.reference.models import active_param_count, kv_bytes_per_token, model_catalog, param_count

CAT = model_catalog()


@pytest.mark.parametrize("model,billions", [
    ("llama-3-8b", 8.03), ("llama-3-70b", 70.6), ("llama-2-7b", 6.74), ("llama-2-13b", 13.0), ("mistral-7b", 7.24),
    ("mixtral-8x7b", 46.7), ("qwen2.5-7b", 7.6), ("qwen2.5-14b", 14.7), ("qwen2.5-72b", 72.7), ("deepseek-v3", 671),
])
def test_parameter_counts_match_published_within_one_percent(model, billions):
    assert param_count(CAT.get(model)) / 1e9 == pytest.approx(billions, rel=0.01)


def test_moe_active_parameters():
    assert active_param_count(CAT.get("mixtral-8x7b")) / 1e9 == pytest.approx(12.9, rel=0.01)
    assert active_param_count(CAT.get("deepseek-v3")) / 1e9 == pytest.approx(37, rel=0.01)
    assert active_param_count(CAT.get("llama-3-8b")) == param_count(CAT.get("llama-3-8b"))


@pytest.mark.parametrize("model,kib", [
    ("llama-3-8b", 128), ("llama-3-70b", 320), ("llama-2-7b", 512), ("llama-2-13b", 800), ("qwen2.5-7b", 56),
    ("qwen2.5-14b", 192), ("qwen2.5-32b", 256), ("deepseek-v3", 68.625),
])
def test_kv_cache_per_token_fp16_including_mla(model, kib):
    assert kv_bytes_per_token(CAT.get(model), "fp16") / 1024 == pytest.approx(kib)


def test_llama2_13b_kv_at_2048_tokens_is_the_vllm_post_figure():
    assert kv_bytes_per_token(CAT.get("llama-2-13b"), "fp16") * 2048 / 1e9 == pytest.approx(1.68, abs=0.01)


def test_fp8_halves_the_kv_cache():
    spec = CAT.get("llama-3-8b")
    assert kv_bytes_per_token(spec, "fp8") * 2 == kv_bytes_per_token(spec, "bf16")


def test_aliases_and_did_you_mean():
    assert CAT.get("Llama-3.1-8B-Instruct").id == "llama-3-8b"
    with pytest.raises(InputError, match="did you mean 'qwen2.5-7b'"):
        CAT.require("qwen2.5-8b")
