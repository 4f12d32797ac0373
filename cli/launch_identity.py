"""Giving the Dagster runs the CLI starts a signed launch token for the CLI's user."""

from __future__ import annotations

from cli.context import cli_settings
from cli.output import ExitCode, fail
from dealbrain.auth import Actor, LaunchSecretError
from dealbrain.auth.launch_tokens import (
    CLI_RUN_TTL_SECONDS,
    LAUNCH_TOKEN_TAG,
    check_secret,
    sign_launch_token,
)


def cli_launch_token(actor: Actor, ttl_seconds: int) -> str:
    """A launch token for ``actor``; exit 2 naming IMPORTER_LAUNCH_SECRET when it is missing or weak."""
    secret = cli_settings().launch_secret
    try:
        key = check_secret(secret.get_secret_value().encode("utf-8") if secret else None)
        return sign_launch_token(key, actor, ttl_seconds)
    except LaunchSecretError as error:
        fail(f"cannot start runs: {error}", ExitCode.USAGE_ERROR)


def launch_tags(actor: Actor, ttl_seconds: int = CLI_RUN_TTL_SECONDS) -> dict[str, str]:
    """The run tags proving ``actor`` launched a run (nothing while authentication is off)."""
    if not cli_settings().auth_enabled:
        return {}
    return {LAUNCH_TOKEN_TAG: cli_launch_token(actor, ttl_seconds)}
