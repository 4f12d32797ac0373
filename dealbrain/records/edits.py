"""Applying typed changes to a frame of stored records, and telling which records really change (pure polars)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from dealbrain.frames import polars_dtype
from dealbrain.jsonsafe import to_jsonable
from dealbrain.records.fields import FieldChange
from dealbrain.store.frames import RECORD_ID
from dealbrain.validation import apply_defaults

CHANGED = "__changed__"


def constant(value: Any, change: FieldChange) -> pl.Expr:
    """``value`` as a literal of the field's dtype (lists and ports included)."""
    dtype = polars_dtype(change.field.type)
    return pl.lit(pl.Series(change.field.name, [value], dtype=dtype)).first()


def apply_changes(records: pl.DataFrame, changes: Sequence[FieldChange]) -> tuple[pl.DataFrame, list[str]]:
    """``records`` with every change applied, and the notes of defaults filled in for cleared fields.

    A cleared field with a default gets its default, as an empty cell does in an import.
    """
    edited = records.with_columns(constant(change.value, change).alias(change.field.name) for change in changes)
    cleared = [change.field for change in changes if change.value is None]
    return apply_defaults(edited, cleared) if cleared else (edited, [])


def differs(name: str, before: pl.DataFrame, after: pl.DataFrame) -> pl.Series:
    """True where the value of ``name`` changes (setting or clearing a value counts)."""
    return before.get_column(name).ne_missing(after.get_column(name)).fill_null(True)


def changed_rows(before: pl.DataFrame, after: pl.DataFrame, names: Sequence[str]) -> pl.Series:
    """True on the rows where at least one of ``names`` changes."""
    mask = pl.repeat(False, before.height, dtype=pl.Boolean, eager=True)
    for name in names:
        mask = mask | differs(name, before, after)
    return mask.alias(CHANGED)


def record_diffs(before: pl.DataFrame, after: pl.DataFrame, names: Sequence[str], key: str) -> list[dict[str, Any]]:
    """Per row: the record's key and id, and the before and after values of the fields that change on it."""
    masks = {name: differs(name, before, after).to_list() for name in names}
    old_rows, new_rows = before.to_dicts(), after.to_dicts()
    diffs = []
    for position, (old, new) in enumerate(zip(old_rows, new_rows, strict=True)):
        fields = [name for name in names if masks[name][position]]
        diffs.append({
            "record": old[key],
            "record_id": old[RECORD_ID],
            "before": {name: to_jsonable(old[name]) for name in fields},
            "after": {name: to_jsonable(new[name]) for name in fields},
        })
    return diffs
