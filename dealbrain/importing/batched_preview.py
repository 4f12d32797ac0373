"""One entity's preview from a sheet read in batches: the whole-frame steps, run batch by batch.

Pass one reads the file batch by batch and runs on each the functions the
whole-frame preview runs on all rows: non-data rows set aside, typing
(`type_sheet`), validation (`validated_sheet`). Failures go to a
`FailureSink`; valid rows, with a 64-bit hash of their folded key, to a
staged Parquet file per batch. Repeated keys are then found from the hashes
alone (a sorted array of 8 bytes per row); the rows sharing a hash are read
back with their keys and `find_duplicates` decides exactly, so a hash
collision never drops a row. Pass two reads the staged batches, leaves out
the dropped repeats and rows of deleted records, and plans each batch with
`plan_batch`, the step the commit repeats. Each batch's new names are
compared with the stored records' for near duplicates (`find_near_duplicates`,
the stored names read once), the decisions taken are applied and the batch is
planned again with them. Rows of the file are compared with each other once,
over the whole file: only rows whose names' digits another row's share can
be near duplicates, and those are found from a hash of the digits, as repeated
keys are. The rows to commit are staged again, batch by batch, for the commit
plan. Memory is a batch plus what grows with the keys (the hashes) and the
stored names, never the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from dealbrain.importing.batched_plan import PlanTally, plan_batch
from dealbrain.importing.batching import NEAR_DUPLICATES_NOT_COMPARED
from dealbrain.importing.duplicates import DuplicateReport, find_duplicates
from dealbrain.importing.failure_sink import FailureSink
from dealbrain.importing.near_duplicates import (
    NAMED_PART_ENTITIES,
    STORED_COLUMNS,
    NearDuplicateReport,
    digits_key,
    find_near_duplicates,
    stored_names,
    within_file_near_duplicates,
)
from dealbrain.importing.policies import NearDuplicatePolicy
from dealbrain.importing.progress import Progress, unwatched
from dealbrain.importing.references import resolve_components
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.row_checks import validated_sheet
from dealbrain.importing.stages.typing import TypedSheet, sheet_fields, type_sheet
from dealbrain.importing.stored_states import disabled_updates, without_deleted
from dealbrain.ingest.non_data_rows import set_aside_non_data_rows
from dealbrain.specs import EntitySpec, FieldSpec
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import fold, folded
from dealbrain.store.records import natural_key_field

_POSITION = "__file_position__"
_KEY_HASH = "__key_hash__"
_DIGITS_HASH = "__digits_hash__"
WITHIN_FILE_CANDIDATES = 1_000_000
"""Rows whose names share their digits with another row's, up to which rows are compared with each other."""


@dataclass
class BatchedEntity:
    """What a batched pass over one sheet found, for `validate_import` to assemble into the preview."""

    rows: pl.DataFrame
    """The first batch's rows to commit (what the preview shows); every row is in ``rows_files``."""
    rows_files: list[Path]
    tally: PlanTally
    duplicates: DuplicateReport
    rejected: int
    failures: FailureSink
    near_duplicates: NearDuplicateReport
    set_aside: list[pl.DataFrame] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _first_pass(
    sheet: TypedSheet, entity: EntitySpec, custom: list[FieldSpec], request: ImportRequest, staging: Path,
    sink: FailureSink, progress: Progress,
) -> tuple[list[Path], list[pl.DataFrame], list[str], int]:
    """Type and validate every batch; stage its valid rows with their key hashes. Returns the staged files,
    the rows set aside, the first batch's notes and the number of invalid rows."""
    assert sheet.source.batches is not None
    fields = sheet_fields(sheet.mapping, custom)
    key = natural_key_field(entity).name
    keep = request.keep_rows_for(sheet.name)
    staged, set_aside, notes, position, invalid_rows = [], [], [], 0, 0
    for number, batch in enumerate(sheet.source.batches):
        raw = replace(sheet.source, frame=batch, batches=None, cell_issues=None, set_aside=None, notes=[])
        raw, left_out = set_aside_non_data_rows(raw, keep)
        set_aside.append(left_out)
        typed = type_sheet(replace(sheet.mapping, source=raw), fields, request)
        frame, failures, batch_notes = validated_sheet(typed, entity, custom)
        if number == 0:
            notes = [f"{sheet.name}: {note}" for note in (*typed.notes, *batch_notes)]
        invalid = failures.select(SHEET, SOURCE_ROW).unique()
        invalid_rows += invalid.height
        sink.add(failures, raw.frame)
        valid = frame.join(invalid, on=[SHEET, SOURCE_ROW], how="anti", maintain_order="left")
        if key not in valid.columns:
            valid = valid.with_columns(pl.lit(None, dtype=pl.String).alias(key))
        valid = valid.with_columns(
            pl.int_range(position, position + valid.height, dtype=pl.Int64).alias(_POSITION),
            folded(pl.col(key)).hash(seed=7).alias(_KEY_HASH),
            *([digits_key(pl.col(key)).hash(seed=7).alias(_DIGITS_HASH)] if entity.name in NAMED_PART_ENTITIES else []),
        )
        position += valid.height
        path = staging / f"valid-{number:05d}.parquet"
        valid.write_parquet(path)
        staged.append(path)
        read = position + invalid_rows
        progress(f"{sheet.name}: batch {number + 1:,} read, typed and validated ({read:,} rows so far, {invalid_rows:,} invalid)")
    return staged, set_aside, notes, invalid_rows


