"""The size limits an import reads with come from the deployment's settings, so large files can be let in."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealbrain.auth import Actor, Role
from dealbrain.importing.request import ImportRequest
from dealbrain.ingest.errors import FileRejected
from dealbrain.settings import ImporterSettings
from resources.deployment import Deployment

ADMIN = Actor("alice", Role.ADMIN)


def _csv(path: Path, rows: int) -> Path:
    lines = ["CPU Name,Cores"] + [f"Test CPU {index:04d},{4 + index % 8}" for index in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _preview(settings: ImporterSettings, path: Path, session: str):  # noqa: ANN202
    request = ImportRequest(session_id=session, actor=ADMIN.name, file_path=path, source_name=path.name,
                            declared_entities={path.stem: "cpu"})
    return Deployment(settings).imports().preview(ADMIN, request)


def test_more_rows_than_the_setting_allows_are_refused_with_the_setting_to_raise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _csv(tmp_path / "cpus.csv", rows=5)
    monkeypatch.setenv("IMPORTER_IMPORT_MAX_ROWS", "4")
    with pytest.raises(FileRejected) as refused:
        _preview(ImporterSettings(data_dir=tmp_path / "data"), path, "limits-1")
    assert refused.value.reason == "too_many_rows"
    assert "there are 5 data rows; the limit is 4" in str(refused.value)
    assert "IMPORTER_IMPORT_MAX_ROWS" in str(refused.value)

    monkeypatch.setenv("IMPORTER_IMPORT_MAX_ROWS", "5")
    assert _preview(ImporterSettings(data_dir=tmp_path / "data"), path, "limits-2").counts()["cpu"]["insert"] == 5


def test_a_file_larger_than_the_setting_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _csv(tmp_path / "cpus.csv", rows=50)
    settings = ImporterSettings(data_dir=tmp_path / "data", import_max_file_bytes=path.stat().st_size - 1)
    with pytest.raises(FileRejected) as refused:
        _preview(settings, path, "limits-3")
    assert refused.value.reason == "too_large"
    assert "IMPORTER_IMPORT_MAX_FILE_BYTES" in str(refused.value)
    raised = ImporterSettings(data_dir=tmp_path / "data", import_max_file_bytes=path.stat().st_size)
    assert _preview(raised, path, "limits-4").counts()["cpu"]["insert"] == 50
