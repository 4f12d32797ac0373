"""Starting an import from the UI alone: materialize `inbox_files`, then launch the session it registered."""

from __future__ import annotations

from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.session_partitions import import_sessions
from dealbrain.auth import Role
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.importing.workbooks import reference_workbook
from tests.support.dagster_runs import auth_settings, launch_tags_as, step_failure
from tests.support.metadata import table_rows

pytestmark = pytest.mark.slow


def _metadata(result: dg.ExecuteInProcessResult, key: str) -> dict[str, Any]:
    (event,) = result.asset_materializations_for_node(key)
    return {name: value.value for name, value in event.metadata.items()}


def _register(definitions: dg.Definitions, instance: dg.DagsterInstance, **tags: str) -> dg.ExecuteInProcessResult:
    job = definitions.resolve_implicit_global_asset_job_def().get_subset(asset_selection={dg.AssetKey("inbox_files")})
    return job.execute_in_process(instance=instance, tags=tags or None, raise_on_error=False)


def test_inbox_files_become_sessions_that_launch_without_a_file(engine: Engine, settings: ImporterSettings) -> None:
    definitions, instance = build_definitions(settings), dg.DagsterInstance.ephemeral()
    reference_workbook(settings.effective_inbox_dir / "December CPUs.xlsx")
    (settings.effective_inbox_dir / "readme.md").write_text("not importable", encoding="utf-8")

    registered = _register(definitions, instance)

    assert registered.success
    (session,) = instance.get_dynamic_partitions(import_sessions.name)
    assert session.startswith("december-cpus-20")
    shown = _metadata(registered, "inbox_files")
    (row,) = table_rows(shown["files"])
    assert shown["new_sessions"] == 1 and row["session"] == session and row["file"] == "December CPUs.xlsx"
    assert row["registered"] == "now" and row["bytes"] == (settings.effective_inbox_dir / "December CPUs.xlsx").stat().st_size
    assert "import_workbook" in shown["next_step"]

    again = _register(definitions, instance)
    again_shown = _metadata(again, "inbox_files")
    assert again_shown["new_sessions"] == 0 and [r["registered"] for r in table_rows(again_shown["files"])] == ["earlier"]
    assert instance.get_dynamic_partitions(import_sessions.name) == [session]

    preview = definitions.resolve_job_def("import_workbook").execute_in_process(
        run_config={"ops": {"uploaded_workbook": {"config": {}}}}, instance=instance, partition_key=session,
        raise_on_error=False,
    )
    assert preview.success
    parsed = _metadata(preview, "uploaded_workbook")
    assert parsed["file"] == "December CPUs.xlsx" and parsed["rows"] > 0


def test_a_session_whose_file_changed_fails_with_a_sentence(engine: Engine, settings: ImporterSettings) -> None:
    definitions, instance = build_definitions(settings), dg.DagsterInstance.ephemeral()
    workbook = reference_workbook(settings.effective_inbox_dir / "cpus.xlsx")
    _register(definitions, instance)
    (session,) = instance.get_dynamic_partitions(import_sessions.name)
    workbook.write_bytes(workbook.read_bytes() + b"changed")

    preview = definitions.resolve_job_def("import_workbook").execute_in_process(
        instance=instance, partition_key=session, raise_on_error=False
    )

    message = step_failure(preview)
    assert f"No file in the inbox ({settings.effective_inbox_dir}) matches session '{session}'" in message
    assert "materialize inbox_files" in message


def test_an_analyst_cannot_register_inbox_files(tmp_path, database_url: str, engine: Engine) -> None:
    settings = auth_settings(tmp_path, database_url)
    definitions, instance = build_definitions(settings), dg.DagsterInstance.ephemeral()
    reference_workbook(settings.effective_inbox_dir / "cpus.xlsx")

    refused = _register(definitions, instance, **launch_tags_as(engine, "ann", Role.ANALYST))

    assert "ann (analyst) may not register inbox files as import sessions" in step_failure(refused)
    assert instance.get_dynamic_partitions(import_sessions.name) == []
