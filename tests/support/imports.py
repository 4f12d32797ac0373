"""Committing a workbook straight through `ImportService`: records for tests whose subject comes after the import.

The import's surfaces (the CLI, the HTTP route, the Dagster job) each launch
a run of the real job, which costs seconds; tests of what is done with the
records afterwards (record routes, backups, downgrades) seed them here and
leave the surfaces to their own tests.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.service import ImportOutcome, ImportService
from dealbrain.ingest import UploadStore

SEEDING_ADMIN = Actor("seeding-admin", Role.ADMIN)
_sessions = itertools.count(1)


def commit_workbook(engine: Engine, upload_dir: Path, path: Path, actor: Actor = SEEDING_ADMIN, **fields: Any) -> ImportOutcome:
    """Preview and commit ``path`` (request fields as keywords); fails the test when anything blocks the commit."""
    fields.setdefault("session_id", f"seeded-{next(_sessions)}")
    request = ImportRequest(actor=actor.name, file_path=path, source_name=path.name, commit=True, **fields)
    outcome = ImportService(engine, UploadStore(upload_dir)).run(actor, request)
    assert outcome.result is not None, outcome.preview.blocking
    return outcome
