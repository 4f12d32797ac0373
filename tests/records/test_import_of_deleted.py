"""An import row whose key names a soft-deleted record is skipped with a note: never written, never revived."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from dealbrain.importing.policies import ConflictPolicy
from dealbrain.records import RecordService
from dealbrain.store.frames import SHEET
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, LISTING_HEADER, LISTING_ROWS, write_xlsx
from tests.records.conftest import stored


def test_a_row_matching_a_deleted_record_is_skipped_and_said(
    records: RecordService, engine: Engine, imported: str, run: ImportRunner, tmp_path: Path
) -> None:
    records.delete("cpu", "AMD Ryzen 5 5600G")
    rows = [[*row[:2], 8, *row[3:]] for row in CPU_ROWS]  # every CPU now says 8 cores
    outcome = run(write_xlsx(tmp_path / "again.xlsx", {"CPUs": [CPU_HEADER, *rows]}), conflict_policy=ConflictPolicy.UPDATE)

    assert any("1 CPU row(s) match deleted records ('AMD Ryzen 5 5600G')" in note for note in outcome.preview.notes)
    after = stored(engine, "cpu")
    assert after["AMD Ryzen 5 5600G"]["cores"] == 6 and after["AMD Ryzen 5 5600G"]["deleted_at"] is not None
    assert after["Intel Core i7-8700"]["cores"] == 8

    records.restore("cpu", "amd ryzen 5 5600g")
    run(write_xlsx(tmp_path / "restored.xlsx", {"CPUs": [CPU_HEADER, *rows]}), conflict_policy=ConflictPolicy.UPDATE)
    assert stored(engine, "cpu")["AMD Ryzen 5 5600G"]["cores"] == 8


def test_a_listing_naming_a_deleted_cpu_fails_its_row_instead_of_linking_to_it(
    records: RecordService, engine: Engine, imported: str, run: ImportRunner, tmp_path: Path
) -> None:
    records.delete("cpu", "AMD Ryzen 5 5600G")
    by_column = ["Mini PC 5600G", "$400", "new", "amd ryzen 5 5600g", None, "16 GB", "1 TB"]
    in_components = ["Mini PC 5600G Duo", 450, '[{"component_type": "cpu", "name": "AMD Ryzen 5 5600G"}]']
    book = write_xlsx(tmp_path / "listings.xlsx", {
        "Listings": [LISTING_HEADER, LISTING_ROWS[0], by_column],
        "More listings": [["Title", "Price", "Components"], in_components],
    })
    outcome = run(book, declared_entities={"Listings": "listing", "More listings": "listing"},
                  conflict_policy=ConflictPolicy.UPDATE)

    failures = {f[SHEET]: f for f in outcome.preview.failures.to_dicts()}
    expected = "matches the CPU 'AMD Ryzen 5 5600G', which is deleted; restore it in the workspace first"
    assert expected in failures["Listings"]["reason"] and failures["Listings"]["column"] == "CPU"
    assert expected in failures["More listings"]["reason"] and failures["More listings"]["column"] == "Components"
    assert not outcome.preview.can_commit
    assert "Mini PC 5600G" not in stored(engine, "listing"), "refused: nothing links to the deleted CPU"
    assert stored(engine, "cpu")["AMD Ryzen 5 5600G"]["deleted_at"] is not None, "and it is not revived"
