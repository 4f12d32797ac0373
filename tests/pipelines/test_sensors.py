"""The inbox sensor turns dropped files into import sessions, once per file version, named for people."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from dealbrain.auth.launch_tokens import LAUNCH_TOKEN_TAG
from dealbrain.settings import ImporterSettings
from pipelines.sensors import inbox_sensor
from tests.importing.workbooks import reference_workbook
from tests.support.dagster_runs import LAUNCH_SECRET


def _evaluate(settings: ImporterSettings, cursor: str | None = None) -> dg.SensorResult | dg.SkipReason:
    context = dg.build_sensor_context(instance=dg.DagsterInstance.ephemeral(), cursor=cursor)
    return inbox_sensor(settings)(context)


def test_new_files_become_partitions_and_preview_runs(tmp_path: Path) -> None:
    settings = ImporterSettings(data_dir=tmp_path)
    reference_workbook(settings.effective_inbox_dir / "November CPUs.xlsx")
    (settings.effective_inbox_dir / "notes.txt.bak").write_text("ignored", encoding="utf-8")

    result = _evaluate(settings)

    assert isinstance(result, dg.SensorResult)
    (request,) = result.run_requests
    assert request.partition_key.startswith("november-cpus-20")  # the file's name, then the day
    assert request.run_config["ops"]["uploaded_workbook"]["config"]["file"].endswith("November CPUs.xlsx")
    assert request.tags["dealbrain/file"] == "November CPUs.xlsx" and LAUNCH_TOKEN_TAG not in request.tags
    assert result.dynamic_partitions_requests[0].partition_keys == [request.partition_key]
    assert "November CPUs.xlsx" in json.loads(result.cursor)


def test_a_file_already_seen_is_skipped(tmp_path: Path) -> None:
    settings = ImporterSettings(data_dir=tmp_path)
    reference_workbook(settings.effective_inbox_dir / "cpus.xlsx")
    first = _evaluate(settings)
    assert isinstance(_evaluate(settings, cursor=first.cursor), dg.SkipReason)


def test_the_inbox_is_created_on_first_use_and_the_sensor_runs_by_default_in_dev(tmp_path: Path) -> None:
    settings = ImporterSettings(data_dir=tmp_path)
    assert isinstance(_evaluate(settings), dg.SkipReason)
    assert settings.effective_inbox_dir.is_dir()
    assert inbox_sensor(settings).default_status is dg.DefaultSensorStatus.RUNNING
    for name in ("staging", "prod"):
        elsewhere = ImporterSettings(data_dir=tmp_path, env=name, database_url="postgresql+psycopg://db/importer")
        assert inbox_sensor(elsewhere).default_status is dg.DefaultSensorStatus.STOPPED


def test_with_authentication_on_the_sensor_signs_its_own_launch_token(tmp_path: Path) -> None:
    settings = ImporterSettings(data_dir=tmp_path, auth_enabled=True, launch_secret=LAUNCH_SECRET)
    reference_workbook(settings.effective_inbox_dir / "cpus.xlsx")
    (request,) = _evaluate(settings).run_requests
    assert request.tags[LAUNCH_TOKEN_TAG]
