"""The CPUs grid: browse, filter, edit and bulk-edit stored cpu records (`workspace.grid`)."""

from __future__ import annotations

from workspace.grid.page import records_page


def build(path: str) -> None:
    records_page("cpu", "CPUs", path)
