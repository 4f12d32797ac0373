"""Before/after pictures of the database and the upload store, to prove a refusal changed nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

import dealbrain.db.entity_tables  # noqa: F401 - registers the reference tables on the metadata
from dealbrain.db.models import Base

BOOKKEEPING_TABLES = frozenset({"import_session", "import_session_profile", "import_audit_event"})
"""Tables a preview may write once the file itself was read: the session, the options it used and its audit trail."""


@dataclass(frozen=True)
class DatabaseSnapshot:
    """Every row of every table of the importer's schema, in primary-key order."""

    rows: dict[str, list[tuple[Any, ...]]]

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.rows.items()}

    def changed_tables(self, later: DatabaseSnapshot) -> set[str]:
        return {table for table in self.rows if self.rows[table] != later.rows[table]}


def snapshot_database(engine: Engine) -> DatabaseSnapshot:
    rows = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            statement = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(statement)]
    assert BOOKKEEPING_TABLES <= rows.keys(), "the metadata no longer has the session and audit tables"
    return DatabaseSnapshot(rows)


@dataclass(frozen=True)
class StoreSnapshot:
    """Every file (hidden ones included) and folder under the upload store, with sizes and hashes."""

    files: dict[str, tuple[int, str]]
    folders: frozenset[str]

    def added_files(self, later: StoreSnapshot) -> set[str]:
        return set(later.files) - set(self.files)


def snapshot_store(root: Path) -> StoreSnapshot:
    files, folders = {}, set()
    if root.exists():
        for entry in sorted(root.rglob("*")):
            relative = entry.relative_to(root).as_posix()
            if entry.is_dir():
                folders.add(relative)
            else:
                data = entry.read_bytes()
                files[relative] = (len(data), hashlib.sha256(data).hexdigest())
    return StoreSnapshot(files, frozenset(folders))

