"""Sources are YAML files: each becomes a sensor or schedule named after it; a malformed one is named and skipped."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from dealbrain.settings import ImporterSettings
from dealbrain.sources.loader import SourceFileError, load_source, load_sources
from pipelines.definitions import build_definitions
from tests.sources.files import listing_source, listings_csv, write_source


def test_a_source_file_becomes_a_sensor_and_a_scheduled_one_a_schedule(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    listing_source(sources, tmp_path / "drop")
    write_source(sources, "nightly_cpus", "profile: cpus\nfiles: {path: exports/cpus.csv}\ntrigger: {schedule: '0 3 * * *'}\n")
    definitions = build_definitions(ImporterSettings(data_dir=tmp_path / "data", sources_dir=sources))
    sensor = definitions.resolve_sensor_def("shop_listings")
    assert sensor.job_name == "source_import" and "weekly export" in (sensor.description or "")
    schedule = definitions.resolve_schedule_def("nightly_cpus")
    assert schedule.cron_schedule == "0 3 * * *" and schedule.job_name == "source_import"


def test_the_sensor_requests_one_run_per_new_file_and_skips_seen_ones(tmp_path: Path) -> None:
    sources, drop = tmp_path / "sources", tmp_path / "drop"
    listing_source(sources, drop)
    listings_csv(drop / "week-1.csv")
    sensor = build_definitions(ImporterSettings(data_dir=tmp_path / "data", sources_dir=sources)).resolve_sensor_def("shop_listings")
    instance = dg.DagsterInstance.ephemeral()
    first = sensor(dg.build_sensor_context(instance=instance))
    (request,) = first.run_requests
    assert request.partition_key.startswith("shop_listings-")
    assert request.tags["dealbrain/source"] == "shop_listings"
    assert request.run_config["ops"]["source_intake"]["config"]["source"] == "shop_listings"
    again = sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor))
    assert isinstance(again, dg.SkipReason)


def test_a_malformed_source_names_file_and_field_and_the_others_still_load(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    listing_source(sources, tmp_path / "drop")
    broken = write_source(sources, "broken", "profile: x\nfiles: {folder: here}\ntrigger: {schedule: 'every day'}\non_clean: maybe\n")
    loaded = load_sources(sources)
    assert [s.name for s in loaded.sources] == ["shop_listings"]
    (problem,) = loaded.problems
    assert str(broken) in problem and "trigger" in problem and "on_clean" in problem
    with pytest.raises(SourceFileError, match="drift.blocking"):
        load_source(write_source(sources, "typo", "profile: x\nfiles: {path: a.csv}\ntrigger: {sensor: {}}\ndrift: {blocking: [prices]}\n"))
    definitions = build_definitions(ImporterSettings(data_dir=tmp_path / "data", sources_dir=sources))
    assert definitions.resolve_sensor_def("shop_listings").name == "shop_listings"


def test_cli_lists_sources_and_names_a_malformed_file(cli, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    listing_source(sources, tmp_path / "drop")
    listings_csv(tmp_path / "drop" / "week-1.csv")
    env = {"IMPORTER_SOURCES_DIR": str(sources)}
    listed = cli("sources", "list", env=env)
    assert listed.exit_code == 0, listed.output
    assert "shop_listings" in listed.output and "shop-listings" in listed.output and "Unattended commits: off" in listed.output
    write_source(sources, "broken", "profile: x\nfiles: {path: a.csv}\ntrigger: {sensor: {}}\non_clean: maybe\n")
    broken = cli("sources", "list", env=env)
    assert broken.exit_code == 1 and "broken.yaml" in broken.output and "on_clean" in broken.output
