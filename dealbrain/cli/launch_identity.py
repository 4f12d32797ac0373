"""Giving the Dagster runs the CLI starts a signed launch token for the CLI's user."""

from __future__ import annotations

from typing import Any

from dealbrain.auth import Actor, LaunchSecretError
from dealbrain.auth.launch_tokens import CLI_RUN_TTL_SECONDS, check_secret, sign_launch_token
from dealbrain.cli.context import cli_settings
from dealbrain.cli.output import ExitCode, fail


def cli_launch_token(actor: Actor, ttl_seconds: int) -> str:
    """A launch token for ``actor``; exit 2 naming IMPORTER_LAUNCH_SECRET when it is missing or weak."""
    secret = cli_settings().launch_secret
    try:
        key = check_secret(secret.get_secret_value().encode("utf-8") if secret else None)
        return sign_launch_token(key, actor, ttl_seconds)
    except LaunchSecretError as error:
        fail(f"cannot start runs: {error}", ExitCode.USAGE_ERROR)


def launch_run_config(actor: Actor, ttl_seconds: int = CLI_RUN_TTL_SECONDS) -> dict[str, Any]:
    """The run config handing ``actor``'s launch token to the identity resource (nothing while auth is off)."""
    if not cli_settings().auth_enabled:
        return {}
    return {"resources": {"identity": {"config": {"launch_token": cli_launch_token(actor, ttl_seconds)}}}}
