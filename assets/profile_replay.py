"""The profile-regression asset: a changed profile replayed over the profile's stored files, before it is saved."""

import dagster as dg
import polars as pl
import yaml
from pydantic import Field

from assets.failures import user_errors
from assets.presentation import frame_markdown, records_markdown
from dealbrain.profiles.replay import SHOWN_RECORDS, ProfileReplay
from resources.deployment import Deployment


class ProfileReplayConfig(dg.Config):
    """The profile and the changed options (YAML, as in a config file) to compare with its current version."""

    profile: str = Field(description="The profile to replay (importer profiles list).")
    changed_options: str = Field(description="The changed profile as YAML: import options, e.g. 'conflict_policy: keep'.")


@dg.asset(group_name="sources", kinds={"python"}, owners=["team:data-operations"])
def profile_replay(context: dg.AssetExecutionContext, config: ProfileReplayConfig, deployment: dg.ResourceParam[Deployment]) -> dg.MaterializeResult:
    """What a changed profile would do differently to every file its sessions imported (previews only, nothing committed)."""
    actor = deployment.actor_for(context.run)
    with user_errors():
        document = yaml.safe_load(config.changed_options) or {}
        if not isinstance(document, dict):
            raise dg.Failure(description="changed_options must be a YAML mapping of import options.", allow_retries=False)
        report = ProfileReplay(deployment.imports()).replay(actor, config.profile, document, origin="changed_options")
    files = pl.DataFrame({
        "file": [f.file for f in report.files], "differs": [f.differs for f in report.files],
        "changed_records": [len(f.changed_records) for f in report.files],
        "counts_before": [str(f.counts_before) for f in report.files], "counts_after": [str(f.counts_after) for f in report.files],
    })
    changes = [dict(change, file=f.file) for f in report.files for change in f.changed_records][:SHOWN_RECORDS]
    for note in report.notes:
        context.log.warning(note)
    return dg.MaterializeResult(metadata={
        "profile": report.profile, "version": report.version, "differs": report.differs,
        "changed_fields": ", ".join(report.changed_fields) or "none",
        "files": dg.MetadataValue.md(frame_markdown(files)),
        "changed_records": dg.MetadataValue.md(records_markdown(changes) if changes else "_none_"),
    })
