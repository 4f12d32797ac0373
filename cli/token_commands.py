"""`importer token launch`: a signed launch token to paste into the Dagster Launchpad."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from cli.context import cli_actor, cli_settings
from cli.launch_identity import cli_launch_token
from cli.output import ExitCode, fail
from dealbrain.auth.launch_tokens import LAUNCHPAD_TTL_SECONDS, MAX_TTL_SECONDS

token_app = typer.Typer(help="Tokens proving who launches Dagster runs (when authentication is on).", no_args_is_help=True)


@token_app.command("launch")
def launch_command(
    ttl: Annotated[
        int,
        typer.Option(min=1, max=MAX_TTL_SECONDS // 60, help="Minutes the token stays valid for starting a run."),
    ] = LAUNCHPAD_TTL_SECONDS // 60,
) -> None:
    """Print a launch token for you, good for starting one run from the Launchpad."""
    if not cli_settings().auth_enabled:
        fail(
            "authentication is off (IMPORTER_AUTH_ENABLED is not set): runs act as the local admin and need "
            "no launch token.",
            ExitCode.USAGE_ERROR,
        )
    actor = cli_actor()
    token = cli_launch_token(actor, ttl * 60)
    until = datetime.now(UTC) + timedelta(minutes=ttl)
    typer.echo(
        f"Launch token for {actor.name} ({actor.role.value}), valid until {until:%H:%M} UTC for one run. "
        "In the Launchpad, add to the run config:\n  resources:\n    identity:\n      config:\n"
        "        launch_token: <the token below>",
        err=True,
    )
    typer.echo(token)
