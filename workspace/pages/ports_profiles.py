"""The Ports Profiles grid: browse, filter, edit and bulk-edit stored ports_profile records (`workspace.grid`)."""

from __future__ import annotations

from workspace.grid.page import records_page


def build(path: str) -> None:
    records_page("ports_profile", "Ports Profiles", path)
