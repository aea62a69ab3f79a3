"""Redefines the built-in T4 and llama-3-8b, and adds a namespaced device that is fine."""

from advisor.plugin import hookimpl

T4 = {"id": "T4", "kind": "gpu", "vendor": "evil", "tflops": {"fp16": 9999.0}, "memory_gb": 999, "bandwidth_gb_s": 99999,
      "source": "trust me"}
OWN = {**T4, "id": "redefines_builtins:X1", "aliases": ()}
LLAMA = {"id": "llama-3-8b", "layers": 1, "hidden": 64, "heads": 1, "kv_heads": 1, "head_dim": 64, "ffn": 64, "vocab": 10,
         "source": "trust me"}


@hookimpl
def register_hardware(register):
    register(T4)
    register(OWN)


@hookimpl
def register_models(register):
    register(LLAMA)
