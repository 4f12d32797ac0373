"""The import job as Dagster runs it: real materializations on an ephemeral instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine, text

from assets.session_partitions import import_sessions
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.importing.workbooks import (
    CPU_HEADER,
    CPU_ROWS,
    reference_workbook,
    write_xlsx,
)
from tests.support.dagster_runs import step_failure
from tests.support.metadata import has_row, table_rows

pytestmark = pytest.mark.slow


@pytest.fixture
def definitions(engine: Engine, settings: ImporterSettings) -> dg.Definitions:
    return build_definitions(settings)


@pytest.fixture
def instance() -> dg.DagsterInstance:
    return dg.DagsterInstance.ephemeral()


def _run(definitions: dg.Definitions, instance: dg.DagsterInstance, job: str, session: str, config: dict[str, Any]) -> dg.ExecuteInProcessResult:
    instance.add_dynamic_partitions(import_sessions.name, [session])
    return definitions.resolve_job_def(job).execute_in_process(
        run_config=config, instance=instance, partition_key=session, raise_on_error=False
    )


def _import_config(path: Path, **fields: Any) -> dict[str, Any]:
    return {"ops": {"uploaded_workbook": {"config": {"file": str(path), **fields}}}}


def _metadata(instance: dg.DagsterInstance, key: str) -> dict[str, Any]:
    event = instance.get_latest_materialization_event(dg.AssetKey(key))
    assert event is not None, f"{key} was not materialized"
    return {name: value.value for name, value in event.asset_materialization.metadata.items()}


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_preview_run_shows_every_stage_and_writes_nothing(definitions, instance, engine, tmp_path) -> None:
    result = _run(definitions, instance, "import_workbook", "s1", _import_config(reference_workbook(tmp_path / "r.xlsx")))

    assert result.success
    assert has_row(table_rows(_metadata(instance, "uploaded_workbook")["sheets"]), sheet="CPUs", rows=3)
    assert has_row(table_rows(_metadata(instance, "sheet_entities")["sheets"]), sheet="CPUs", rows=3, entity="cpu", declared="inferred")
    mapping = table_rows(_metadata(instance, "column_mappings")["mapping"])
    assert has_row(mapping, sheet="CPUs", bucket="Mapped", field="name")  # the sheet's entity is in sheet_entities' table
    assert has_row(table_rows(_metadata(instance, "typed_rows")["first_rows: CPUs"]), cpu_mark_multi=13875)
    preview = _metadata(instance, "validated_preview")
    assert has_row(table_rows(preview["planned_changes"]), entity="cpu", insert=3, update=0, unchanged=0, skipped=0, rejected=0)
    assert instance.get_latest_materialization_event(dg.AssetKey("committed_import")) is None
    assert _count(engine, "cpu") == 0


def test_commit_run_loads_and_records_table_lineage(definitions, instance, engine, tmp_path) -> None:
    path = reference_workbook(tmp_path / "r.xlsx")
    result = _run(definitions, instance, "import_workbook", "s1", _import_config(path, commit=True))

    assert result.success
    assert _count(engine, "cpu") == 3 and _count(engine, "listing") == 2
    cpu = _metadata(instance, "cpu")
    assert cpu["dagster/row_count"] == 3 and cpu["inserted"] == 3 and cpu["import_session"] == "s1"
    assert [c.name for c in cpu["dagster/column_schema"].columns][:2] == ["name", "manufacturer"]
    lineage = cpu["dagster/column_lineage"].deps_by_column
    assert [(d.asset_key, d.column_name) for d in lineage["cpu_mark_multi"]] == [(dg.AssetKey("uploaded_workbook"), "CPUs.CPU Mark")]
    assert instance.get_latest_materialization_event(dg.AssetKey("valuation_rule")) is None


def test_preview_then_commit_import_job_writes_the_stored_preview(definitions, instance, engine, tmp_path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    assert _run(definitions, instance, "import_workbook", "s1", _import_config(path)).success
    assert _count(engine, "cpu") == 0

    assert _run(definitions, instance, "commit_import", "s1", {}).success
    assert _count(engine, "cpu") == 3


def test_commit_import_refuses_a_stale_preview(definitions, instance, engine, tmp_path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    assert _run(definitions, instance, "import_workbook", "s1", _import_config(path)).success
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO cpu (name, cores) VALUES ('Intel Core i7-8700', 4)"))

    result = _run(definitions, instance, "commit_import", "s1", {})

    assert not result.success
    failure = next(e for e in result.all_events if e.event_type is dg.DagsterEventType.STEP_FAILURE)
    assert "changed since" in failure.step_failure_data.user_failure_data.description
    assert _count(engine, "cpu") == 1


def test_a_blocked_preview_warns_on_its_check_and_a_commit_run_is_refused_with_the_reasons(
    definitions, instance, engine, tmp_path
) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], ["Broken", "Intel", "six", 12, 65, 1, 1, 2017]]
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows})

    preview = _run(definitions, instance, "import_workbook", "s1", _import_config(path))
    assert preview.success
    assert instance.get_run_by_id(preview.run_id).tags["dealbrain/verdict"] == "blocked"
    (check,) = [e for e in preview.all_events if e.event_type is dg.DagsterEventType.ASSET_CHECK_EVALUATION]
    assert not check.event_specific_data.passed and check.event_specific_data.severity is dg.AssetCheckSeverity.WARN
    assert _metadata(instance, "validated_preview")["verdict"].startswith("**Blocked.**")

    refused = _run(definitions, instance, "import_workbook", "s2", _import_config(path, commit=True))
    assert "1 row(s) failed validation" in step_failure(refused)
    assert instance.get_run_by_id(refused.run_id).tags["dealbrain/verdict"] == "refused"
    assert _count(engine, "cpu") == 0
    assert has_row(table_rows(_metadata(instance, "validated_preview")["failing_rows"]), sheet="CPUs", column="Cores", raw_value="six")
    for table in ("cpu", "gpu", "listing"):
        assert instance.get_latest_materialization_event(dg.AssetKey(table)) is None


def test_an_operator_error_fails_the_step_with_its_message(definitions, instance, tmp_path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    result = _run(definitions, instance, "import_workbook", "s1", _import_config(path, declared_entities={"Laptops": "cpu"}))
    assert "Declared sheet(s) 'Laptops' not found in cpus.xlsx; its sheets are 'CPUs'." in step_failure(result)


def test_listing_preview_shows_matches_conflicts_and_override_effects(definitions, instance, engine, tmp_path) -> None:
    assert _run(definitions, instance, "import_workbook", "s1", _import_config(reference_workbook(tmp_path / "r.xlsx"), commit=True)).success
    listings = [
        ["Title", "Price", "CPU", "RAM"],
        ["OptiPlex 7060 SFF", "$299.00", "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz", "32GB"],
        ["Mystery box", 100, "Intel Core i9-99999K", "8GB"],
    ]
    path = write_xlsx(tmp_path / "listings.xlsx", {"Listings": listings})
    config = _import_config(
        path,
        conflict_policy="update",
        overrides=[{"sheet": "Listings", "action": "set_field", "rows": "3", "field": "ram_gb", "value": "16GB"}],
    )

    assert _run(definitions, instance, "import_workbook", "s2", config).success

    preview = _metadata(instance, "validated_preview")
    assert has_row(table_rows(preview["component_matches"]), field="cpu", status="auto", matched="Intel Core i7-8700")
    assert "Would create, blocked by on_unknown_component cpu: Intel Core i9-99999K" in preview["component_matches_notes"]
    conflicts = table_rows(preview["conflicts"])
    assert has_row(conflicts, entity="listing", key="OptiPlex 7060 SFF", field="price_usd", before="320.0", after="299.0",
                   decision="update")
    assert "listing: 1 conflict(s); decided update: 1." in preview["conflicts_notes"]
    typed = _metadata(instance, "typed_rows")
    assert table_rows(typed["overrides"]) == [
        {"override": 1, "does": "set_field ram_gb = '16GB' rows 3", "rows_affected": 1, "discarded_rows": ""}
    ]
    assert table_rows(typed["override_changes"]) == [{"override": 1, "row": 3, "field": "ram_gb", "before": "8", "after": "16"}]


def _messages(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> list[str]:
    return [record.user_message for record in instance.all_logs(result.run_id)]


def test_a_file_imported_batch_by_batch_reports_each_batch_in_the_run_log(engine, settings, instance, tmp_path) -> None:
    lines = ["CPU Name,Cores"] + [f"Test CPU {index:04d},{4 + index % 8}" for index in range(20)]
    path = tmp_path / "cpus.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    definitions = build_definitions(settings.model_copy(update={"import_batch_above_bytes": 1, "import_batch_rows": 7}))

    preview = _run(definitions, instance, "import_workbook", "b1", _import_config(path, declared_entities={"cpus": "cpu"}))
    assert preview.success
    messages = _messages(instance, preview)
    assert "Progress: cpus: batch 3 read, typed and validated (20 rows so far, 0 invalid)" in messages
    assert "Progress: cpus: batch 3 of 3 planned against the stored CPU records" in messages

    commit = _run(definitions, instance, "commit_import", "b1", {})
    assert commit.success and _count(engine, "cpu") == 20
    assert any(m.startswith("Progress: CPU: batch 3 of 3 written (20 inserted, 0 updated so far") for m in _messages(instance, commit))
