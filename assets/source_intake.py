"""The recurring-source asset: one unattended run of a source's file, committed when clean, held otherwise.

`source_intake` previews the file under the source's profile, compares it
with the source's previous import (drift checks, WARN unless the source makes
them blocking) and either commits it (the reference tables materialize) or
holds it for a person: the run is tagged ``dealbrain/held`` with the reason,
and the ERROR check `unattended_commit` fails, so alerts on check failures
fire. The person's decision is an ordinary `commit_import` run of the
session (or a new preview with their choices).

A URL source's run fetches the file first: unchanged content since the
source's last import imports nothing (tag ``dealbrain/verdict=unchanged``,
every check passes saying so); a fetch that fails fails the step with a
sentence saying whether retrying may help (and Dagster's retries are
allowed only then).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from pydantic import Field

from assets.failures import user_errors
from assets.reference_tables import table_materializations
from assets.session_partitions import (
    ACTOR_TAG, FILE_TAG, HELD_TAG, PROFILE_TAG, SESSION_TAG, SOURCE_TAG, VERDICT_TAG, Verdict, import_sessions,
)
from dealbrain.sources.declaration import DRIFT_CHECKS, SourceDeclaration
from dealbrain.sources.fetch import SourceFetchError
from dealbrain.sources.loader import find_source
from dealbrain.sources.runner import SourceOutcome, SourceRunner
from dealbrain.sources.url_runs import UnchangedSource, run_url_source
from resources.deployment import Deployment

SOURCE_GROUP = "sources"
UNATTENDED_CHECK = "unattended_commit"


class SourceRunConfig(dg.Config):
    """Which source, and which of its files (the sensor or schedule fills both in)."""

    source: str = Field(description="The source's name: its file name in the sources folder, without .yaml.")
    file: str = Field(default="", description="The file to import (one of the source's files); empty for a URL source, whose run fetches it.")


@contextmanager
def fetch_errors() -> Iterator[None]:
    """A failed fetch fails the step with its sentence; Dagster may retry it only when retrying may help."""
    try:
        yield
    except SourceFetchError as error:
        raise dg.Failure(description=str(error), allow_retries=error.retry_may_help,
                         metadata={"retry_may_help": error.retry_may_help}) from None


def _checks(outcome: SourceOutcome) -> list[dg.AssetCheckResult]:
    results = [
        dg.AssetCheckResult(
            check_name=f"drift_{m.check}", passed=m.passed, description=m.reason,
            severity=dg.AssetCheckSeverity.ERROR if m.check in outcome.blocking_checks else dg.AssetCheckSeverity.WARN,
            metadata={"figures": dg.MetadataValue.json(m.figures)},
        )
        for m in outcome.drift
    ]
    results.append(dg.AssetCheckResult(
        check_name=UNATTENDED_CHECK, passed=not outcome.held, severity=dg.AssetCheckSeverity.ERROR,
        description="; ".join(outcome.held_because) or "Committed unattended.",
        metadata={"held_because": dg.MetadataValue.md("\n".join(f"- {r}" for r in outcome.held_because) or "_nothing_")},
    ))
    return results


def _unchanged(context: dg.AssetExecutionContext, source: SourceDeclaration, unchanged: UnchangedSource, actor: str) -> dg.MaterializeResult:
    context.instance.add_run_tags(context.run.run_id, {
        SESSION_TAG: unchanged.session_id, ACTOR_TAG: actor, FILE_TAG: unchanged.file_name, SOURCE_TAG: source.name,
        HELD_TAG: "false", VERDICT_TAG: str(Verdict.UNCHANGED)})
    context.log.info(unchanged.reason)
    checks = [dg.AssetCheckResult(check_name=name, passed=True, description=unchanged.reason)
              for name in (*(f"drift_{check}" for check in DRIFT_CHECKS), UNATTENDED_CHECK)]
    return dg.MaterializeResult(
        metadata={"session": unchanged.session_id, "source": source.name, "profile": source.profile, "unchanged": True,
                  "unchanged_since": unchanged.previous_session, "sha256": unchanged.sha256, "held": False},
        check_results=checks,
    )


@dg.asset(
    partitions_def=import_sessions,
    group_name=SOURCE_GROUP,
    kinds={"python", "sqlalchemy"},
    owners=["team:data-operations"],
    check_specs=[
        *(dg.AssetCheckSpec(f"drift_{name}", asset="source_intake", description=f"Drift against the source's previous import: {name}.")
          for name in DRIFT_CHECKS),
        dg.AssetCheckSpec(UNATTENDED_CHECK, asset="source_intake",
                          description="The file committed unattended; failed when it is held for a person."),
    ],
)
def source_intake(context: dg.AssetExecutionContext, config: SourceRunConfig, deployment: dg.ResourceParam[Deployment]) -> dg.MaterializeResult:
    """Preview a source's file under its profile and commit it only if nothing needs a person."""
    actor = deployment.actor_for(context.run)
    session_id = context.partition_key
    with user_errors(), fetch_errors():
        source = find_source(deployment.settings.sources_dir, config.source)
        runner = SourceRunner(deployment.imports(), deployment.settings.environment.switches.unattended_commits)
        if source.url is not None:
            outcome = run_url_source(runner, actor, source, session_id)
        else:
            outcome = runner.run(actor, source, source.declared_in.parent / config.file, session_id)
    if isinstance(outcome, UnchangedSource):
        return _unchanged(context, source, outcome, actor.name)
    tags = {SESSION_TAG: session_id, ACTOR_TAG: actor.name, FILE_TAG: outcome.preview.request.source_name, SOURCE_TAG: source.name,
            PROFILE_TAG: f"{source.profile}@{outcome.profile_version}",
            HELD_TAG: "true" if outcome.held else "false", VERDICT_TAG: str(Verdict.HELD if outcome.held else Verdict.COMMITTED)}
    context.instance.add_run_tags(context.run.run_id, tags)
    for reason in outcome.held_because:
        context.log.warning(f"Held for review: {reason}")
    if outcome.result is not None:
        for event in table_materializations(deployment.engine(), outcome.result.counts(), ("inserted", "updated"),
                                            import_session=session_id, run=context.run.run_id):
            context.log_event(event)
    return dg.MaterializeResult(
        metadata={
            "session": session_id, "source": source.name, "profile": source.profile,
            "profile_version": outcome.profile_version or 0, "held": outcome.held,
            "held_because": dg.MetadataValue.md("\n".join(f"- {r}" for r in outcome.held_because) or "_committed_"),
            "counts": dg.MetadataValue.json(outcome.preview.counts()),
        },
        check_results=_checks(outcome),
    )
