"""The plain pipeline walks the declared stages, hands flat results on, and commits the stored plan."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, PermissionDeniedError, Role
from dealbrain.importing.commit_plan import StoredPreviewError
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.service import ImportService
from dealbrain.importing.spine import STAGE_NAMES
from dealbrain.ingest import UploadStore
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

ADMIN = Actor("alice", Role.ADMIN)


def _request(path: Path, session_id: str = "s1") -> ImportRequest:
    return ImportRequest(session_id=session_id, actor=ADMIN.name, file_path=path, source_name=path.name)


def test_preview_runs_every_declared_stage_in_order_with_flat_results(engine: Engine, tmp_path: Path) -> None:
    service = ImportService(engine, UploadStore(tmp_path / "uploads"))
    seen: list[tuple[str, object]] = []
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})

    preview = service.preview(ADMIN, _request(path), listener=lambda stage, result, _seconds: seen.append((stage.name, result)))

    assert [name for name, _ in seen] == list(STAGE_NAMES)
    for _, result in seen:
        assert result.request.session_id == "s1" and result.upload.original_name == "cpus.xlsx"
    assert preview.sheets[0].source.name == "CPUs" and preview.resolution[0].entity == "cpu"
    assert preview.counts()["cpu"]["insert"] == 3


def test_commit_writes_the_stored_plan_and_only_for_those_allowed(engine: Engine, tmp_path: Path) -> None:
    service = ImportService(engine, UploadStore(tmp_path / "uploads"))
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    service.preview(ADMIN, _request(path))

    with pytest.raises(PermissionDeniedError):
        service.commit(Actor("ann", Role.ANALYST), "s1")
    with pytest.raises(StoredPreviewError, match="no stored preview"):
        service.commit(ADMIN, "never-previewed")
    assert service.commit(ADMIN, "s1").counts()["cpu"]["inserted"] == 3
