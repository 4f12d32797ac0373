"""Stage 5: validate typed rows, find duplicates and unknown references, plan the changes.

The result is the preview an operator decides on; the commit writes exactly it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dealbrain.db.engine import transaction
from dealbrain.importing.batched_preview import preview_entity_in_batches
from dealbrain.importing.change_plan import EntityChangePlan, plan_entity_changes
from dealbrain.importing.conflicts import ConflictResolution, resolve_conflicts
from dealbrain.importing.created_records import CreationPolicy, creation_blocking
from dealbrain.importing.duplicates import DuplicateReport, find_duplicates
from dealbrain.importing.error_report import write_preview_workbook
from dealbrain.importing.failure_sink import FailureSink
from dealbrain.importing.failures import FAILURE_COLUMNS
from dealbrain.importing.listing_components import combine_component_cells
from dealbrain.importing.near_duplicates import (
    NearDuplicateReport,
    find_near_duplicates,
    unused_near_duplicate_decisions,
)
from dealbrain.importing.planned_rows import planned_rows
from dealbrain.importing.policies import ConflictPolicy
from dealbrain.importing.preview_record import preview_fingerprint, preview_summary
from dealbrain.importing.progress import Progress, unwatched
from dealbrain.importing.references import ComponentResolution, resolve_components
from dealbrain.importing.request import ImportRequest, InvalidRowPolicy
from dealbrain.importing.row_checks import validated_sheet
from dealbrain.importing.stages.parse import set_aside_frame
from dealbrain.importing.stages.typing import TypedSheet, TypedWorkbook
from dealbrain.importing.stored_states import disabled_updates, without_deleted
from dealbrain.specs import EntitySpec, entities_in_load_order
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import fold
from dealbrain.store.records import existing_records, natural_key_field
from dealbrain.store.sessions import SessionStatus, update_import_session


@dataclass
class EntityPreview:
    entity: str
    rows: pl.DataFrame
    """The rows that will be committed: valid, de-duplicated."""
    plan: EntityChangePlan
    duplicates: DuplicateReport
    rejected: int
    components: ComponentResolution
    """How the rows' CPU, GPU and ports profile names were matched (listings only)."""
    conflicts: ConflictResolution
    """Rows that change stored records: their diffs and the decisions taken (``plan`` has them applied)."""
    near_duplicates: NearDuplicateReport | None = None
    """New names nearly equal to stored records' (and to each other's), with the decisions taken."""
    conflict_decisions: dict[str, ConflictPolicy] = field(default_factory=dict)
    """The per-record conflict decisions in force: the request's, and ``update`` for near duplicates decided so."""
    rows_files: list[Path] = field(default_factory=list)
    """Set when the rows were planned batch by batch: every row to commit, staged in Parquet files
    (``rows`` then holds the first batch's)."""

    def planned_rows(self) -> pl.DataFrame:
        """Every record this entity's commit inserts or updates, with its values (see `planned_rows`)."""
        return planned_rows(self.plan)


@dataclass
class ImportPreview(TypedWorkbook):
    """The typed workbook validated: per entity what the commit will write, the failures and what blocks it."""

    entities: dict[str, EntityPreview] = field(default_factory=dict)
    failures: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=FAILURE_COLUMNS))
    blocking: list[str] = field(default_factory=list)
    fingerprint: str = ""
    notes: list[str] = field(default_factory=list)
    error_workbook: Path | None = None
    failure_count: int | None = None
    """Every failure, when a sheet was read in batches and ``failures`` holds the first ones (None: all shown)."""
    failures_csv: Path | None = None
    """Every failure as CSV, written when there are more than a preview shows."""
    failure_rows: dict[str, pl.DataFrame] = field(default_factory=dict)
    """Sheet -> the original rows of the shown failures, for sheets read in batches (the others have theirs)."""

    @property
    def session_id(self) -> str:
        return self.request.session_id

    @property
    def can_commit(self) -> bool:
        return not self.blocking

    @property
    def total_failures(self) -> int:
        return self.failures.height if self.failure_count is None else self.failure_count

    @property
    def batched(self) -> bool:
        """Whether some entity was previewed batch by batch (near duplicates then went unchecked, see notes)."""
        return any(preview.rows_files for preview in self.entities.values())

    def auto_created(self) -> dict[str, list[str]]:
        """Records the commit will create because listings name them (entity -> names)."""
        created: dict[str, list[str]] = {}
        for preview in self.entities.values():
            for entity, names in preview.components.to_create.items():
                created.setdefault(entity, []).extend(names)
        return {entity: sorted(set(names)) for entity, names in created.items()}

    def created_records(self) -> list[dict[str, object]]:
        """Records the commit would create for unknown components, with the values filled in and the rows naming them."""
        policy = CreationPolicy(self.request.on_unknown_component)
        return [
            entry | {"needs_review": True, "decision": policy.decision(entry)}
            for preview in self.entities.values()
            for entry in preview.components.creations
        ]

    def set_aside_rows(self) -> pl.DataFrame:
        """Rows left out at parse time as not records (notes, totals, repeated headers), with sheet and reason."""
        parts = [
            typed.source.set_aside.with_columns(pl.lit(typed.name).alias(SHEET))
            for typed in self.sheets if typed.source.set_aside is not None
        ]
        return set_aside_frame(parts)

    def planned_rows(self) -> dict[str, pl.DataFrame]:
        """Entity -> every record the commit inserts or updates (entities writing nothing left out)."""
        tables = {name: preview.planned_rows() for name, preview in self.entities.items()}
        return {name: table for name, table in tables.items() if table.height}

    def conflict_decisions(self) -> dict[str, dict[str, ConflictPolicy]]:
        """Entity -> record -> decision in force (what the commit resolves conflicts with)."""
        return {name: dict(p.conflict_decisions) for name, p in self.entities.items() if p.conflict_decisions}

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            name: preview.plan.counts
            | {"skipped": preview.conflicts.skipped, "rejected": preview.rejected, "duplicates": preview.duplicates.dropped}
            for name, preview in self.entities.items()
        }


