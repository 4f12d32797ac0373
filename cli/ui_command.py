"""`importer ui`: the Dagster UI on the same instance and database as the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import typer

from cli.context import cli_settings


def ui_command(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(3000, help="Port to listen on."),
    read_only: bool = typer.Option(False, "--read-only", help="Serve a UI that cannot launch runs (for analysts)."),
) -> None:
    """Start the Dagster UI (`dagster dev`, or a read-only webserver) for this importer's runs and assets."""
    settings = cli_settings()
    home = settings.effective_dagster_home
    home.mkdir(parents=True, exist_ok=True)
    from pipelines.launch import shared_instance

    shared_instance(settings).dispose()  # writes the instance config on first use
    environment = os.environ | {"DAGSTER_HOME": str(home)}
    if read_only:
        command = [sys.executable, "-m", "dagster_webserver", "-m", "pipelines.definitions", "--read-only"]
    else:
        command = [sys.executable, "-m", "dagster", "dev", "-m", "pipelines.definitions"]
    command += ["-h", host, "-p", str(port)]
    typer.echo(f"Dagster UI on http://{host}:{port} (instance {home}); Ctrl-C stops it.", err=True)
    raise typer.Exit(subprocess.call(command, env=environment))
