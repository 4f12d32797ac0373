"""The `import_metrics` asset: numeric figures and the 30-day table on each materialization, timings from the runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.metrics import import_metrics
from assets.session_partitions import import_sessions
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from dealbrain.records import RecordService
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import reference_workbook
from tests.metrics.sequence import EXPECTED_TODAY, import_and_edit
from tests.support.dagster_runs import materialize


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    (event,) = result.asset_materializations_for_node("import_metrics")
    return {name: value.value for name, value in event.metadata.items()}


def test_the_asset_reports_the_figures_of_a_known_sequence(
    run: ImportRunner, engine: Engine, records: RecordService, custom_field: Callable[..., None], tmp_path: Path,
    upload_store: UploadStore, settings: ImporterSettings,
) -> None:
    import_and_edit(run, engine, records, custom_field, tmp_path, ImportService(engine, upload_store))

    result = materialize([import_metrics], settings)

    assert result.success
    metadata = _metadata(result)
    for name in ("previewed", "committed", "held", "refused", "edits", "bulk_updates"):
        assert metadata[f"{name}_30d"] == EXPECTED_TODAY[name], name
    assert metadata["cpu_rows_inserted_30d"] == 4 and metadata["listing_rows_inserted_30d"] == 2
    assert metadata["custom_fields_defined"] == 1 and metadata["records_with_custom_values"] == 3
    assert "median_preview_seconds" not in metadata, "no runs, no timings"
    table = metadata["last_30_days"].splitlines()
    assert table[0].startswith("| day | previewed | committed | held | refused |") and len(table) == 32
    assert "| 4 | 2 | 1 | 1 | 8 | 0 | 1 | 1 | 1 |" in table[2]
    assert "| cpu | l3_cache_mb | 3 | 4 |" in metadata["custom_field_usage"]


@pytest.mark.slow
def test_preview_and_commit_times_come_from_the_runs(engine: Engine, settings: ImporterSettings, tmp_path: Path) -> None:
    instance = dg.DagsterInstance.ephemeral()
    definitions = build_definitions(settings)
    for session, commit in (("m1", False), ("m2", True)):
        instance.add_dynamic_partitions(import_sessions.name, [session])
        config = {"file": str(reference_workbook(tmp_path / f"{session}.xlsx")), "commit": commit}
        done = definitions.resolve_job_def("import_workbook").execute_in_process(
            run_config={"ops": {"uploaded_workbook": {"config": config}}}, instance=instance, partition_key=session,
        )
        assert done.success

    metadata = _metadata(definitions.resolve_job_def("refresh_metrics").execute_in_process(instance=instance))

    assert metadata["median_preview_seconds"] > 0 and metadata["median_commit_seconds"] > 0
    assert metadata["previewed_30d"] == 2 and metadata["committed_30d"] == 1 and metadata["cpu_rows_inserted_30d"] == 3


def test_metrics_refresh_after_every_audited_run_and_daily(settings: ImporterSettings) -> None:
    definitions = build_definitions(settings)
    graph = definitions.resolve_asset_graph()
    refreshed = definitions.resolve_job_def("refresh_audit_log").asset_layer.executable_asset_keys
    assert refreshed == {dg.AssetKey("audit_log"), dg.AssetKey("import_metrics")}
    schedule = definitions.resolve_schedule_def("refresh_metrics_schedule")
    assert schedule.cron_schedule == "15 0 * * *" and schedule.job_name == "refresh_metrics"
    node = graph.get(dg.AssetKey("import_metrics"))
    assert node.group_name == "audit" and node.kinds == {"sql"}
