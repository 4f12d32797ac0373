"""The records a commit will write, per entity, as one table: what the preview shows and the commit writes.

Built from the entity's resolved `EntityChangePlan` (the plan the commit
plans again and checks against), so the preview's tables, its workbook and
the CLI's ``--json`` all show the one plan. One row per record: ``action``
(``insert`` or ``update``), the ``sheet`` and source ``row`` it came from,
the stored ``record_id`` for an update, the values after coercion (custom
attributes included, one column each), and for an update ``changes``: each
changed field as ``field: before -> after``.
"""

from __future__ import annotations

import polars as pl

from dealbrain.importing.change_plan import EntityChangePlan
from dealbrain.importing.conflicts import conflict_diffs, display_value
from dealbrain.specs import FieldType
from dealbrain.store.frames import RECORD_ID, SHEET, SOURCE_ROW

ACTION, ROW, RECORD, CHANGES = "action", "row", "record_id", "changes"
LEADING_COLUMNS = (ACTION, "sheet", ROW, RECORD)


def _values(frame: pl.DataFrame, plan: EntityChangePlan) -> list[pl.Expr]:
    """The field columns for people: lists and ports joined as text, everything else as typed."""
    shown = []
    for field in plan.fields:
        if field.name not in frame.columns:
            continue
        if field.type in (FieldType.MULTI_ENUM, FieldType.PORTS):
            shown.append(display_value(field.name, field).alias(field.name))
        else:
            shown.append(pl.col(field.name))
    return shown


def _change_text(plan: EntityChangePlan) -> pl.DataFrame:
    """Record id -> ``field: before -> after; ...`` of the update's changed fields."""
    diffs = conflict_diffs(plan)
    if diffs.is_empty():
        return pl.DataFrame(schema={RECORD_ID: pl.Int64, CHANGES: pl.String})
    line = pl.col("field") + pl.lit(": ") + pl.col("before").fill_null("(empty)") + pl.lit(" -> ") + pl.col("after")
    return diffs.group_by(RECORD_ID, maintain_order=True).agg(line.str.join("; ").alias(CHANGES))


def planned_rows(plan: EntityChangePlan) -> pl.DataFrame:
    """Every insert and update of ``plan`` (inserts first, each in source order), one row per record."""
    inserts = plan.inserts.select(
        pl.lit("insert").alias(ACTION), pl.col(SHEET).alias("sheet"), pl.col(SOURCE_ROW).alias(ROW),
        pl.lit(None, dtype=pl.Int64).alias(RECORD), *_values(plan.inserts, plan),
        pl.lit(None, dtype=pl.String).alias(CHANGES),
    )
    updates = plan.updates.join(_change_text(plan), on=RECORD_ID, how="left").select(
        pl.lit("update").alias(ACTION), pl.col(SHEET).alias("sheet"), pl.col(SOURCE_ROW).alias(ROW),
        pl.col(RECORD_ID).alias(RECORD), *_values(plan.updates, plan), pl.col(CHANGES),
    )
    return pl.concat([inserts.sort("sheet", ROW), updates.sort("sheet", ROW)], how="diagonal_relaxed")


def planned_rows_by_entity(plans: dict[str, EntityChangePlan]) -> dict[str, pl.DataFrame]:
    """`planned_rows` of every entity that writes anything."""
    tables = {name: planned_rows(plan) for name, plan in plans.items()}
    return {name: table for name, table in tables.items() if table.height}
