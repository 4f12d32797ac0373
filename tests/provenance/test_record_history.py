"""`record_history`: the session, file, sheet, row and column (or the edit) behind each stored value."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.undo import undo_import
from dealbrain.provenance import record_history
from dealbrain.records import RecordService
from dealbrain.records.errors import UnknownFieldError
from tests.importing.conftest import ADMIN, ImportRunner
from tests.importing.workbooks import CPU_HEADER, write_xlsx
from tests.records.conftest import OPERATOR


def test_a_value_set_by_an_import_names_its_file_sheet_row_and_column(engine: Engine, imported: str) -> None:
    history = record_history(engine, OPERATOR, "cpu", "amd ryzen 5 5600g", "cpu_mark_multi")

    (change,) = history.changes
    assert (history.key, change.field, change.value, change.before) == ("AMD Ryzen 5 5600G", "cpu_mark_multi", 20650, None)
    assert (change.kind, change.operation, change.session_id) == ("import", "insert", imported)
    assert (change.file, change.sheet, change.source_row, change.source_column) == ("reference.xlsx", "CPUs", 3, "CPU Mark")
    assert change.at is not None and change.actor == ADMIN.name and not change.undone


def test_a_later_edit_is_named_with_what_it_replaced_and_the_import_is_kept(
    engine: Engine, imported: str, records: RecordService
) -> None:
    edit = records.update("cpu", "AMD Ryzen 5 5600G", {"cpu_mark_multi": "21,000"})

    history = record_history(engine, OPERATOR, "cpu", "AMD Ryzen 5 5600G", "CPU_MARK_MULTI")

    first, second = history.changes
    assert (first.kind, first.value, first.source_column, first.source_row) == ("import", 20650, "CPU Mark", 3)
    assert (second.kind, second.session_id, second.value, second.before) == ("record_edit", edit.session_id, 21000, 20650)
    assert (second.file, second.source_column) == (None, None) and second.actor == OPERATOR.name
    assert history.current()["cpu_mark_multi"] == second
    assert "record edit" in second.origin() and "reference.xlsx, sheet CPUs, row 3, column CPU Mark" in first.origin()


def test_an_import_update_custom_values_and_an_undo(
    engine: Engine, imported: str, records: RecordService, run: ImportRunner, tmp_path: Path,
    custom_field: Callable[..., None],
) -> None:
    custom_field("cpu", "l3_cache_mb", "integer")
    rows = [[*CPU_HEADER, "L3 Cache"], ["Intel Core i7-8700", "Intel", 6, 12, 65, "14,000", 2630, 2017, 12]]
    update = run(write_xlsx(tmp_path / "update.xlsx", {"Newer": rows}), conflict_policy=ConflictPolicy.UPDATE).result.session_id
    bulk = records.bulk_update("cpu", 'manufacturer = "Intel"', {"l3_cache_mb": "18"})
    undo_import(engine, OPERATOR, bulk.session_id)

    changes = record_history(engine, OPERATOR, "cpu", "Intel Core i7-8700").changes

    by_session = {(c.session_id, c.field): c for c in changes}
    mark = by_session[(update, "cpu_mark_multi")]
    assert (mark.before, mark.value, mark.sheet, mark.source_row, mark.source_column) == (13875, 14000, "Newer", 2, "CPU Mark")
    cache = by_session[(update, "l3_cache_mb")]
    assert (cache.before, cache.value, cache.custom, cache.source_column) == (None, 12, True, "L3 Cache")
    edited = by_session[(bulk.session_id, "l3_cache_mb")]
    assert (edited.kind, edited.before, edited.value, edited.undone) == ("bulk_edit", 12, 18, True)
    assert (update, "cores") not in by_session, "an unchanged value is not set again"
    assert record_history(engine, OPERATOR, "cpu", "Intel Core i7-8700").current()["l3_cache_mb"] == cache


def test_an_unknown_field_is_refused_with_the_fields_named(engine: Engine, imported: str) -> None:
    with pytest.raises(UnknownFieldError, match="cpu_mark_multi"):
        record_history(engine, OPERATOR, "cpu", "AMD Ryzen 5 5600G", "speed")


def test_a_cpu_created_from_a_listing_names_the_listing_row_but_no_column(
    engine: Engine, imported: str, run: ImportRunner, tmp_path: Path
) -> None:
    rows = [["Title", "Price", "Condition", "CPU"], ["NUC 8", "$150", "used", "Intel Core i3-8109U"]]
    outcome = run(write_xlsx(tmp_path / "nuc.xlsx", {"Listings": rows}), on_unknown_component="create")
    assert outcome.result is not None, outcome.preview.blocking

    (change,) = record_history(engine, OPERATOR, "cpu", "Intel Core i3-8109U").changes

    assert (change.field, change.value, change.operation, change.file) == ("name", "Intel Core i3-8109U", "insert", "nuc.xlsx")
    assert change.source_column is None and "no mapped column" in change.origin()
