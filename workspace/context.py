"""What every page shares: the settings and the database engine of the app the workspace is mounted on.

NiceGUI's own app is one per process, so the workspace is mounted once per
process (`mount_workspace`) and keeps what it was mounted with here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from api.rate_limit import FailedTokenLimiter
from dealbrain.settings import ImporterSettings

MOUNT_PATH = "/workspace"


@dataclass(frozen=True)
class WorkspaceContext:
    settings: ImporterSettings
    engine: Engine
    token_limiter: FailedTokenLimiter


_current: list[WorkspaceContext] = []


def set_context(context: WorkspaceContext) -> None:
    _current[:] = [context]


def context() -> WorkspaceContext:
    if not _current:
        raise RuntimeError("The workspace is not mounted: call workspace.mount.mount_workspace(app, settings) first.")
    return _current[0]


def href(path: str = "/") -> str:
    """A workspace path as `ui.link` and `ui.navigate.to` take it: they add the mount path ("/workspace") themselves."""
    return path
