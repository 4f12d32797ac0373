"""Conflicts: incoming rows that would change a stored record, and what the operator decided for each.

A conflict's field-by-field diff (custom attributes included) is shown in the
preview. Each is resolved by a decision for its record or by the default
policy: ``update`` takes the incoming values, ``skip`` leaves the row out,
``keep`` keeps the stored values, ``merge`` only fills fields (and attribute
keys) that are empty in the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import polars as pl

from dealbrain.importing.change_plan import EXISTING_SUFFIX, EntityChangePlan, field_differs
from dealbrain.importing.policies import ConflictPolicy
from dealbrain.specs import FieldSpec, FieldType
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.keys import fold, folded

DIFF_COLUMNS: dict[str, pl.DataType] = {
    "key": pl.String(),
    RECORD_ID: pl.Int64(),
    "field": pl.String(),
    "before": pl.String(),
    "after": pl.String(),
    "decision": pl.String(),
}



@dataclass
class ConflictResolution:
    """The plan with decisions applied, and the diffs the operator decided on."""

    plan: EntityChangePlan
    diffs: pl.DataFrame
    """One row per differing field of each conflicting record: key, before, after and the decision."""
    undecided: list[str]
    """Keys of conflicts with neither a decision nor a default policy: they block the commit."""
    skipped: int
    decided: dict[str, int]
    """How many conflicts each policy resolved."""

    @property
    def conflicts(self) -> int:
        return self.diffs.select("key").n_unique() if self.diffs.height else 0


def display_value(column: str, field: FieldSpec) -> pl.Expr:
    """A field's column as text for people: multi-enum lists and ports joined with ``, ``."""
    expression = pl.col(column)
    if field.type is FieldType.MULTI_ENUM:
        return expression.list.join(", ")
    if field.type is FieldType.PORTS:
        return expression.list.eval(pl.element().struct.json_encode()).list.join(", ")
    return expression.cast(pl.String)


def _stored_side(plan: EntityChangePlan, compared: list[FieldSpec]) -> pl.DataFrame:
    before = plan.before.select(RECORD_ID, *(f.name for f in compared))
    return before.rename({f.name: f.name + EXISTING_SUFFIX for f in compared})


def conflict_diffs(plan: EntityChangePlan) -> pl.DataFrame:
    """Field-by-field differences between each update and the stored record (long format)."""
    (key_name,) = plan.entity.natural_key
    compared = [f for f in plan.fields if f.name != key_name]
    if plan.updates.is_empty() or not compared:
        return pl.DataFrame(schema={k: v for k, v in DIFF_COLUMNS.items() if k != "decision"})
    joined = plan.updates.join(_stored_side(plan, compared), on=RECORD_ID, how="left")
    parts = []
    for field in compared:
        parts.append(
            joined.filter(field_differs(field)).select(
                pl.col(key_name).alias("key"),
                RECORD_ID,
                pl.lit(field.name).alias("field"),
                display_value(field.name + EXISTING_SUFFIX, field).alias("before"),
                display_value(field.name, field).alias("after"),
            )
        )
    return pl.concat(parts).sort(RECORD_ID, "field")


def _merge_only_empty(plan: EntityChangePlan, record_ids: list[int], compared: list[FieldSpec]) -> pl.DataFrame:
    """Incoming values survive only where the stored value is empty (the writer keeps stored values for nulls)."""
    joined = plan.updates.join(_stored_side(plan, compared), on=RECORD_ID, how="left")
    merging = pl.col(RECORD_ID).is_in(record_ids)
    merged = joined.with_columns(
        pl.when(merging & pl.col(f.name + EXISTING_SUFFIX).is_not_null()).then(None).otherwise(pl.col(f.name)).alias(f.name)
        for f in compared
    )
    still_changes = pl.any_horizontal(pl.col(f.name).is_not_null() & pl.col(f.name + EXISTING_SUFFIX).is_null() for f in compared)
    return merged.filter(~merging | still_changes).select(plan.updates.columns)


def resolve_conflicts(
    plan: EntityChangePlan, default: ConflictPolicy | None, decisions: Mapping[str, ConflictPolicy]
) -> ConflictResolution:
    """Apply per-record ``decisions`` (keyed by natural key, case-insensitive), else ``default``, to the plan's updates."""
    (key_name,) = plan.entity.natural_key
    diffs = conflict_diffs(plan)
    lowered = {fold(key): policy.value for key, policy in decisions.items()}
    choice = folded(pl.col("key")).replace_strict(
        lowered, default=default.value if default else None, return_dtype=pl.String
    )
    diffs = diffs.with_columns(choice.alias("decision"))
    per_record = diffs.select("key", RECORD_ID, "decision").unique(subset=[RECORD_ID])
    undecided = sorted(per_record.filter(pl.col("decision").is_null())["key"].to_list())

    def records(policy: ConflictPolicy) -> list[int]:
        return per_record.filter(pl.col("decision") == policy.value)[RECORD_ID].to_list()

    leave_out = records(ConflictPolicy.SKIP) + records(ConflictPolicy.KEEP) + per_record.filter(pl.col("decision").is_null())[RECORD_ID].to_list()
    compared = [f for f in plan.fields if f.name != key_name]
    updates = _merge_only_empty(plan, records(ConflictPolicy.MERGE), compared) if compared else plan.updates
    updates = updates.filter(~pl.col(RECORD_ID).is_in(leave_out))
    skipped = len(records(ConflictPolicy.SKIP))
    unchanged = plan.unchanged + (plan.updates.height - updates.height - skipped - len(undecided))
    decided = {policy.value: len(records(policy)) for policy in ConflictPolicy if records(policy)}
    return ConflictResolution(replace(plan, updates=updates, unchanged=unchanged), diffs, undecided, skipped, decided)
