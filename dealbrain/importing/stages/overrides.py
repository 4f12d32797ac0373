"""Stage 4b: the operator's bulk overrides, applied in order to the typed rows and audited.

A cell an override sets is no longer a coercion problem, and a discarded row
takes its problems with it: overrides are how an operator fixes rows in bulk.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.engine import transaction
from dealbrain.importing.stages.typing import TypedSheet, TypedWorkbook
from dealbrain.overrides import OverrideError, OverrideOutcome, apply_overrides
from dealbrain.specs import FieldSpec, get_entity_spec
from dealbrain.store.frames import SOURCE_ROW

CHANGE_EXAMPLES = 20


def _fields(typed: TypedWorkbook, sheet: TypedSheet) -> dict[str, FieldSpec]:
    entity = get_entity_spec(sheet.entity)
    return {spec.name: spec for spec in (*typed.custom_fields.get(sheet.entity, []), *sheet.fields, *entity.fields)}


def _without_fixed_issues(issues: pl.DataFrame, outcome: OverrideOutcome) -> pl.DataFrame:
    discarded = [row for effect in outcome.effects for row in effect.discarded]
    changed = [effect.changes.select(SOURCE_ROW, "field") for effect in outcome.effects if effect.changes.height]
    issues = issues.filter(~pl.col(SOURCE_ROW).is_in(discarded))
    if changed:
        issues = issues.join(pl.concat(changed).unique(), on=[SOURCE_ROW, "field"], how="anti")
    return issues


def apply_bulk_overrides(typed: TypedWorkbook, engine: Engine) -> TypedWorkbook:
    """Apply ``request.overrides`` sheet by sheet; record each one's effect on the workbook and in the audit log."""
    request = typed.request
    if not request.overrides:
        return typed
    known = {sheet.name.strip().lower() for sheet in typed.sheets}
    for position, override in enumerate(request.overrides, start=1):
        if override.sheet.strip().lower() not in known:
            sheets = ", ".join(repr(sheet.name) for sheet in typed.sheets)
            raise OverrideError(position, override.sheet, f"no imported sheet has this name (sheets: {sheets})")
    for sheet in typed.sheets:
        outcome = apply_overrides(sheet.frame, request.overrides, _fields(typed, sheet), sheet=sheet.name)
        sheet.frame = outcome.frame
        sheet.issues = _without_fixed_issues(sheet.issues, outcome)
        typed.override_effects.extend(outcome.effects)
    with transaction(engine) as session:
        for effect in sorted(typed.override_effects, key=lambda e: e.index):
            record_event(
                session, actor=request.actor, action=AuditAction.BULK_OVERRIDE_APPLIED,
                import_session_id=request.session_id,
                payload={
                    "override": effect.override.describe(),
                    "sheet": effect.override.sheet,
                    "rows_affected": effect.rows_affected,
                    "source_rows": effect.source_rows[:1000],
                    "discarded": effect.discarded[:1000],
                    "changes": effect.changes.head(CHANGE_EXAMPLES).to_dicts(),
                },
            )
    return typed
