"""The Valuation Rules grid: browse, filter, edit and bulk-edit stored valuation_rule records (`workspace.grid`)."""

from __future__ import annotations

from workspace.grid.page import records_page


def build(path: str) -> None:
    records_page("valuation_rule", "Valuation Rules", path)
