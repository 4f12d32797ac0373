"""Fixtures for hostile input: a database and upload store that already hold an import, and a runner."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.importing.pipeline import ImportOutcome, run_import
from dealbrain.importing.request import ImportRequest
from dealbrain.ingest import ReadLimits, UploadStore
from tests.hostile.builders import cpu_workbook
from tests.support.seeds import seed_fixture

ADMIN = Actor("mallory-admin", Role.ADMIN)
_sessions = itertools.count(1)

ImportFile = Callable[..., ImportOutcome]


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """Where the hostile files are written: next to, never inside, the upload store."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


@pytest.fixture
def store(tmp_path: Path) -> UploadStore:
    return UploadStore(tmp_path / "uploads")


@pytest.fixture
def import_file(engine: Engine, store: UploadStore) -> ImportFile:
    """``import_file(path, source_name=..., limits=..., **request fields)``: the whole import, commit on.

    Each run gets a session id of its own unless ``session_id`` is among the fields.
    """

    def run(path: Path, *, source_name: str | None = None, limits: ReadLimits | None = None, **fields: Any) -> ImportOutcome:
        fields.setdefault("commit", True)
        session_id = fields.pop("session_id", f"hostile-{next(_sessions)}")
        request = ImportRequest(
            session_id=session_id, actor=ADMIN.name, file_path=path,
            source_name=source_name if source_name is not None else path.name, **fields,
        )
        return run_import(request, engine, store, ADMIN, limits)

    return run


@seed_fixture
def seeded(engine: Engine, uploads: Path) -> ImportOutcome:
    """A committed import of three CPUs, so "unchanged" is checked against real rows and a stored file
    (committed once per test session; each test starts from a copy of its database and upload store)."""
    workbook = cpu_workbook(uploads.parent / "seed" / "cpus.xlsx")
    request = ImportRequest(session_id="hostile-seed", actor=ADMIN.name, file_path=workbook,
                            source_name=workbook.name, commit=True)
    outcome = run_import(request, engine, UploadStore(uploads), ADMIN)
    assert outcome.result is not None, outcome.preview.blocking
    return outcome
