"""The audit view: filtered from the Launchpad like `importer audit`, refreshed after each audited run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.audit import audit_log
from dealbrain.audit import AuditAction, record_event
from dealbrain.db.engine import transaction
from dealbrain.settings import ImporterSettings
from pipelines.audit_refresh import AUDITED_JOBS, audit_refresh_sensors, refresh_audit_log_job
from pipelines.definitions import build_definitions
from tests.support.dagster_runs import materialize, step_failure


@pytest.fixture
def logged(engine: Engine) -> Engine:
    with transaction(engine) as session:
        record_event(session, actor="ada", action=AuditAction.COMMIT, entity="cpu", import_session_id=None, payload={"n": 1})
        record_event(session, actor="bob", action=AuditAction.COMMIT_REFUSED, entity=None, payload={"reason": "blocked: 2 rows"})
        record_event(session, actor="ada", action=AuditAction.UNDO, entity="gpu")
    return engine


def _audit(settings: ImporterSettings, **filters: object) -> tuple[dg.ExecuteInProcessResult, dict]:
    with dg.DagsterInstance.ephemeral() as instance:
        result = materialize([audit_log], settings, instance=instance, run_config={"ops": {"audit_log": {"config": filters}}})
        if not result.success:
            return result, {}
        (event,) = result.asset_materializations_for_node("audit_log")
        return result, {key: value.value for key, value in event.metadata.items()}


def _rows(metadata: dict) -> list[dict]:
    return [record.data for record in metadata["recent_events"].records]


def test_filters_as_in_the_cli(logged: Engine, settings: ImporterSettings) -> None:
    _, by_actor = _audit(settings, actor="ada")
    assert by_actor["shown_events"] == 2 and by_actor["filters"] == "actor = ada"
    _, refused = _audit(settings, action="commit_refused")
    assert refused["shown_events"] == 1 and "blocked: 2 rows" in _rows(refused)[0]["details"]
    _, by_entity = _audit(settings, entity="gpu", since=f"{datetime.now(UTC) - timedelta(days=1):%Y-%m-%d}")
    assert by_entity["shown_events"] == 1 and (_rows(by_entity)[0]["action"], _rows(by_entity)[0]["entity"]) == ("undo", "gpu")
    _, future = _audit(settings, until="2000-01-01")
    assert future["shown_events"] == 0 and future["dagster/row_count"] == 3


def test_a_bad_date_is_a_sentence_and_a_misspelt_action_is_refused_before_launch(logged: Engine, settings: ImporterSettings) -> None:
    result, _ = _audit(settings, since="last tuesday")
    assert step_failure(result).startswith("since/until: 'last tuesday' is not a date (YYYY-MM-DD)")
    with pytest.raises(dg.DagsterInvalidConfigError, match="commmit"):
        _audit(settings, action="commmit")


@pytest.mark.slow  # real import_workbook runs: `make test-all`
def test_audited_runs_request_a_refresh_and_the_sensors_are_on_in_the_embedded_set_up(tmp_path: Path, logged: Engine, settings: ImporterSettings) -> None:
    embedded = audit_refresh_sensors(ImporterSettings(data_dir=tmp_path / "embedded"))
    assert {s.default_status for s in embedded} == {dg.DefaultSensorStatus.RUNNING}
    assert {s.default_status for s in audit_refresh_sensors(settings)} == {dg.DefaultSensorStatus.STOPPED}
    assert {job.name for job in AUDITED_JOBS} == {"import_workbook", "commit_import", "undo_import", "manage_custom_fields"}

    definitions = build_definitions(settings)
    sensor = next(s for s in definitions.sensors if s.name == "audit_after_failure")
    assert sensor.job_name == refresh_audit_log_job.name
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("import_sessions", ["gone"])
        failed = definitions.resolve_job_def("import_workbook").execute_in_process(
            run_config={"ops": {"uploaded_workbook": {"config": {"file": str(tmp_path / "missing.xlsx")}}}},
            instance=instance, partition_key="gone", raise_on_error=False,
        )
        assert not failed.success
        failure = next(e for e in instance.all_logs(failed.run_id) if e.dagster_event and e.dagster_event.event_type is dg.DagsterEventType.RUN_FAILURE)
        context = dg.build_run_status_sensor_context(
            sensor_name=sensor.name, dagster_event=failure.dagster_event, dagster_instance=instance, dagster_run=failed.dagster_run,
        )
        request = sensor(context)
    assert isinstance(request, dg.RunRequest) and request.run_key == f"audit:{failed.run_id}"
