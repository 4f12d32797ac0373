"""An edit is a changeset like an import's: `undo_import` reverts it, and it protects the import it built on."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from dealbrain.importing.undo import UndoRefusedError, undo_import
from dealbrain.records import RecordService
from tests.records.conftest import OPERATOR, changeset, session_row, stored


def test_the_changeset_uses_the_import_writer_format(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("listing", "seller", "string")
    records.update("listing", "Beelink SER5", {"seller": "Amazon"})

    change = records.update("listing", "Beelink SER5", {"cpu": "Intel Core i5-12400", "ram_gb": "32 GB", "seller": ""})

    (row,) = changeset(engine, change.session_id)
    assert (row["entity"], row["record_id"], row["operation"]) == ("listing", change.record_id, "update")
    assert row["before"] == {"cpu": "AMD Ryzen 5 5600G", "ram_gb": 16, "attributes_json": {"seller": "Amazon"}}
    assert row["after"] == {
        "title": "Beelink SER5", "cpu": "Intel Core i5-12400", "ram_gb": 32, "seller": None, "attributes_json": {},
    }


def test_undoing_an_edit_restores_every_value_exactly(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("listing", "seller", "string")
    records.update("listing", "Beelink SER5", {"seller": "Amazon"})
    before = stored(engine, "listing")

    bulk = records.bulk_update("listing", "price_usd > 0", {"gpu": "", "condition": "used", "seller": "eBay", "ram_gb": "64GB"})
    assert stored(engine, "listing") != before

    result = undo_import(engine, OPERATOR, bulk.session_id)

    assert result.restored == {"listing": 2} and result.deleted == {"listing": 0}
    assert stored(engine, "listing") == before
    assert session_row(engine, bulk.session_id)["status"] == "undone"


def test_undo_of_the_import_is_refused_after_an_edit_until_the_edit_is_undone(
    records: RecordService, engine: Engine, imported: str
) -> None:
    edit = records.update("cpu", "Intel Core i5-12400", {"cores": "10", "threads": "16"})

    with pytest.raises(UndoRefusedError) as refusal:
        undo_import(engine, OPERATOR, imported)
    assert f"CPU 'Intel Core i5-12400' (insert): changed later by an import or a record edit (session {edit.session_id})" in str(refusal.value)
    assert len(stored(engine, "cpu")) == 3

    undo_import(engine, OPERATOR, edit.session_id)
    assert stored(engine, "cpu")["Intel Core i5-12400"]["cores"] == 6

    assert undo_import(engine, OPERATOR, imported).deleted == {"cpu": 3, "gpu": 2, "listing": 2}
    assert stored(engine, "cpu") == {}


def test_a_later_edit_of_the_same_record_blocks_undoing_an_earlier_edit(records: RecordService, engine: Engine, imported: str) -> None:
    first = records.update("gpu", "AMD Radeon RX 6600", {"gpu_mark": "17000"})
    second = records.bulk_update("gpu", 'manufacturer = "AMD"', {"metal_score": "50000"})

    with pytest.raises(UndoRefusedError, match=second.session_id):
        undo_import(engine, OPERATOR, first.session_id)
    undo_import(engine, OPERATOR, second.session_id)
    undo_import(engine, OPERATOR, first.session_id)
    assert stored(engine, "gpu")["AMD Radeon RX 6600"]["gpu_mark"] == 16500
    assert stored(engine, "gpu")["AMD Radeon RX 6600"]["metal_score"] is None
