"""advisor.live: the one retry helper (jittered backoff, Retry-After honoured) and the missing-extra message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from advisor.plugin.live import Retryable, backoff_s, require_extra, retry_after_header, with_retries
from advisor.plugin import LiveUnavailable


def test_backoff_is_a_jittered_share_of_an_exponential_ceiling_capped():
    assert [backoff_s(a, jitter=lambda: 1.0) for a in range(7)] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    assert [backoff_s(a, jitter=lambda: 0.25, base_s=2.0) for a in range(3)] == [0.5, 1.0, 2.0]
    assert backoff_s(0, jitter=lambda: 0.0) == 0.0


def test_a_servers_retry_after_is_honoured_without_jitter_and_capped():
    assert backoff_s(0, retry_after_s=7.0, jitter=lambda: 0.0) == 7.0
    assert backoff_s(3, retry_after_s=3600.0) == 30.0


def test_retry_after_header_reads_seconds_and_http_dates():
    now = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC).timestamp()
    assert retry_after_header("7") == 7.0
    assert retry_after_header("Sun, 01 Nov 2026 12:00:09 GMT", now=lambda: now) == 9.0
    assert retry_after_header("soon") is None and retry_after_header(None) is None


def test_with_retries_retries_then_returns_and_waits_between_attempts_only():
    answers = iter([Retryable("busy", retry_after_s=3.0), Retryable("busy"), "ok"])
    waits: list[float] = []

    def call():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert with_retries(call, attempts=3, sleep=waits.append, jitter=lambda: 0.5) == "ok"
    assert waits == [3.0, 1.0]  # the server's 3 s, then half of the 2 s ceiling


def test_with_retries_gives_up_with_the_last_message_and_lets_other_errors_through():
    waits: list[float] = []

    def throttled():
        raise Retryable("still throttled after 3 attempts")

    with pytest.raises(LiveUnavailable, match="still throttled after 3 attempts"):
        with_retries(throttled, attempts=3, sleep=waits.append)
    assert len(waits) == 2

    def refused():
        raise LiveUnavailable("HTTP 403")

    with pytest.raises(LiveUnavailable, match="HTTP 403"):
        with_retries(refused, sleep=waits.append)
    assert len(waits) == 2


def test_a_missing_sdk_names_the_extra_that_installs_it():
    with pytest.raises(LiveUnavailable) as err:
        require_extra("advisor_no_such_sdk", "advisor-aws")
    assert str(err.value) == ("advisor_no_such_sdk is not installed; live prices need the 'live' extra: "
                              "advisor install 'advisor-aws[live]' (or pip install 'advisor-aws[live]')")
    assert require_extra("json", "advisor-aws").dumps([]) == "[]"


def test_plugins_declare_their_sdks_as_live_extras_and_the_core_needs_no_http_client():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    core = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not [d for d in core if d.startswith(("httpx", "boto3", "azure", "google", "moto", "respx"))]
    sdks = {"aws": ["boto3"], "azure": ["azure-mgmt-compute"], "gcp": ["google-cloud-billing"], "depin": ["httpx"],
            "edge": ["boto3"], "api-hyperscalers": ["boto3", "httpx"], "api-inference": ["httpx"]}
    for plugin, needs in sdks.items():
        project = tomllib.loads((root / "plugins" / plugin / "pyproject.toml").read_text())["project"]
        for sdk in needs:
            assert not [d for d in project["dependencies"] if d.startswith(sdk)], plugin
            assert any(d.startswith(sdk) for d in project["optional-dependencies"]["live"]), plugin
    dev = (root / "requirements-dev.txt").read_text()
    assert "respx" not in dev and "moto" not in dev and "-e plugins/aws[live]" in dev
    assert "-e plugins/api-hyperscalers[live]" in dev and "-e plugins/api-inference[live]" in dev


def test_the_managed_api_plugins_retry_through_the_one_helper_and_import_their_sdks_as_extras():
    """No plugin of the managed APIs imports httpx or boto3 at module level or retries on its own."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "plugins"
    for source in [*root.glob("api-*/advisor_api_*/*.py")]:
        text = source.read_text()
        top = text.split("\nclass ", 1)[0].split("\ndef ", 1)[0]
        assert not re.search(r"^(import|from) (httpx|boto3|botocore)", top, re.M), source
        assert "time.sleep(" not in text and "for attempt in" not in text, source
    providers = (root / "api-hyperscalers" / "advisor_api_hyperscalers" / "providers.py").read_text()
    assert "http_json(" in providers and "with_retries(" in providers and 'require_extra("boto3"' in providers
    assert "http_json(" in (root / "api-inference" / "advisor_api_inference" / "providers.py").read_text()


def test_http_json_retries_timeouts_and_server_errors_and_returns_the_body():
    import httpx

    from advisor.plugin import LiveUnavailable, http_json

    answers: list = [httpx.ReadTimeout("slow"), httpx.Response(500), httpx.Response(200, json={"ok": [1]})]

    def handler(request):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    waits: list[float] = []
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        assert http_json(client, "GET", "https://example.invalid/x", what="t", params={"key": "k"}, sleep=waits.append) == {"ok": [1]}
    assert len(waits) == 2 and answers == []
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, text="<html>"))) as client:
        with pytest.raises(LiveUnavailable, match="t: the answer from https://example.invalid/x is not valid JSON"):
            http_json(client, "GET", "https://example.invalid/x", what="t", sleep=waits.append)
