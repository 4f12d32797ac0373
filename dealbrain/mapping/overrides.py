"""Operator overrides and remembered mappings: looking them up per column.

Both are mappings from column name to a field name (or None to ignore the
column). A column is looked up by its exact name first, then by its
normalized header, so ``"CPU Mark"`` finds an entry stored as ``"cpu_mark"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dealbrain.errors import UserFacingError
from dealbrain.mapping.headers import normalize_header


class InvalidOverrideError(UserFacingError, ValueError):
    """Operator overrides that cannot be applied; the message says how to fix them."""


class ColumnLookup:
    """Find a column's entry in a column -> field table."""

    def __init__(self, table: Mapping[str, str | None] | None) -> None:
        self._exact = dict(table or {})
        self._normalized: dict[str, str | None] = {}
        for column, target in self._exact.items():
            self._normalized.setdefault(normalize_header(column), target)

    def find(self, column: str) -> tuple[bool, str | None]:
        """``(True, target)`` when the table has an entry for the column, else ``(False, None)``."""
        if column in self._exact:
            return True, self._exact[column]
        normalized = normalize_header(column)
        if normalized in self._normalized:
            return True, self._normalized[normalized]
        return False, None


def check_overrides(
    headers: Sequence[str], overrides: ColumnLookup, field_names: Sequence[str]
) -> None:
    """Reject overrides naming unknown fields or giving one field to two columns.

    Entries for columns the sheet does not have are ignored.
    """
    known = set(field_names)
    owner: dict[str, str] = {}
    for column in headers:
        found, target = overrides.find(column)
        if not found or target is None:
            continue
        if target not in known:
            valid = ", ".join(field_names)
            raise InvalidOverrideError(
                f"Column '{column}' is set to field '{target}', which this entity does not "
                f"have. Choose one of: {valid}; or set it to ignore the column."
            )
        if target in owner and owner[target] != column:
            raise InvalidOverrideError(
                f"Columns '{owner[target]}' and '{column}' are both set to field '{target}'. "
                f"A field takes one column: change or remove one of the two overrides."
            )
        owner[target] = column
