"""The import job's assets: one per stage of `dealbrain.importing.spine`, then the load.

Each stage asset is made by `stage_asset` from the stage's declaration: it
finds who acts, calls `ImportService.run_stage`, logs the stage's new
warnings and attaches what an operator decides on as metadata. The load,
`committed_import`, commits the session's stored preview through the same
service, and reports a materialization of each reference table it changed.
"""


import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import dagster as dg

from assets.failures import user_errors
from assets.import_metadata import STAGE_METADATA, commit_metadata
from assets.launch_config import ImportConfig, to_options
from assets.progress_log import logged_progress
from assets.reference_tables import table_materializations
from assets.session_partitions import (
    ACTOR_TAG,
    FILE_TAG,
    IMPORT_GROUP,
    PROFILE_TAG,
    SESSION_TAG,
    VERDICT_TAG,
    Verdict,
    import_sessions,
)
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.spine import COMMIT_STAGE, PREVIEW_STAGES, Stage
from dealbrain.importing.stages.commit import CommitResult
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.profiles import ProfileService
from resources.deployment import Deployment

CAN_COMMIT_CHECK = "can_commit"
COMMIT_JOB = "commit_import"
STAGE_KINDS = {
    "uploaded_workbook": {"polars", "excel"},
    "sheet_entities": {"python"},
    "column_mappings": {"python"},
    "typed_rows": {"polars"},
    "validated_preview": {"pandera", "polars"},
}


def _seconds(started: float) -> dict[str, float]:
    return {"stage_seconds": round(time.perf_counter() - started, 4)}


def _tag_run(context: dg.AssetExecutionContext, tags: dict[str, str]) -> None:
    context.instance.add_run_tags(context.run.run_id, tags)


def _can_commit(preview: ImportPreview) -> dg.AssetCheckResult:
    """A failed WARN check while the preview is blocked: visible on the session, without failing the run."""
    return dg.AssetCheckResult(
        check_name=CAN_COMMIT_CHECK,
        passed=preview.can_commit,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"blocking": dg.MetadataValue.md("\n".join(f"- {r}" for r in preview.blocking) or "_nothing_")},
        description="; ".join(preview.blocking) or "Ready to commit.",
    )


def _run_stage(context: dg.AssetExecutionContext, deployment: Deployment, stage: Stage, given: Any) -> dg.MaterializeResult:
    started = time.perf_counter()
    actor = deployment.actor_for(context.run)
    earlier_warnings = len(getattr(given, "warnings", []))
    with user_errors():
        if stage.needs is None:
            options = to_options(given, ImportOptions)
            if not options.file:
                options = options.model_copy(update={"file": str(deployment.inbox_file_for(context.partition_key))})
            options, profile_version = ProfileService(deployment.engine()).resolve(actor, options)
            request = replace(options.to_request(context.partition_key, actor.name), profile_version=profile_version)
            if options.profile:
                _tag_run(context, {PROFILE_TAG: f"{options.profile}@{profile_version}"})
            _tag_run(context, {SESSION_TAG: request.session_id, ACTOR_TAG: actor.name, FILE_TAG: request.source_name})
            given = request
        result = deployment.imports().run_stage(stage, actor, given, progress=logged_progress(context))
    for warning in result.warnings[earlier_warnings:]:
        context.log.warning(warning)
    checks = []
    if isinstance(result, ImportPreview):
        checks.append(_can_commit(result))
        _tag_run(context, {VERDICT_TAG: str(Verdict.READY if result.can_commit else Verdict.BLOCKED)})
    return dg.MaterializeResult(
        value=result, metadata=STAGE_METADATA[stage.name](result) | _seconds(started), check_results=checks
    )


def stage_asset(stage: Stage) -> dg.AssetsDefinition:
    """The asset of one preview stage, partitioned by import session."""
    common: dict[str, Any] = {
        "name": stage.name,
        "description": stage.description,
        "partitions_def": import_sessions,
        "group_name": IMPORT_GROUP,
        "kinds": STAGE_KINDS[stage.name],
        "owners": ["team:data-operations"],
    }
    if stage.name == "validated_preview":
        common["check_specs"] = [
            dg.AssetCheckSpec(
                CAN_COMMIT_CHECK, asset=stage.name,
                description="Nothing blocks the commit: no invalid rows (unless skipped), duplicates, undecided conflicts, missing fields or pending approvals.",
            )
        ]
    if stage.needs is None:

        @dg.asset(**common)
        def first_stage(context: dg.AssetExecutionContext, config: ImportConfig, deployment: dg.ResourceParam[Deployment]):
            return _run_stage(context, deployment, stage, config)

        return first_stage

    @dg.asset(ins={"given": dg.AssetIn(stage.needs)}, **common)
    def later_stage(context: dg.AssetExecutionContext, given: Any, deployment: dg.ResourceParam[Deployment]):
        return _run_stage(context, deployment, stage, given)

    return later_stage


@dg.asset(
    name=COMMIT_STAGE,
    partitions_def=import_sessions,
    group_name=IMPORT_GROUP,
    kinds={"sqlalchemy"},
    owners=["team:data-operations"],
    deps=[PREVIEW_STAGES[-1].name],
    output_required=False,
)
def committed_import(
    context: dg.AssetExecutionContext, deployment: dg.ResourceParam[Deployment]
) -> Iterator[dg.MaterializeResult[CommitResult]]:
    """Load: write exactly the session's stored preview in one transaction, or refuse if anything changed since."""
    actor = deployment.actor_for(context.run)
    session_id = context.partition_key
    service = deployment.imports()
    _tag_run(context, {SESSION_TAG: session_id, ACTOR_TAG: actor.name})
    if context.job_def.name != COMMIT_JOB and not service.commit_requested(session_id):
        context.log.info(f"Session {session_id} was previewed only; launch commit_import to write it.")
        return
    started = time.perf_counter()
    try:
        with user_errors():
            result = service.commit(actor, session_id, progress=logged_progress(context))
    except dg.Failure:
        _tag_run(context, {VERDICT_TAG: str(Verdict.REFUSED)})
        raise
    _tag_run(context, {VERDICT_TAG: str(Verdict.COMMITTED)})
    counts = result.counts()
    for event in table_materializations(
        deployment.engine(), counts, ("inserted", "updated"), import_session=session_id, run=context.run.run_id
    ):
        context.log_event(event)
    yield dg.MaterializeResult(value=result, metadata=commit_metadata(result) | _seconds(started))


IMPORT_STAGE_ASSETS = [*(stage_asset(stage) for stage in PREVIEW_STAGES), committed_import]
