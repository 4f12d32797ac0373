"""Undoing a committed import from Dagster: one run per import session (partition).

The asset calls `dealbrain.importing.undo.undo_import` and shows what it
reverted; a refusal (session not committed or already undone, records touched
since, permission) fails the step with the message.
"""

import time

import dagster as dg
from pydantic import Field

from assets.failures import user_errors
from assets.presentation import markdown, records_markdown
from assets.reference_tables import table_materializations
from assets.session_partitions import ACTOR_TAG, ADMIN_GROUP, SESSION_TAG, import_sessions
from dealbrain.importing.undo import UndoResult, undo_import
from resources.deployment import Deployment

SHOWN_SKIPPED = 50


class UndoConfig(dg.Config):
    """How to undo an import session."""

    only_untouched: bool = Field(
        default=False,
        description=(
            "Keep the records later imports changed or use, and revert the rest. "
            "Off: refuse the whole undo when any record was touched since."
        ),
    )


def _metadata(result: UndoResult) -> dict[str, object]:
    counts = [{"entity": name, **entity_counts} for name, entity_counts in result.counts().items()]
    skipped = [
        {**item, "sessions": ", ".join(item["sessions"])} for item in result.skipped[:SHOWN_SKIPPED]
    ]
    skipped_text = records_markdown(skipped, ["entity", "name", "operation", "reason", "sessions"])
    if len(result.skipped) > SHOWN_SKIPPED:
        skipped_text += f"\n\n_{len(result.skipped) - SHOWN_SKIPPED} more kept record(s) not shown._"
    return {
        "import_session": result.session_id,
        "counts": markdown(records_markdown(counts, ["entity", "deleted", "restored", "skipped"])),
        "skipped": markdown(skipped_text),
        "deleted": sum(result.deleted.values()),
        "restored": sum(result.restored.values()),
        "skipped_total": len(result.skipped),
    }


@dg.asset(
    partitions_def=import_sessions,
    group_name=ADMIN_GROUP,
    kinds={"sqlalchemy"},
    owners=["team:data-operations"],
    deps=["committed_import"],
)
def undone_import(
    context: dg.AssetExecutionContext, config: UndoConfig, deployment: dg.ResourceParam[Deployment]
) -> dg.MaterializeResult:
    """Undo: delete the records the session inserted and restore the ones it updated, unless later imports built on them."""
    started = time.perf_counter()
    actor = deployment.actor_for(context.run)
    session_id = context.partition_key
    context.instance.add_run_tags(context.run.run_id, {SESSION_TAG: session_id, ACTOR_TAG: actor.name})
    with user_errors():
        result = undo_import(deployment.engine(), actor, session_id, only_untouched=config.only_untouched)
    for event in table_materializations(
        deployment.engine(), result.counts(), ("deleted", "restored"), undone_session=session_id, run=context.run.run_id
    ):
        context.log_event(event)
    for item in result.skipped[:SHOWN_SKIPPED]:
        context.log.warning(f"kept {item['entity']} {item['name']!r}: {item['reason']}")
    elapsed = {"stage_seconds": round(time.perf_counter() - started, 4)}
    return dg.MaterializeResult(metadata=_metadata(result) | elapsed)
