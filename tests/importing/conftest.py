"""Fixtures for running imports through the domain pipeline."""

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
from dealbrain.ingest import UploadStore

ADMIN = Actor("alice", Role.ADMIN)
_session_numbers = itertools.count(1)


@pytest.fixture
def upload_store(tmp_path: Path) -> UploadStore:
    return UploadStore(tmp_path / "uploads")


ImportRunner = Callable[..., ImportOutcome]


@pytest.fixture
def run(engine: Engine, upload_store: UploadStore) -> ImportRunner:
    """Run an import of ``path`` with request fields given as keywords; commit=True by default."""

    def _run(path: Path, *, actor: Actor = ADMIN, **fields: Any) -> ImportOutcome:
        fields.setdefault("commit", True)
        request = ImportRequest(
            session_id=f"session-{next(_session_numbers)}", actor=actor.name, file_path=path,
            source_name=path.name, **fields,
        )
        return run_import(request, engine, upload_store, actor)

    return _run