def _rows_sharing_a_hash(
    staged: list[Path], column: str, where: pl.Expr, columns: list[str], limit: int | None = None
) -> pl.DataFrame | None:
    """``columns`` of the staged rows (those ``where`` holds) whose hash in ``column`` another such row shares;
    None when more than ``limit`` rows do (counted from the hashes, before any row is read).

    Only the hashes are held at once (8 bytes a row), sorted to find the shared ones."""
    hashes = pl.scan_parquet(staged).filter(where).select(column).collect().to_series().to_numpy()
    ordered = np.sort(hashes)
    del hashes
    repeats = ordered[1:] == ordered[:-1]
    if limit is not None:
        sharing_rows = np.zeros(ordered.size, dtype=bool)  # a row is in a run of equal hashes with its left or right
        sharing_rows[1:] |= repeats
        sharing_rows[:-1] |= repeats
        if np.count_nonzero(sharing_rows) > limit:
            return None
    shared = np.unique(ordered[1:][repeats])
    del ordered, repeats
    sharing = where & pl.col(column).is_in(pl.Series(shared, dtype=pl.UInt64).implode())
    return pl.scan_parquet(staged).filter(sharing).select(columns).collect()


def _dropped_repeats(staged: list[Path], entity: EntitySpec, request: ImportRequest) -> tuple[DuplicateReport, set[int]]:
    """The rows repeating a key across the whole file (found from the key hashes), and the positions dropped."""
    key = natural_key_field(entity).name
    candidates = _rows_sharing_a_hash(staged, _KEY_HASH, pl.col(key).is_not_null(), [SHEET, SOURCE_ROW, key, _POSITION])
    assert candidates is not None  # no limit
    report = find_duplicates(candidates, entity, request.on_duplicate)
    kept = set(report.kept[_POSITION].to_list())
    dropped = {p for p in candidates[_POSITION].to_list() if p not in kept}
    return replace(report, kept=report.kept.drop(_POSITION).clear()), dropped


def _near_duplicates_within_file(
    session: Session, staged: list[Path], entity: EntitySpec, dropped: set[int]
) -> pl.DataFrame | None:
    """`within_file_near_duplicates` over the whole file, given only the rows whose name's digits another row's
    share (the check's own first cut, found from hashes); None when more than ``WITHIN_FILE_CANDIDATES`` do."""
    key = natural_key_field(entity).name
    kept = pl.col(key).is_not_null() & ~pl.col(_POSITION).is_in(sorted(dropped))
    candidates = _rows_sharing_a_hash(staged, _DIGITS_HASH, kept, [SHEET, SOURCE_ROW, key], limit=WITHIN_FILE_CANDIDATES)
    if candidates is None:
        return None
    candidates, _ = without_deleted(session, entity, candidates, key)
    return within_file_near_duplicates(candidates, key)


