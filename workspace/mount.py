"""`mount_workspace(app, settings)`: the NiceGUI pages on the API's FastAPI app, at /workspace.

Writes are CSRF-safe: a page changes data only through NiceGUI's socket.io
events, and each event names a client id that exists only in the HTML the
server rendered for that browser (another site cannot read it). On top of
that the socket.io server here accepts only same-origin connections (NiceGUI
allows any origin by default; we set engine.io's ``cors_allowed_origins`` to
None, its same-origin default), and the session cookie is ``SameSite=Lax``.
No workspace write is an HTTP form or GET. The storage secret signs the
session cookie only: it is new for every server process unless
``IMPORTER_WORKSPACE_SECRET`` gives one, so a restart signs browsers out.
"""

from __future__ import annotations

import secrets

from fastapi import FastAPI
from nicegui import core, ui

from workspace.context import MOUNT_PATH, WorkspaceContext, set_context
from workspace.pages import PAGES, WorkspacePage

_mounted: list[FastAPI] = []


def _register(page: WorkspacePage) -> None:
    def show() -> None:
        page.build(page.path)

    ui.page(page.path, title=f"{page.label} · Deal Brain workspace")(show)


def mount_workspace(app: FastAPI) -> None:
    """Serve the workspace on ``app`` (made by `api.app.create_app`), once per process."""
    if _mounted:
        raise RuntimeError("The workspace is mounted once per process (NiceGUI keeps one app per process).")
    settings = app.state.settings
    set_context(WorkspaceContext(settings, app.state.engine, app.state.token_limiter))
    for page in PAGES:
        _register(page)
    secret = settings.workspace_secret.get_secret_value() if settings.workspace_secret else secrets.token_urlsafe(32)
    ui.run_with(
        app,
        mount_path=MOUNT_PATH,
        title="Deal Brain workspace",
        language="en-US",
        storage_secret=secret,
        session_middleware_kwargs={"same_site": "lax", "https_only": False},
        show_welcome_message=False,
        reconnect_timeout=10.0,
    )
    core.sio.eio.cors_allowed_origins = None
    _mounted.append(app)
