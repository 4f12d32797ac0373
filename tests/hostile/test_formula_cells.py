"""Files that parse but carry hostile text: formulas waiting to run in Excel, and names built to escape.

They are read, so the preview may keep the upload, open a session and write
the error workbook; it must block the commit, change no record, write only
inside the upload store, and hand back an error workbook in which no cell
can run as a formula.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.importing.errors import OPERATOR_ERRORS
from dealbrain.importing.pipeline import ImportOutcome
from dealbrain.ingest import UploadStore
from tests.hostile.builders import (
    CPU_HEADER,
    SHEET_NAMES_THAT_FIGHT_BACK,
    cpu_rows,
    with_sheet_names,
    write_workbook,
)
from tests.hostile.conftest import ImportFile
from tests.hostile.snapshots import (
    BOOKKEEPING_TABLES,
    DatabaseSnapshot,
    StoreSnapshot,
    snapshot_database,
    snapshot_store,
)

FORMULAS = {
    "CPU Name": '=HYPERLINK("http://x","click")',
    "Cores": "+cmd|' /C calc'!A0",
    "Threads": "-2+3",
    "Release Year": "@SUM(1)",
    "=1+1": "=cmd|' /C notepad'!A0",
}
"""Header -> a cell that Excel would run: each fails validation or is an unknown column."""


def _formula_rows() -> list[list[str]]:
    header = [*CPU_HEADER, "Release Year", "=1+1"]
    return [header, [FORMULAS.get(column, "Intel") for column in header]]


def _formula_csv(folder: Path) -> Path:
    path = folder / "formulas.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(_formula_rows())
    return path


def _formula_xlsx(folder: Path) -> Path:
    """The same cells as text: openpyxl would store '=...' as a live formula unless told otherwise."""
    path = write_workbook(folder / "formulas.xlsx", {"CPUs": _formula_rows()})
    workbook = openpyxl.load_workbook(path)
    for row in workbook["CPUs"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"
    workbook.save(path)
    return path


def _stored_paths(outcome: ImportOutcome, store: UploadStore) -> set[str]:
    """The upload, its error workbook and the stored commit plan (manifest and Parquet rows) of the session."""
    upload = outcome.preview.upload
    previews = store.root / "previews" / outcome.preview.session_id
    return {
        upload.path.relative_to(store.root).as_posix(),
        outcome.preview.error_workbook.relative_to(store.root).as_posix(),
        *(path.relative_to(store.root).as_posix() for path in previews.iterdir()),
    }


def _files_outside(folder: Path, store: UploadStore) -> set[Path]:
    """Files under ``folder`` but not in the upload store, the test database's own files aside."""
    return {
        path for path in folder.rglob("*")
        if path.is_file() and store.root not in path.parents and not path.name.startswith("importer.db")
    }


def _assert_only_bookkeeping_was_kept(
    engine: Engine, store: UploadStore, before: tuple[DatabaseSnapshot, StoreSnapshot], outcome: ImportOutcome
) -> None:
    """Blocked; no record touched; the store gained exactly the upload and its error workbook."""
    database_before, store_before = before
    assert outcome.result is None and not outcome.preview.can_commit
    assert database_before.changed_tables(snapshot_database(engine)) <= BOOKKEEPING_TABLES
    with transaction(engine) as session:
        row = session.get(ImportSession, outcome.preview.session_id)
        assert row is not None and row.status == "blocked"
    store_after = snapshot_store(store.root)
    assert store_before.added_files(store_after) == _stored_paths(outcome, store)
    assert all(store_after.files[name] == store_before.files[name] for name in store_before.files)
    assert not any(name.endswith((".part", ".partial.xlsx")) for name in store_after.files), store_after.files


@pytest.mark.parametrize("build", [_formula_csv, _formula_xlsx], ids=["csv", "xlsx_text_cells"])
def test_formula_like_cells_are_blocked_and_neutralised_in_the_error_workbook(
    build: Callable[[Path], Path], seeded: ImportOutcome, import_file: ImportFile, engine: Engine, store: UploadStore, corpus_dir: Path
) -> None:
    path = build(corpus_dir)
    before = snapshot_database(engine), snapshot_store(store.root)

    outcome = import_file(path, declared_entities={path.stem if path.suffix == ".csv" else "CPUs": "cpu"})

    _assert_only_bookkeeping_was_kept(engine, store, before, outcome)
    assert any("failed validation" in reason and "error workbook" in reason for reason in outcome.preview.blocking)
    failing = set(outcome.preview.failures.get_column("column"))
    assert {"Cores", "Threads", "Release Year"} <= failing
    sheet = openpyxl.load_workbook(outcome.preview.error_workbook).worksheets[0]
    header_cells, row_cells = (list(line) for line in sheet.iter_rows(max_row=2))
    header = [cell.value for cell in header_cells]
    assert "=1+1" in header, header  # the text itself, kept as text: no apostrophe inside the value
    cells = dict(zip(header, row_cells))
    for column, text in FORMULAS.items():
        cell = cells[column]
        assert cell.value == text and cell.data_type == "s", (column, cell.value)
        assert cell.quotePrefix, f"{column}: a spreadsheet would evaluate {text!r} once edited"
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_hostile_file_and_sheet_names_stay_inside_the_upload_store(
    seeded: ImportOutcome, import_file: ImportFile, engine: Engine, store: UploadStore, corpus_dir: Path, tmp_path: Path
) -> None:
    bad_row = ["Broken CPU", "Intel", "six", 12]
    sheets = {name: [CPU_HEADER, *cpu_rows(1), bad_row] for name in SHEET_NAMES_THAT_FIGHT_BACK}
    path = with_sheet_names(corpus_dir, "names.xlsx", sheets)
    outside_before = _files_outside(tmp_path, store)
    before = snapshot_database(engine), snapshot_store(store.root)

    outcome = import_file(
        path, source_name="../../etc/passwd.xlsx", declared_entities={name: "cpu" for name in SHEET_NAMES_THAT_FIGHT_BACK}
    )

    _assert_only_bookkeeping_was_kept(engine, store, before, outcome)
    assert _files_outside(tmp_path, store) - outside_before == set()
    upload = outcome.preview.upload
    assert upload.original_name == "passwd.xlsx" and upload.path.name == f"{upload.sha256}.xlsx"
    with transaction(engine) as session:
        stored_name = session.scalar(select(ImportSession.source_filename).where(ImportSession.id == outcome.preview.session_id))
    assert stored_name == "passwd.xlsx"
    titles = openpyxl.load_workbook(outcome.preview.error_workbook).sheetnames
    assert len(titles) == len(SHEET_NAMES_THAT_FIGHT_BACK)
    assert not any(character in title for title in titles for character in "/\\[]:*?"), titles


def test_a_session_id_cannot_put_the_error_workbook_outside_the_store(
    seeded: ImportOutcome, import_file: ImportFile, store: UploadStore, corpus_dir: Path, tmp_path: Path
) -> None:
    path = write_workbook(corpus_dir / "broken.xlsx", {"CPUs": [CPU_HEADER, ["Broken CPU", "Intel", "six", 12]]})
    outside_before = _files_outside(tmp_path, store)

    with contextlib.suppress(*OPERATOR_ERRORS):  # refusing the session id would be a fine fix too
        import_file(path, session_id="../../escaped")

    assert _files_outside(tmp_path, store) - outside_before == set()
