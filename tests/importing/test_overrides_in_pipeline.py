"""Bulk overrides inside an import: they fix cells before validation, discard rows, and are audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.db.engine import transaction
from dealbrain.overrides import Override, OverrideAction, OverrideError
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

BROKEN = ["Broken CPU", "Intel", "six", 12, "65 W", 100, 100, 2017]


def _workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS, BROKEN]})


def test_set_field_fixes_a_bad_cell_before_validation(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    fix = Override("CPUs", OverrideAction.SET_FIELD, rows="5", field="cores", value="6")
    outcome = run(_workbook(tmp_path), overrides=(fix,))

    assert outcome.preview.failures.is_empty() and outcome.result.counts()["cpu"]["inserted"] == 4
    (effect,) = outcome.preview.override_effects
    assert effect.rows_affected == 1 and effect.changes.row(0, named=True)["after"] == "6"
    with transaction(engine) as session:
        (event,) = query_events(session, AuditFilter(action=AuditAction.BULK_OVERRIDE_APPLIED))
    assert event.payload_json["rows_affected"] == 1 and event.payload_json["source_rows"] == [5]


def test_overrides_apply_in_order_with_filters_and_discards(run: ImportRunner, tmp_path: Path) -> None:
    overrides = (
        Override("CPUs", OverrideAction.DISCARD, where='name contains "broken"'),
        Override("CPUs", OverrideAction.SET_FIELD, where="cpu_mark_multi > 15000", field="notes", value="fast"),
    )
    outcome = run(_workbook(tmp_path), overrides=overrides)
    discard, note = outcome.preview.override_effects
    assert discard.discarded == [5] and note.rows_affected == 2
    assert outcome.result.counts()["cpu"]["inserted"] == 3


def test_an_override_selecting_nothing_is_an_error(run: ImportRunner, tmp_path: Path) -> None:
    nothing = Override("CPUs", OverrideAction.DISCARD, where="cores > 500")
    with pytest.raises(OverrideError, match="Override 1"):
        run(_workbook(tmp_path), overrides=(nothing,))


def test_an_override_for_a_sheet_not_in_the_file_is_an_error(run: ImportRunner, tmp_path: Path) -> None:
    stray = Override("GPUs", OverrideAction.DISCARD, rows="2")
    with pytest.raises(OverrideError, match="no imported sheet"):
        run(_workbook(tmp_path), overrides=(stray,))
