"""Entry point of the aws plugin: registers its provider through the advisor hooks."""

from __future__ import annotations

from advisor import hookimpl

from advisor_aws.provider import AwsProvider

ADVISOR_HOOK_API = 1


@hookimpl
def register_providers(register):
    register(AwsProvider())
