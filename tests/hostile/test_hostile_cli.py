"""`importer import` on hostile files: exit code 1, the refusal in words, nothing kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli.app import app
from cli.context import cli_database, cli_settings
from dealbrain.db import connect as connect_module
from dealbrain.ingest import UploadStore
from tests.hostile.builders import cpu_workbook
from tests.hostile.corpus import CORPUS, HostileFile
from tests.hostile.snapshots import snapshot_database, snapshot_store

pytestmark = pytest.mark.slow

CLI_CASES = [
    case
    for case in CORPUS
    if case.id in {
        "text_named_xlsx", "encrypted_workbook", "csv_with_nul_bytes",
        "far_cell_dimension_that_lies", "far_cell_sheet_outside_worksheets", "shared_string_amplification",
        "csv_lone_carriage_return_unquoted", "csv_header_line_over_64_kib", "csv_header_only", "xlsx_header_only",
    }
]


def _clear_caches() -> None:
    cli_settings.cache_clear()
    cli_database.cache_clear()
    connect_module.connect.cache_clear()


@pytest.fixture
def data_dir(engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI's data folder, on this test's migrated database, authentication off."""
    folder = tmp_path / "data"
    monkeypatch.setenv("IMPORTER_DATA_DIR", str(folder))
    monkeypatch.setenv("IMPORTER_DATABASE_URL", database_url)
    for variable in ("IMPORTER_AUTH_ENABLED", "IMPORTER_TOKEN", "IMPORTER_LAUNCH_SECRET", "IMPORTER_UPLOAD_DIR"):
        monkeypatch.delenv(variable, raising=False)
    _clear_caches()
    yield folder
    _clear_caches()


def _import(path: Path) -> Result:
    _clear_caches()
    return CliRunner().invoke(app, ["import", str(path), "--commit"])


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_cli_refuses_a_hostile_file_with_exit_1_and_keeps_nothing(
    case: HostileFile, data_dir: Path, engine: Engine, tmp_path: Path
) -> None:
    seed = _import(cpu_workbook(tmp_path / "seed" / "cpus.xlsx"))
    assert seed.exit_code == 0, seed.output
    uploads = UploadStore(data_dir / "uploads").root
    path = case.build(_corpus_dir(tmp_path))
    database_before, store_before = snapshot_database(engine), snapshot_store(uploads)

    result = _import(path)

    assert result.exit_code == 1, result.output
    assert f"Error: {case.says[0]}" in result.output
    for words in case.says:
        assert words.casefold() in result.output.casefold(), result.output
    assert database_before.changed_tables(snapshot_database(engine)) == set()
    assert snapshot_store(uploads) == store_before


def test_cli_refusal_reaches_stderr(data_dir: Path, tmp_path: Path) -> None:
    case = CLI_CASES[0]

    result = _import(case.build(_corpus_dir(tmp_path)))

    assert result.exit_code == 1
    assert case.says[0] in result.stderr


def test_cli_refusal_has_no_stack_trace(data_dir: Path, tmp_path: Path) -> None:
    result = _import(CLI_CASES[0].build(_corpus_dir(tmp_path)))

    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Stack Trace" not in result.output


def _corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    return folder
