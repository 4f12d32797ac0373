"""Editing every record a filter selects: all or nothing, checked like an import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.records import (
    InvalidFilterError,
    InvalidValueError,
    NothingSelectedError,
    RecordService,
    RecordValidationError,
)
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import CPU_HEADER, write_xlsx
from tests.records.conftest import changeset, session_row, stored


def test_the_filter_selects_the_records_and_only_they_change(records: RecordService, engine: Engine, imported: str) -> None:
    result = records.bulk_update("cpu", 'manufacturer = "intel" and release_year >= 2017', {"socket": "LGA1151", "tdp_w": "95W"})

    assert (result.selected, result.updated, result.unchanged) == (2, 2, 0)
    assert {item["record"] for item in result.records} == {"Intel Core i7-8700", "Intel Core i5-12400"}
    assert all(item["before"] == {"socket": None, "tdp_w": 65.0} for item in result.records)
    cpus = stored(engine, "cpu")
    assert cpus["Intel Core i7-8700"]["tdp_w"] == 95.0 and cpus["Intel Core i5-12400"]["socket"] == "LGA1151"
    assert cpus["AMD Ryzen 5 5600G"]["tdp_w"] == 65.0 and cpus["AMD Ryzen 5 5600G"]["socket"] is None
    assert len(changeset(engine, result.session_id)) == 2
    assert session_row(engine, result.session_id)["result"]["counts"] == {"cpu": {"updated": 2}}


def test_records_that_already_have_the_values_are_counted_not_written(
    records: RecordService, engine: Engine, imported: str
) -> None:
    records.update("listing", "Beelink SER5", {"condition": "used"})

    result = records.bulk_update("listing", "price_usd > 0", {"condition": "Used"})

    assert (result.selected, result.updated, result.unchanged) == (2, 1, 1)
    assert [item["record"] for item in result.records] == ["OptiPlex 7060 SFF"]
    assert [row["record_id"] for row in changeset(engine, result.session_id)] == [result.records[0]["record_id"]]


def test_a_bulk_edit_of_references_and_custom_fields_on_a_filter_over_custom_fields(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("listing", "seller", "string")
    records.update("listing", "Beelink SER5", {"seller": "Amazon"})

    result = records.bulk_update("listing", 'seller = "amazon" or cpu contains "i7"', {"gpu": "amd radeon rx 6600", "seller": "eBay"})

    assert result.updated == 2
    listings, gpus = stored(engine, "listing"), stored(engine, "gpu")
    assert {row["gpu_id"] for row in listings.values()} == {gpus["AMD Radeon RX 6600"]["id"]}
    assert {row["attributes_json"]["seller"] for row in listings.values()} == {"eBay"}


def test_one_invalid_row_refuses_the_whole_batch_with_a_table_of_failures(
    records: RecordService, engine: Engine, run: ImportRunner, tmp_path: Path, custom_field: Callable[..., None]
) -> None:
    rows = [CPU_HEADER] + [[f"Test CPU {n}", "Acme", n, n, 10, 100, 10, 2020] for n in range(1, 31)]
    run(write_xlsx(tmp_path / "many.xlsx", {"CPUs": rows}))
    before = stored(engine, "cpu")

    with pytest.raises(RecordValidationError) as refusal:  # threads >= 1 everywhere, so 0 breaks every row
        records.bulk_update("cpu", 'manufacturer = "acme"', {"threads": "0", "notes": "checked"})

    message = str(refusal.value)
    assert "CPU records (30 of 30) invalid, so nothing was changed" in message
    assert message.count("must be at least 1 (at_least)") == 20 and "… and 10 more" in message
    assert len(refusal.value.failures) == 30
    assert stored(engine, "cpu") == before


def test_a_batch_is_refused_when_a_single_selected_row_fails(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("cpu", "vendor_code", "string", required=True, default="X")
    records.update("cpu", "Intel Core i7-8700", {"vendor_code": "I7"})
    records.update("cpu", "Intel Core i5-12400", {"vendor_code": "I5"})
    before = stored(engine, "cpu")

    with pytest.raises(RecordValidationError) as refusal:
        records.bulk_update("cpu", "cores = 6", {"igpu_model": "UHD 630"})

    assert [(f["record"], f["field"], f["changed"]) for f in refusal.value.failures] == [("AMD Ryzen 5 5600G", "vendor_code", False)]
    assert stored(engine, "cpu") == before


def test_selecting_nothing_is_refused(records: RecordService, imported: str) -> None:
    with pytest.raises(NothingSelectedError, match=r"selects none of the 3 CPU records"):
        records.bulk_update("cpu", "cores > 64", {"notes": "big"})


def test_a_bad_filter_points_at_the_problem(records: RecordService, imported: str) -> None:
    with pytest.raises(InvalidFilterError, match=r"(?s)unknown field 'core'.*Did you mean 'cores'"):
        records.bulk_update("cpu", "core > 4", {"notes": "x"})
    with pytest.raises(InvalidFilterError, match="The filter is empty"):
        records.bulk_update("cpu", "  ", {"notes": "x"})


def test_unreadable_values_are_refused_before_any_record_is_read(records: RecordService, imported: str) -> None:
    with pytest.raises(InvalidValueError, match="cores: 'six'"):
        records.bulk_update("cpu", "cores = 6", {"cores": "six"})


def test_a_dry_run_checks_and_reports_but_writes_nothing(records: RecordService, engine: Engine, imported: str) -> None:
    before = stored(engine, "cpu")

    plan = records.bulk_update("cpu", 'name contains "intel"', {"cores": "8"}, dry_run=True)

    assert plan.dry_run and plan.session_id is None and (plan.selected, plan.updated) == (2, 2)
    assert plan.records[0]["before"] == {"cores": 6} and plan.records[0]["after"] == {"cores": 8}
    assert stored(engine, "cpu") == before
    with pytest.raises(RecordValidationError):
        records.bulk_update("cpu", 'name contains "intel"', {"cores": "0"}, dry_run=True)


def test_custom_dates_are_dates_in_filters_and_rules(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("cpu", "launched", "date", maximum="2030-12-31")
    records.bulk_update("cpu", 'manufacturer = "intel"', {"launched": "2017-10-05"})
    records.update("cpu", "Intel Core i5-12400", {"launched": "2022-01-04"})

    result = records.bulk_update("cpu", 'launched < "2020-01-01"', {"notes": "older"})

    assert [item["record"] for item in result.records] == ["Intel Core i7-8700"]
    with pytest.raises(RecordValidationError, match="launched"):
        records.bulk_update("cpu", "launched is not null", {"launched": "2031-01-01"})
    assert stored(engine, "cpu")["Intel Core i5-12400"]["attributes_json"] == {"launched": "2022-01-04"}
