"""`importer serve`: the HTTP API on uvicorn, with the same settings as every other command."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cli.context import cli_settings

DEFAULT_PORT = 8000


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
) -> None:
    """Serve the HTTP API (OpenAPI document at /openapi.json, interactive docs at /docs) and the workspace at /workspace."""
    import uvicorn

    from api.app import create_app

    settings = cli_settings()
    if not settings.auth_enabled:
        typer.echo(f"note: authentication is off: every request acts as {settings.actor} with the admin role.", err=True)
    app = create_app(settings)
    if settings.environment.switches.web_workspace:
        # NiceGUI reads where it keeps per-user preferences when it is imported: in the data folder.
        os.environ.setdefault("NICEGUI_STORAGE_PATH", str(settings.resolved_data_dir / "workspace"))
        from workspace.mount import mount_workspace

        mount_workspace(app)
        typer.echo(f"The reference workspace: http://{host}:{port}/workspace", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
