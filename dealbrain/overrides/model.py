"""What an override is and what applying one did: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from dealbrain.coercion import SOURCE_ROW

SHEET_COLUMN = "__sheet__"
"""Column of a typed sheet frame holding the sheet's name."""

CHANGES_SCHEMA: dict[str, pl.DataType] = {
    SOURCE_ROW: pl.Int64(),
    "field": pl.String(),
    "before": pl.String(),
    "after": pl.String(),
}
"""Columns of ``OverrideEffect.changes``: one row per changed cell, values as text."""


class OverrideAction(StrEnum):
    """What an override does to the rows it selects."""

    SET_FIELD = "set_field"
    """Give ``field`` the value ``value`` (raw text, read like a sheet cell)."""
    SET_COMPONENT = "set_component"
    """Set a listing's ``cpu``, ``gpu`` or ``ports_profile`` to a record name, or unmatched."""
    DISCARD = "discard"
    """Drop the rows from the import."""


@dataclass(frozen=True)
class Override:
    """One bulk change to the preview of a sheet.

    Exactly one of ``rows`` (e.g. ``"2-10, 15"``, Excel row numbers) and
    ``where`` (a filter such as ``cores >= 8 and manufacturer = "AMD"``)
    selects the rows. ``set_field`` and ``set_component`` need ``field`` and
    ``value``; an empty ``value`` (or a placeholder such as ``null``) clears
    the field. ``discard`` takes neither.
    """

    sheet: str
    action: OverrideAction
    rows: str | None = None
    where: str | None = None
    field: str | None = None
    value: str | None = None

    def describe(self) -> str:
        """A short description, e.g. ``set_field condition = 'used' where cores > 4``."""
        action = self.action.value if isinstance(self.action, OverrideAction) else str(self.action)
        parts = [action]
        if self.field is not None:
            parts.append(self.field)
        if self.value is not None:
            parts.append(f"= {self.value!r}")
        if self.rows is not None:
            parts.append(f"rows {self.rows}")
        if self.where is not None:
            parts.append(f"where {self.where}")
        return " ".join(parts)


@dataclass(frozen=True)
class OverrideEffect:
    """What one override did, for the preview and the audit log."""

    index: int
    """The override's 1-based position in the list given to ``apply_overrides``."""
    override: Override
    rows_affected: int
    """Rows the override selected (changed or discarded)."""
    source_rows: list[int]
    """Their sheet row numbers, ascending."""
    changes: pl.DataFrame
    """One row per selected row with the value before and after, as text (``CHANGES_SCHEMA``).

    Empty for ``discard``. Rows whose value was already the new one are listed too.
    """
    discarded: list[int]
    """Sheet row numbers removed by a ``discard``; empty otherwise."""


@dataclass(frozen=True)
class OverrideOutcome:
    """The sheet after every override, and one effect per override applied, in order."""

    frame: pl.DataFrame
    effects: list[OverrideEffect]
