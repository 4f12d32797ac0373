"""The `reference_data_quality` asset, its WARN check, job and schedule, materialized in process."""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.reference_quality import reference_data_quality
from dealbrain.settings import ImporterSettings
from pipelines.jobs import reference_quality_job
from pipelines.resources import build_resources
from pipelines.schedules import reference_quality_schedule
from tests.quality.conftest import CLEAN_ROWS, Rows
from tests.support.dagster_runs import materialize

pytestmark = pytest.mark.slow  # Dagster runs (or fresh interpreters): `make test-all`

TABLES = ["cpu", "gpu", "listing", "valuation_rule", "ports_profile"]


def _materialize(database_url: str) -> tuple[dict[str, Any], dg.AssetCheckEvaluation]:
    with warnings.catch_warnings(), dg.DagsterInstance.ephemeral() as instance:
        warnings.simplefilter("error", DeprecationWarning)
        settings = ImporterSettings(data_dir=Path(tempfile.mkdtemp()), database_url=database_url)
        result = materialize([reference_data_quality], settings, instance=instance)
        assert result.success
        (materialization,) = result.asset_materializations_for_node("reference_data_quality")
        (check,) = result.get_asset_check_evaluations()
    return {key: value.value for key, value in materialization.metadata.items()}, check


def test_clean_tables_pass_the_check(engine: Engine, store: Callable[[Rows], None], database_url: str) -> None:
    store(CLEAN_ROWS)
    metadata, check = _materialize(database_url)
    assert check.check_name == "expectations_met" and check.passed
    assert check.severity is dg.AssetCheckSeverity.WARN
    assert metadata["failed_expectations"] == 0
    assert metadata["evaluated_rows"] == sum(len(rows) for rows in CLEAN_ROWS.values())
    for table in TABLES:
        assert metadata[f"{table}_expectations"].count("| yes |") >= 2
        assert "| NO |" not in metadata[f"{table}_expectations"]
    assert "| table | rows | expectations | failed |" in metadata["summary"]


def test_bad_data_warns_without_failing_the_run(
    engine: Engine, store: Callable[[Rows], None], database_url: str
) -> None:
    store({
        **CLEAN_ROWS,
        "cpu": [*CLEAN_ROWS["cpu"], {"name": "Broken Xeon", "cores": 16, "threads": 8}],
        "listing": [*CLEAN_ROWS["listing"], {"title": "Refund entry", "price_usd": -50.0}],
    })
    metadata, check = _materialize(database_url)
    assert not check.passed and check.severity is dg.AssetCheckSeverity.WARN
    assert metadata["failed_expectations"] == check.metadata["failed_expectations"].value == 2
    cpu_table = metadata["cpu_expectations"]
    assert cpu_table.startswith("**CPU**: 4 row(s), 1 expectation(s) failed.")
    assert ("| A CPU has at least as many threads as cores. | threads, cores | NO | 1 | "
            "name=Broken Xeon, threads=8, cores=16 |") in cpu_table
    assert "name=Refund entry" not in metadata["listing_expectations"]
    assert "title=Refund entry, price_usd=-50 |" in metadata["listing_expectations"]
    assert "Listing: The price lies between $1 and $20,000" in check.metadata["failures"].value


def test_empty_tables(engine: Engine, database_url: str) -> None:
    metadata, check = _materialize(database_url)
    assert check.passed and metadata["evaluated_rows"] == 0 and metadata["failed_expectations"] == 0


def test_asset_definition() -> None:
    spec = next(iter(reference_data_quality.specs))
    assert spec.group_name == "quality" and spec.description
    assert spec.kinds == {"great_expectations", "sql"} and spec.owners
    assert {dep.asset_key.to_user_string() for dep in spec.deps} == set(TABLES)
    assert not reference_data_quality.partitions_def
    (check_spec,) = reference_data_quality.check_specs
    assert check_spec.name == "expectations_met" and check_spec.description


def test_job_and_schedule_load_with_the_code_location_resources(tmp_path: Path) -> None:
    assert reference_quality_schedule.cron_schedule == "0 6 * * *"
    assert reference_quality_schedule.default_status is dg.DefaultScheduleStatus.STOPPED
    assert reference_quality_schedule.job_name == "check_reference_data" and reference_quality_schedule.description
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        definitions = dg.Definitions(
            assets=[reference_data_quality],
            jobs=[reference_quality_job],
            schedules=[reference_quality_schedule],
            resources=build_resources(ImporterSettings(data_dir=tmp_path)),
        )
        job = definitions.resolve_job_def("check_reference_data")
    assert job.asset_layer.executable_asset_keys == {dg.AssetKey("reference_data_quality")}
    check_key = dg.AssetCheckKey(dg.AssetKey("reference_data_quality"), "expectations_met")
    assert check_key in job.asset_layer.asset_graph.asset_check_keys
