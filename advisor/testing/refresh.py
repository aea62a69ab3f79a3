"""Does a provider's live refresh fail safely? Run it with the network down and credentials changed.

A refresh that cannot reach its API must raise ``LiveUnavailable`` (the core then keeps the previous
catalog) or hand back offline data; any other exception, a hang, or "live" prices conjured without
a network is a breach. Secrets passed in ``env`` must not appear in what the refresh says.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from advisor.model.offers import OfferQuery, ProviderCatalog
from advisor.plugin.provider import LiveUnavailable
from advisor.testing.contract import call_with_timeout
from advisor.testing.network import NetworkDown, block_network


@contextmanager
def patched_env(env: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, remove) environment variables for the block, then restore them."""
    saved = {k: os.environ.get(k) for k in env}
    try:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _leaks(text: str, env: Mapping[str, str | None]) -> list[str]:
    return [k for k, v in env.items() if v and len(v) >= 6 and v in text]


def refresh_problems(
    provider: Any,
    query: OfferQuery | None = None,
    env: Mapping[str, str | None] | None = None,
    timeout_s: float = 60.0,
) -> list[str]:
    """Breaches of a refresh run with every connection refused (and ``env`` applied); empty if safe."""
    query, env = query or OfferQuery(), dict(env or {})
    refresh = getattr(provider, "refresh", None)
    if not callable(refresh):
        return ["[refresh] provider has no refresh() method (inherit advisor.plugin.provider.Provider)"]
    with patched_env(env), block_network(NetworkDown):
        outcome, value = call_with_timeout(lambda: refresh(query), timeout_s)
    if outcome == "hung":
        return [f"[refresh] refresh() with the network down did not give up within {timeout_s:g}s"]
    if outcome == "raised":
        if not isinstance(value, LiveUnavailable):
            return [f"[refresh] refresh() with the network down raised {value!r}; raise LiveUnavailable instead"]
        leaked = _leaks(str(value), env)
        return [f"[refresh] LiveUnavailable message reveals the value of {', '.join(leaked)}"] if leaked else []
    if not isinstance(value, ProviderCatalog):
        return [f"[refresh] refresh() returned {type(value).__name__}, expected ProviderCatalog or LiveUnavailable"]
    live = [o.id for o in value.offers if o.provenance.source == "live"]
    problems = []
    if live:
        problems.append(f"[refresh] refresh() with the network down returned {len(live)} 'live' offer(s), e.g. {live[0]}")
    leaked = _leaks(value.model_dump_json(), env)
    if leaked:
        problems.append(f"[refresh] the returned catalog reveals the value of {', '.join(leaked)}")
    return problems


def check_refresh_fails_safely(
    provider: Any, query: OfferQuery | None = None, env: Mapping[str, str | None] | None = None, timeout_s: float = 60.0
) -> None:
    """Assert that a refresh with the network down raises LiveUnavailable or keeps offline data."""
    problems = refresh_problems(provider, query, env, timeout_s)
    name = getattr(provider, "name", "?")
    assert not problems, f"provider '{name}' refresh is unsafe:\n  " + "\n  ".join(problems)
