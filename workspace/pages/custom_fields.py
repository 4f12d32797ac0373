"""Custom Fields (placeholder: the page is built on this shell by the workspace-admin work)."""

from __future__ import annotations

from nicegui import ui

from workspace.layout import page_frame


def build(path: str) -> None:
    with page_frame("Custom Fields", path) as identity:
        if identity is None:
            return
        ui.label("This page is not built yet.")
