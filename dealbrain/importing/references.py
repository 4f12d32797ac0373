"""Listing rows naming a CPU, GPU or ports profile that exists neither stored nor in the file."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy.orm import Session

from dealbrain.importing.failures import FAILURE_COLUMNS
from dealbrain.importing.frames import SHEET, SOURCE_ROW
from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.importing.writer import resolve_reference_ids
from dealbrain.specs import EntitySpec, get_entity_spec


def unknown_reference_failures(
    session: Session,
    entity: EntitySpec,
    rows: pl.DataFrame,
    loadable: dict[str, pl.DataFrame],
    sheets: Sequence[TypedSheet],
) -> pl.DataFrame:
    """A failure per reference that matches no stored record and no loadable row of this import (exact name)."""
    found: list[pl.DataFrame] = []
    for field in entity.reference_fields:
        if field.name not in rows.columns:
            continue
        referenced = get_entity_spec(field.references or "")
        names = rows[field.name].drop_nulls().unique().to_list()
        known = set(resolve_reference_ids(session, referenced.name, names))
        incoming = loadable.get(referenced.name)
        if incoming is not None and "name" in incoming.columns:
            known |= set(incoming["name"].drop_nulls().str.strip_chars().str.to_lowercase().to_list())
        lowered = pl.col(field.name).str.strip_chars().str.to_lowercase()
        unknown = rows.filter(pl.col(field.name).is_not_null() & ~lowered.is_in(sorted(known)))
        if unknown.is_empty():
            continue
        columns = {sheet.name: sheet.source_column(field.name) or field.name for sheet in sheets}
        found.append(
            unknown.select(
                SHEET,
                SOURCE_ROW,
                pl.col(SHEET).replace_strict(columns, default=field.name, return_dtype=pl.String).alias("column"),
                pl.lit(field.name).alias("field"),
                pl.col(field.name).alias("raw_value"),
                (
                    pl.lit(f"no {referenced.label} named '")
                    + pl.col(field.name)
                    + pl.lit(f"' exists or is imported by this file; add it to the {referenced.label} sheet or fix the name")
                ).alias("reason"),
            )
        )
    if not found:
        return pl.DataFrame(schema=FAILURE_COLUMNS)
    return pl.concat(found).select(pl.col(name).cast(dtype) for name, dtype in FAILURE_COLUMNS.items())
