"""Rows naming stored records that are soft-deleted or disabled: what an import does with them, said in the preview.

The rules: an import never writes to a deleted record nor revives it (the
row is skipped, and the note says to restore the record first); a row
naming a disabled record updates its values like any other row but the
record stays disabled (the note says so, so nobody expects the import to
bring it back into use).
"""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from dealbrain.specs import EntitySpec
from dealbrain.store.keys import fold
from dealbrain.store.records import deleted_keys, disabled_keys

LISTED = 10


def _names(found: dict[str, str]) -> str:
    shown = sorted(found.values())
    more = f" and {len(shown) - LISTED} more" if len(shown) > LISTED else ""
    return ", ".join(repr(name) for name in shown[:LISTED]) + more


def _matching(rows: pl.DataFrame, key: str, found: dict[str, str]) -> pl.Series:
    return rows[key].map_elements(lambda value: fold(value) in found, return_dtype=pl.Boolean).fill_null(False)


def without_deleted(session: Session, entity: EntitySpec, rows: pl.DataFrame, key: str) -> tuple[pl.DataFrame, list[str]]:
    """``rows`` less those whose key names a soft-deleted record, and a note saying which were skipped and why."""
    deleted = deleted_keys(session, entity, rows[key].drop_nulls().to_list()) if key in rows.columns else {}
    if not deleted:
        return rows, []
    matching = _matching(rows, key, deleted)
    note = (f"{int(matching.sum())} {entity.label} row(s) match deleted records ({_names(deleted)}) and were skipped; "
            "restore those records first if the import should update them, then import again.")
    return rows.filter(~matching), [note]


def disabled_updates(session: Session, entity: EntitySpec, rows: pl.DataFrame, key: str) -> list[str]:
    """A warning when ``rows`` name disabled records: their values are updated, and they stay disabled."""
    disabled = disabled_keys(session, entity, rows[key].drop_nulls().to_list()) if key in rows.columns else {}
    if not disabled:
        return []
    count = int(_matching(rows, key, disabled).sum())
    return [f"Warning: {count} {entity.label} row(s) match disabled records ({_names(disabled)}); their values are "
            "updated but they stay disabled. Enable them in the workspace (or the API) to use them again."]