def _blocking_reasons(typed: TypedWorkbook, invalid_rows: int, duplicates: list[DuplicateReport]) -> list[str]:
    request = typed.request
    reasons = []
    for sheet in (typed_sheet.mapping for typed_sheet in typed.sheets):
        if sheet.missing_required:
            reasons.append(
                f"Sheet {sheet.name!r} ({sheet.entity}): required field(s) "
                f"{', '.join(sheet.missing_required)} have no column; map a column to them."
            )
    for key in typed.pending_fields:
        reasons.append(f"Custom field {key} awaits an admin's approval (`importer fields approve`).")
    if invalid_rows and request.on_invalid is InvalidRowPolicy.ERROR:
        reasons.append(
            f"{invalid_rows} row(s) failed validation; fix them (see the error workbook) "
            "or set on_invalid: skip to commit the valid rows only."
        )
    for report in duplicates:
        if report.blocking:
            reasons.append(report.message)
    return reasons


def _unused_decisions(request: ImportRequest, entities: dict[str, EntityPreview]) -> list[str]:
    """Decisions naming records with no conflict: most likely a typo, so the intent would be lost."""
    reasons = []
    for entity, decisions in request.conflict_decisions.items():
        preview = entities.get(entity)
        conflicting = set() if preview is None else {fold(key) for key in preview.conflicts.diffs["key"].to_list()}
        unused = sorted(key for key in decisions if fold(key) not in conflicting)
        if unused:
            reasons.append(
                f"conflict_decisions for {entity} name records without a conflict in this import: "
                f"{', '.join(map(repr, unused[:5]))}; check the spelling or remove them."
            )
    return reasons


def _undecided_conflicts(entities: dict[str, EntityPreview]) -> list[str]:
    reasons = []
    for name, preview in entities.items():
        undecided = preview.conflicts.undecided
        if undecided:
            examples = ", ".join(repr(key) for key in undecided[:3])
            reasons.append(
                f"{name}: {len(undecided)} row(s) would change stored records ({examples}…); choose a conflict_policy "
                "(update, skip, keep or merge) or decide per record in conflict_decisions."
            )
    return reasons


def _preview_entity_in_batches(
    session: Session, entity: EntitySpec, typed: TypedWorkbook, sheet: TypedSheet, error_dir: Path, sink: FailureSink,
    progress: Progress,
) -> tuple[EntityPreview, list[str]]:
    """`_preview_entity` for a sheet read in batches (`batched_preview`): same checks, batch by batch."""
    request = typed.request
    custom = typed.custom_fields.get(entity.name, [])
    staging = error_dir / f"{request.session_id}-batches" / entity.name
    found = preview_entity_in_batches(session, entity, sheet, custom, request, staging, sink, progress)
    sheet.mapping.source = replace(sheet.source, set_aside=pl.concat(found.set_aside, how="vertical"))
    conflicts = found.tally.resolution()
    components = resolve_components(session, entity, found.rows, {}, [sheet])
    decisions = found.near_duplicates.conflict_decisions() | request.decisions_for(entity.name)
    preview = EntityPreview(
        entity.name, found.rows, conflicts.plan, found.duplicates, found.rejected, components, conflicts,
        found.near_duplicates, decisions, rows_files=found.rows_files,
    )
    return preview, found.notes


def _batched_sheet(typed: TypedWorkbook, entity: EntitySpec) -> TypedSheet | None:
    """The entity's one sheet when it is read in batches (a CSV or TSV above the size threshold)."""
    sheets = [s for s in typed.sheets if s.entity == entity.name]
    return sheets[0] if len(sheets) == 1 and sheets[0].source.batches is not None else None