def preview_entity_in_batches(
    session: Session, entity: EntitySpec, sheet: TypedSheet, custom: list[FieldSpec], request: ImportRequest,
    staging: Path, sink: FailureSink, progress: Progress = unwatched,
) -> BatchedEntity:
    """The batched preview of ``sheet``'s rows of ``entity`` (see the module docstring); each batch of each
    pass is reported to ``progress``."""
    staging.mkdir(parents=True, exist_ok=True)
    staged, set_aside, notes, invalid_rows = _first_pass(sheet, entity, custom, request, staging, sink, progress)
    duplicates, dropped = _dropped_repeats(staged, entity, request)
    named = entity.name in NAMED_PART_ENTITIES
    within_file = _near_duplicates_within_file(session, staged, entity, dropped) if named else None
    key = natural_key_field(entity).name
    tally, rows_files, first_rows, reports = PlanTally(), [], None, []
    decisions = request.decisions_for(entity.name)
    stored = stored_names(session, entity) if named else pl.DataFrame(schema=STORED_COLUMNS)
    for number, path in enumerate(staged):
        rows = pl.read_parquet(path)
        rows = rows.filter(~pl.col(_POSITION).is_in(sorted(dropped))) if dropped else rows
        rows = rows.drop(_POSITION, _KEY_HASH, _DIGITS_HASH, strict=False)
        rows, deleted_notes = without_deleted(session, entity, rows, key)
        notes += deleted_notes + disabled_updates(session, entity, rows, key)
        resolution, state = plan_batch(session, entity, rows, custom, request.conflict_policy, decisions)
        near = find_near_duplicates(session, entity, resolution.plan.inserts, rows, request, stored=stored, within_file=False)
        reports.append(near)
        decided = near.apply(rows, key)
        if decided is not rows:  # rows were skipped or renamed to the stored record they are: plan again
            rows = decided
            batch_decisions = near.conflict_decisions() | decisions
            resolution, state = plan_batch(session, entity, rows, custom, request.conflict_policy, batch_decisions)
        tally.add(resolution, state)
        progress(f"{sheet.name}: batch {number + 1:,} of {len(staged):,} planned against the stored {entity.label} records")
        out = staging / f"commit-{number:05d}.parquet"
        rows.write_parquet(out)
        rows_files.append(out)
        path.unlink()
        first_rows = rows if first_rows is None else first_rows
    near = _whole_file_report(entity, reports, rows_files, key)
    if within_file is not None:
        near.within_file = within_file
    elif named:
        notes.append(NEAR_DUPLICATES_NOT_COMPARED.format(sheet=sheet.name, limit=WITHIN_FILE_CANDIDATES))
    return BatchedEntity(first_rows, rows_files, tally, duplicates, invalid_rows, sink, near, set_aside, notes)


def _whole_file_report(
    entity: EntitySpec, reports: list[NearDuplicateReport], rows_files: list[Path], key: str
) -> NearDuplicateReport:
    """The batches' near-duplicate reports as one, with the stored names that rows of different batches
    would both update after ``update`` decisions added to the collisions."""
    report = NearDuplicateReport(
        entity.name,
        rows=pl.concat([NearDuplicateReport(entity.name).rows, *(r.rows for r in reports)], how="vertical_relaxed"),
        collisions=[name for r in reports for name in r.collisions],
    )
    targets = {fold(name) for name in report.decided(NearDuplicatePolicy.UPDATE)["candidate"].to_list()}
    if targets and rows_files:
        keys = pl.scan_parquet(rows_files).select(pl.col(key), folded(pl.col(key)).alias("__folded__"))
        wanted = keys.filter(pl.col("__folded__").is_in(pl.Series(sorted(targets)).implode()))
        repeated = wanted.group_by("__folded__").agg(pl.col(key).first(), pl.len()).filter(pl.col("len") > 1).collect()
        collisions = {fold(name): name for name in report.collisions}
        for folded_name, name in repeated.select("__folded__", key).sort("__folded__").iter_rows():
            collisions.setdefault(folded_name, name)
        report.collisions = list(collisions.values())
    return report


def components_of(session: Session, entity: EntitySpec, rows: pl.DataFrame, sheet: TypedSheet):  # noqa: ANN201
    """The (empty) component resolution of an entity that references nothing, shaped as the whole-frame one."""
    return resolve_components(session, entity, rows, {}, [sheet])
