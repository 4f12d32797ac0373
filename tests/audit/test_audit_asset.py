"""The `audit_log` asset: the latest events and the counts per action, as UI metadata."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.audit import audit_log
from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Role
from dealbrain.db.engine import transaction
from dealbrain.settings import ImporterSettings
from tests.support.dagster_runs import auth_settings, launch_tags_as, materialize

pytestmark = pytest.mark.slow  # Dagster runs (or fresh interpreters): `make test-all`


def _materialize(settings: ImporterSettings, tags: dict[str, str] | None = None) -> tuple[dg.ExecuteInProcessResult, dict]:
    with dg.DagsterInstance.ephemeral() as instance:
        result = materialize([audit_log], settings, instance=instance, tags=tags)
        if not result.success:
            return result, {}
        (materialization,) = result.asset_materializations_for_node("audit_log")
        return result, {key: value.value for key, value in materialization.metadata.items()}


def test_recent_events_and_counts(engine: Engine, tmp_path: Path, database_url: str) -> None:
    tags = launch_tags_as(engine, "viewer", Role.ANALYST)  # two user_changed events: the bootstrap admin and viewer
    with transaction(engine) as session:
        for index in range(60):
            record_event(session, actor="ada", action=AuditAction.MAPPING_SAVED, entity="cpu", import_session_id=None,
                         payload={"n": index})
        record_event(session, actor="o|tto", action=AuditAction.PERMISSION_DENIED, entity="gpu")
    result, metadata = _materialize(auth_settings(tmp_path, database_url), tags)
    assert result.success
    assert metadata["dagster/row_count"] == 2 + 61
    events = metadata["recent_events"]  # a table, shown inline at any length (Markdown over 1,000 characters is not)
    assert [column.name for column in events.schema.columns] == ["time", "actor", "action", "entity", "session", "details"]
    rows = [record.data for record in events.records]
    assert len(rows) == 50 and rows[0]["actor"] == "o|tto" and rows[0]["action"] == "permission_denied"
    assert rows[1]["details"] == '{"n": 59}'  # the payload whole
    counts = {record.data["action"]: record.data["events"] for record in metadata["events_per_action"].records}
    assert counts["mapping_saved"] == 60 and counts["permission_denied"] == 1


def test_an_empty_log(engine: Engine, tmp_path: Path, database_url: str) -> None:
    result, metadata = _materialize(ImporterSettings(data_dir=tmp_path / "data", database_url=database_url))
    assert result.success and metadata["dagster/row_count"] == 0 and metadata["recent_events"].records == []