def _preview_entity(
    session: Session, entity: EntitySpec, typed: TypedWorkbook, loadable: dict[str, pl.DataFrame]
) -> tuple[EntityPreview, pl.DataFrame, list[str]]:
    """Validate, match references, de-duplicate and plan one entity's rows from every sheet that holds it."""
    request = typed.request
    custom = typed.custom_fields.get(entity.name, [])
    frames, failures, notes = [], [], []
    for sheet in (s for s in typed.sheets if s.entity == entity.name):
        frame, sheet_failures, sheet_notes = validated_sheet(sheet, entity, custom)
        frame, component_failures = combine_component_cells(frame, sheet)
        frames.append(frame)
        failures += [sheet_failures, component_failures]
        notes += [f"{sheet.name}: {note}" for note in (*sheet.notes, *sheet_notes)]
    rows = pl.concat(frames, how="diagonal_relaxed")
    key_field = natural_key_field(entity)
    if key_field.name not in rows.columns:  # blocked as a missing required column; nothing is loadable
        rows = rows.with_columns(pl.lit(None, dtype=pl.String).alias(key_field.name)).clear()
    components = resolve_components(session, entity, rows, loadable, typed.sheets)
    failures.append(components.failures)
    entity_failures = pl.concat(failures, how="vertical")
    invalid = entity_failures.select(SHEET, SOURCE_ROW).unique()
    valid = components.rows.join(invalid, on=[SHEET, SOURCE_ROW], how="anti")
    duplicates = find_duplicates(valid, entity, request.on_duplicate)
    valid, skipped_deleted = without_deleted(session, entity, duplicates.kept, key_field.name)
    notes += skipped_deleted + disabled_updates(session, entity, valid, key_field.name)
    existing = existing_records(session, entity, valid[key_field.name].drop_nulls().to_list(), custom)
    plan = plan_entity_changes(valid, existing, entity, custom)
    near = find_near_duplicates(session, entity, plan.inserts, valid, request)
    decided = near.apply(valid, key_field.name)
    if decided is not valid:  # rows were skipped or renamed to the stored record they are: plan again
        valid = decided
        existing = existing_records(session, entity, valid[key_field.name].drop_nulls().to_list(), custom)
        plan = plan_entity_changes(valid, existing, entity, custom)
    decisions = near.conflict_decisions() | request.decisions_for(entity.name)
    conflicts = resolve_conflicts(plan, request.conflict_policy, decisions)
    components.plan_creations([conflicts.plan.inserts, conflicts.plan.updates])
    preview = EntityPreview(
        entity.name, valid, conflicts.plan, duplicates, invalid.height, components, conflicts, near, decisions
    )
    return preview, entity_failures, notes


def validate_import(typed: TypedWorkbook, engine: Engine, error_dir: Path, progress: Progress = unwatched) -> ImportPreview:
    """Validate every sheet, plan the changes per entity, write the error workbook, store the preview.

    A sheet read in batches reports each batch to ``progress``."""
    request = typed.request
    entities: dict[str, EntityPreview] = {}
    all_failures: list[pl.DataFrame] = [pl.DataFrame(schema=FAILURE_COLUMNS)]
    notes: list[str] = []
    sink = FailureSink(error_dir / f"{request.session_id}-failures.csv")
    batched_sheets: list[str] = []
    with transaction(engine) as session:
        for entity in entities_in_load_order({sheet.entity for sheet in typed.sheets}):
            batched = _batched_sheet(typed, entity)
            if batched is not None:
                entities[entity.name], entity_notes = _preview_entity_in_batches(
                    session, entity, typed, batched, error_dir, sink, progress
                )
                batched_sheets.append(batched.name)
            else:
                loadable = {name: preview.rows for name, preview in entities.items()}
                entities[entity.name], failures, entity_notes = _preview_entity(session, entity, typed, loadable)
                all_failures.append(failures)
            notes += entity_notes
        all_failures.append(sink.shown)
        failures = pl.concat(all_failures, how="vertical")
        duplicates = [preview.duplicates for preview in entities.values()]
        blocking = [
            *_blocking_reasons(typed, sum(p.rejected for p in entities.values()), duplicates),
            *_undecided_conflicts(entities),
            *_unused_decisions(request, entities),
            *creation_blocking(request.on_unknown_component, [e for p in entities.values() for e in p.components.creations]),
            *(p.near_duplicates.message for p in entities.values() if p.near_duplicates and p.near_duplicates.undecided),
            *(p.near_duplicates.collision_message for p in entities.values() if p.near_duplicates and p.near_duplicates.collisions),
            *unused_near_duplicate_decisions(request, {n: p.near_duplicates for n, p in entities.items() if p.near_duplicates}),
        ]
        fingerprint = preview_fingerprint(typed, entities)
        preview = ImportPreview(
            **vars(typed), entities=entities, failures=failures, blocking=blocking, fingerprint=fingerprint, notes=notes,
            failure_count=failures.height - sink.shown.height + sink.total if batched_sheets else None,
            failures_csv=sink.csv_file, failure_rows={name: rows for name in batched_sheets if (rows := sink.raw_rows(name)) is not None},
        )
        preview.error_workbook = write_preview_workbook(preview, error_dir / f"{request.session_id}-errors.xlsx")
        update_import_session(
            session, request.session_id,
            status=SessionStatus.PREVIEWED if preview.can_commit else SessionStatus.BLOCKED,
            preview_json=preview_summary(preview),
        )
    return preview
