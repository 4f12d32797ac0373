"""Editing one record: standard, reference and custom fields, typed as spreadsheet text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from dealbrain.records import RecordService
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.records.conftest import changeset, session_row, stored


def test_get_returns_standard_fields_references_by_name_and_custom_values(
    records: RecordService, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("listing", "warranty_months", "integer")
    records.update("listing", "Beelink SER5", {"warranty_months": "12"})

    document = records.get("listing", "  beelink ser5 ")

    assert document["title"] == "Beelink SER5" and document["cpu"] == "AMD Ryzen 5 5600G" and document["gpu"] is None
    assert document["price_usd"] == 1064.0 and document["ram_gb"] == 16 and isinstance(document["id"], int)
    assert document["attributes_json"] == {"warranty_months": 12}


def test_standard_fields_are_coerced_like_spreadsheet_cells(records: RecordService, engine: Engine, imported: str) -> None:
    change = records.update("listing", "Beelink SER5", {"ram_gb": "32GB", "price_usd": "$1,099.00*", "condition": "Refurb"})

    assert change.changed and change.session_id.startswith("edit-")
    assert change.before == {"ram_gb": 16, "price_usd": 1064.0, "condition": "new"}
    assert change.after == {"ram_gb": 32, "price_usd": 1099.0, "condition": "refurb"}
    listing = stored(engine, "listing")["Beelink SER5"]
    assert (listing["ram_gb"], listing["price_usd"], listing["condition"]) == (32, 1099.0, "refurb")
    assert stored(engine, "listing")["OptiPlex 7060 SFF"]["ram_gb"] == 32, "other records keep their values"


def test_a_reference_takes_a_record_name_in_any_case_and_stores_its_id(
    records: RecordService, engine: Engine, imported: str
) -> None:
    change = records.update("listing", "Beelink SER5", {"cpu": "intel core i7-8700", "gpu": "amd radeon rx 6600"})

    assert change.after == {"cpu": "Intel Core i7-8700", "gpu": "AMD Radeon RX 6600"}
    cpus, gpus = stored(engine, "cpu"), stored(engine, "gpu")
    listing = stored(engine, "listing")["Beelink SER5"]
    assert listing["cpu_id"] == cpus["Intel Core i7-8700"]["id"] and listing["gpu_id"] == gpus["AMD Radeon RX 6600"]["id"]


def test_blank_or_none_clears_an_optional_field_and_a_reference(records: RecordService, engine: Engine, imported: str) -> None:
    change = records.update("listing", "OptiPlex 7060 SFF", {"gpu": None, "ram_gb": "", "condition": "NA"})

    assert change.after == {"gpu": None, "ram_gb": None, "condition": None}
    listing = stored(engine, "listing")["OptiPlex 7060 SFF"]
    assert (listing["gpu_id"], listing["ram_gb"], listing["condition"]) == (None, None, None)


def test_custom_fields_are_typed_merged_into_attributes_and_cleared(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("cpu", "l3_cache_mb", "integer", minimum=1)
    custom_field("cpu", "launched", "date")
    custom_field("cpu", "features", "multi_enum", options=["avx2", "avx512", "vpro"])

    records.update("cpu", "Intel Core i7-8700", {"l3_cache_mb": "12", "launched": "2017-10-05", "features": "AVX2, vPro"})
    assert stored(engine, "cpu")["Intel Core i7-8700"]["attributes_json"] == {
        "l3_cache_mb": 12, "launched": "2017-10-05", "features": ["avx2", "vpro"],
    }

    change = records.update("cpu", "Intel Core i7-8700", {"L3_Cache_MB": "", "features": "avx512"})

    assert change.before == {"l3_cache_mb": 12, "features": ["avx2", "vpro"]}
    assert change.after == {"l3_cache_mb": None, "features": ["avx512"]}
    assert stored(engine, "cpu")["Intel Core i7-8700"]["attributes_json"] == {"launched": "2017-10-05", "features": ["avx512"]}
    assert records.get("cpu", "Intel Core i7-8700")["attributes_json"]["launched"] == date(2017, 10, 5).isoformat()


def test_a_cleared_custom_field_with_a_default_gets_its_default(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("gpu", "slot_width", "enum", options=["single", "dual", "triple"], default="dual")
    records.update("gpu", "AMD Radeon RX 6600", {"slot_width": "triple"})

    change = records.update("gpu", "AMD Radeon RX 6600", {"slot_width": ""})

    assert change.after == {"slot_width": "dual"}
    assert any("slot_width: default 'dual'" in note for note in change.notes)
    assert stored(engine, "gpu")["AMD Radeon RX 6600"]["attributes_json"] == {"slot_width": "dual"}


def test_values_equal_to_the_stored_ones_change_nothing_and_open_no_session(
    records: RecordService, engine: Engine, imported: str
) -> None:
    change = records.update("cpu", "AMD Ryzen 5 5600G", {"cores": "6", "tdp_w": "65W"})

    assert not change.changed and change.session_id is None and change.after == {}
    assert len(changeset(engine, imported)) == 7, "only the import's own changeset exists"


def test_the_edit_session_is_a_committed_session_of_the_actor(records: RecordService, engine: Engine, imported: str) -> None:
    change = records.update("gpu", "NVIDIA GeForce RTX 3060", {"gpu_mark": "19,500"})

    row = session_row(engine, change.session_id)
    assert (row["status"], row["source"], row["created_by"]) == ("committed", "(record edit)", "otto")
    assert len(row["checksum"]) == 64
    assert row["result"]["counts"] == {"gpu": {"updated": 1}}
    assert row["result"]["request"]["changes"] == {"gpu_mark": "19,500"}


@pytest.mark.parametrize("entity", ["cpu", "CPU", "cpu "])
def test_entity_names_are_read_like_everywhere_else(records: RecordService, imported: str, entity: str) -> None:
    assert records.update(entity, "intel core i5-12400", {"socket": "LGA1700"}).after == {"socket": "LGA1700"}


def test_ports_are_read_like_a_cell_and_cleared_to_sql_null(
    records: RecordService, engine: Engine, run: ImportRunner, tmp_path: Path
) -> None:
    rows = [["Profile Name", "Description", "Ports"], ["Mini PC", "small", "2x USB-A"]]
    run(write_xlsx(tmp_path / "ports.xlsx", {"Ports Profiles": rows}))

    change = records.update("ports_profile", "mini pc", {"ports": "2x USB-C, 1x HDMI"})

    assert change.after == {"ports": [{"type": "usb_c", "count": 2, "spec_notes": None},
                                      {"type": "hdmi", "count": 1, "spec_notes": None}]}
    assert stored(engine, "ports_profile")["Mini PC"]["ports"] == change.after["ports"]

    records.update("ports_profile", "Mini PC", {"ports": ""})
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM ports_profile WHERE ports IS NULL")).scalar_one() == 1
