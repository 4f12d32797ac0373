"""The import job's assets, one per stage, each partitioned by import session.

Every asset calls one stage function of `dealbrain.importing.stages` and
attaches what an operator needs to decide as metadata.
"""


import time
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from assets.import_config import CommitConfig, ImportConfig
from assets.import_metadata import (
    commit_metadata,
    entities_metadata,
    mapping_metadata,
    parse_metadata,
    preview_metadata,
    typing_metadata,
)
from dealbrain.auth import Permission, require
from dealbrain.importing.errors import OPERATOR_ERRORS
from dealbrain.importing.stages.commit import CommitResult, commit_preview
from dealbrain.importing.stages.entities import ResolvedWorkbook, resolve_entities
from dealbrain.importing.stages.mapping import MappedWorkbook, map_columns
from dealbrain.importing.stages.overrides import apply_bulk_overrides
from dealbrain.importing.stages.parse import ParsedUpload, parse_upload
from dealbrain.importing.stages.typing import TypedWorkbook, apply_custom_fields
from dealbrain.importing.stages.validation import ImportPreview, validate_import
from pipelines.partitions import import_sessions
from resources.database import DatabaseResource
from resources.identity import ActorResource
from resources.upload_store import UploadStoreResource

GROUP = "import_session"
SESSION_TAG = "dealbrain/session"
ACTOR_TAG = "dealbrain/actor"
CAN_COMMIT_CHECK = "can_commit"


@contextmanager
def operator_errors() -> Iterator[None]:
    """Show errors an operator can fix as a failed step with the message, not a traceback."""
    try:
        yield
    except OPERATOR_ERRORS as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None


def _elapsed(started: float) -> dict[str, float]:
    return {"stage_seconds": round(time.perf_counter() - started, 4)}


@dg.asset(
    partitions_def=import_sessions,
    group_name=GROUP,
    kinds={"polars", "excel"},
    owners=["team:data-operations"],
)
def uploaded_workbook(
    context: dg.AssetExecutionContext,
    config: ImportConfig,
    database: DatabaseResource,
    uploads: UploadStoreResource,
    identity: ActorResource,
) -> dg.MaterializeResult[ParsedUpload]:
    """Parse: keep the file under its sha256, read every sheet (header detection, clean-up), open the session."""
    started = time.perf_counter()
    actor = identity.actor()
    session_id = context.partition_key
    context.instance.add_run_tags(context.run.run_id, {SESSION_TAG: session_id, ACTOR_TAG: actor.name})
    with operator_errors():
        request = config.to_request(session_id, actor.name)
        require(database.engine(), actor, Permission.IMPORT_PREVIEW, action="preview an import")
        parsed = parse_upload(request, database.engine(), uploads.store())
    for warning in parsed.warnings:
        context.log.warning(warning)
    return dg.MaterializeResult(value=parsed, metadata=parse_metadata(parsed) | _elapsed(started))


@dg.asset(partitions_def=import_sessions, group_name=GROUP, kinds={"python"})
def sheet_entities(
    context: dg.AssetExecutionContext, uploaded_workbook: ParsedUpload, database: DatabaseResource
) -> dg.MaterializeResult[ResolvedWorkbook]:
    """Declared-entity resolution: each sheet's entity, declared or inferred, with confidence and mismatches."""
    started = time.perf_counter()
    with operator_errors():
        resolved = resolve_entities(uploaded_workbook, database.engine())
    for warning in resolved.warnings:
        context.log.warning(warning)
    return dg.MaterializeResult(value=resolved, metadata=entities_metadata(resolved) | _elapsed(started))


@dg.asset(partitions_def=import_sessions, group_name=GROUP, kinds={"python"})
def column_mappings(sheet_entities: ResolvedWorkbook, database: DatabaseResource) -> dg.MaterializeResult[MappedWorkbook]:
    """Column mapping: mapped, suggested and new columns per sheet, with samples, confidence and rationale."""
    started = time.perf_counter()
    with operator_errors():
        mapped = map_columns(sheet_entities, database.engine())
    return dg.MaterializeResult(value=mapped, metadata=mapping_metadata(mapped) | _elapsed(started))


@dg.asset(partitions_def=import_sessions, group_name=GROUP, kinds={"polars"})
def typed_rows(
    column_mappings: MappedWorkbook, database: DatabaseResource, identity: ActorResource
) -> dg.MaterializeResult[TypedWorkbook]:
    """Custom-field application: promoted columns become custom fields, cells are coerced, bulk overrides applied."""
    started = time.perf_counter()
    with operator_errors():
        typed = apply_bulk_overrides(apply_custom_fields(column_mappings, database.engine(), identity.actor()), database.engine())
    return dg.MaterializeResult(value=typed, metadata=typing_metadata(typed) | _elapsed(started))


@dg.asset(
    partitions_def=import_sessions,
    group_name=GROUP,
    kinds={"pandera", "polars"},
    check_specs=[
        dg.AssetCheckSpec(
            CAN_COMMIT_CHECK,
            asset="validated_preview",
            blocking=True,
            description="Nothing blocks the commit: no invalid rows (unless skipped), duplicates, missing fields or pending approvals.",
        )
    ],
)
def validated_preview(
    typed_rows: TypedWorkbook, database: DatabaseResource, uploads: UploadStoreResource
):  # returns dg.MaterializeResult[ImportPreview]; no annotation, since the check adds an output
    """Validation: pandera schemas from the entity specs and custom fields, duplicates, references, planned changes."""
    started = time.perf_counter()
    with operator_errors():
        preview = validate_import(typed_rows, database.engine(), uploads.store().root / "errors")
    committing = typed_rows.mapped.request.commit
    check = dg.AssetCheckResult(
        check_name=CAN_COMMIT_CHECK,
        passed=preview.can_commit,
        severity=dg.AssetCheckSeverity.ERROR if committing else dg.AssetCheckSeverity.WARN,
        metadata={"blocking": dg.MetadataValue.md("\n".join(f"- {r}" for r in preview.blocking) or "_nothing_")},
        description="; ".join(preview.blocking) or "Ready to commit.",
    )
    return dg.MaterializeResult(
        value=preview, metadata=preview_metadata(preview) | _elapsed(started), check_results=[check]
    )


@dg.asset(partitions_def=import_sessions, group_name=GROUP, kinds={"sqlalchemy"}, output_required=False)
def committed_import(
    context: dg.AssetExecutionContext,
    config: CommitConfig,
    validated_preview: ImportPreview,
    database: DatabaseResource,
    identity: ActorResource,
) -> Iterator[dg.MaterializeResult[CommitResult]]:
    """Load: write exactly the previewed rows in one transaction, or refuse if the database changed since."""
    request = validated_preview.typed.mapped.request
    if not (request.commit or config.commit_last_preview):
        context.log.info(f"Session {request.session_id} was previewed only; launch commit_import to write it.")
        return
    started = time.perf_counter()
    actor = identity.actor()
    with operator_errors():
        require(database.engine(), actor, Permission.IMPORT_COMMIT, action="commit an import",
                import_session_id=request.session_id)
        result = commit_preview(validated_preview, database.engine(), committed_by=actor.name)
    yield dg.MaterializeResult(value=result, metadata=commit_metadata(result) | _elapsed(started))


IMPORT_STAGE_ASSETS = [uploaded_workbook, sheet_entities, column_mappings, typed_rows, validated_preview, committed_import]
