"""The workspace's start page: what each section holds, with links."""

from __future__ import annotations

from nicegui import ui

from workspace.context import href
from workspace.layout import page_frame

SECTIONS = (
    ("/cpus", "CPUs, GPUs, listings, valuation rules and ports profiles", "browse, filter, edit and bulk-edit stored records"),
    ("/custom-fields", "Custom fields", "the typed fields imports and edits may set"),
    ("/imports", "Imports", "hand a file to the importer, read its verdict, commit it"),
    ("/audit", "Audit", "every decision, import and edit"),
)


def build(path: str) -> None:
    with page_frame("Workspace", path) as identity:
        if identity is None:
            return
        for target, title, what in SECTIONS:
            with ui.row().classes("items-baseline gap-2"):
                ui.link(title, href(target)).classes("text-lg")
                ui.label(f"— {what}")
