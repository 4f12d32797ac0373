"""Profile regression: what a changed profile would do to the files its sessions imported, before it is saved.

Every distinct file a session of the profile imported is taken from the
upload store (by the session's sha256, under its original name so sheet names
match) and previewed twice against the database as it is now: with the
profile's current version and with the changed content. Nothing is committed;
each preview is an ordinary previewed session named ``replay-...``, so it is
audited like any other. Column promotions are not replayed (a preview would
create the fields); the report says so when the changed profile has some.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import select

from dealbrain.auth import Actor, Permission, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession, SessionProfileUse
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.service import ImportService
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.profiles.content import apply_profile, for_file, profile_content
from dealbrain.profiles.service import ProfileError, ProfileService
from dealbrain.specs import get_entity_spec
from dealbrain.store.records import natural_key_field

SHOWN_RECORDS = 50


@dataclass
class FileReplay:
    """One stored file previewed under both versions."""

    file: str
    sha256: str
    sessions: list[str]
    counts_before: dict[str, dict[str, int]]
    counts_after: dict[str, dict[str, int]]
    blocking_before: list[str]
    blocking_after: list[str]
    changed_records: list[dict[str, Any]] = field(default_factory=list)
    """``{entity, key, field, before, after}`` for every planned value that differs (None: the record is absent)."""

    @property
    def differs(self) -> bool:
        return bool(self.changed_records) or self.counts_before != self.counts_after or self.blocking_before != self.blocking_after


@dataclass
class ReplayReport:
    profile: str
    version: int
    changed_fields: list[str]
    files: list[FileReplay]
    notes: list[str]

    @property
    def differs(self) -> bool:
        return any(item.differs for item in self.files)


def _planned(preview: ImportPreview) -> dict[str, dict[str, dict[str, Any]]]:
    """entity -> key -> {field: value} of the rows the commit would write."""
    planned: dict[str, dict[str, dict[str, Any]]] = {}
    for name, entity in preview.entities.items():
        key = natural_key_field(get_entity_spec(name)).name
        rows: pl.DataFrame = entity.rows
        columns = [c for c in rows.columns if not c.startswith("__")]
        planned[name] = {str(r[key]): {c: r[c] for c in columns} for r in rows.select(columns).iter_rows(named=True)} if key in columns else {}
    return planned


def _differences(before: ImportPreview, after: ImportPreview) -> list[dict[str, Any]]:
    changes = []
    old, new = _planned(before), _planned(after)
    for entity in sorted(set(old) | set(new)):
        a, b = old.get(entity, {}), new.get(entity, {})
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                changes.append({"entity": entity, "key": key, "field": "(record)",
                                "before": None if key not in a else "planned", "after": None if key not in b else "planned"})
                continue
            for name in sorted(set(a[key]) | set(b[key])):
                if a[key].get(name) != b[key].get(name):
                    changes.append({"entity": entity, "key": key, "field": name, "before": a[key].get(name), "after": b[key].get(name)})
    return changes


class ProfileReplay:
    """Replays a profile's stored files with the import service's stages."""

    def __init__(self, imports: ImportService) -> None:
        self.imports = imports
        self.profiles = ProfileService(imports.engine)

    def stored_files(self, name: str) -> list[tuple[str, str, list[str]]]:
        """(sha256, original file name, sessions) of every file a session of profile ``name`` imported."""
        with transaction(self.imports.engine) as session:
            rows = session.execute(
                select(ImportSession.checksum_sha256, ImportSession.source_filename, ImportSession.id)
                .join(SessionProfileUse, SessionProfileUse.session_id == ImportSession.id)
                .where(SessionProfileUse.profile_name == name, ~ImportSession.id.startswith("replay-"))
                .order_by(ImportSession.created_at)
            ).all()
        files: dict[str, tuple[str, list[str]]] = {}
        for sha, filename, session_id in rows:
            files.setdefault(sha, (filename, []))[1].append(session_id)
        return [(sha, filename, sessions) for sha, (filename, sessions) in files.items()]

    def replay(self, actor: Actor, name: str, changed: dict[str, Any], *, origin: str) -> ReplayReport:
        require(self.imports.engine, actor, Permission.IMPORT_PREVIEW, action="replay an import profile")
        version, current = self.profiles.content(actor, name)
        proposed = profile_content(changed, origin=origin)
        notes = []
        if proposed.get("promote_columns"):
            notes.append("The changed profile promotes columns: promotions are not replayed (a preview would create the fields).")
            proposed = {**proposed, "promote_columns": []}
        current = {**current, "promote_columns": []}
        files = self.stored_files(name)
        if not files:
            raise ProfileError(f"Profile {name!r} has imported no files yet: there is nothing to replay.")
        reports = []
        with tempfile.TemporaryDirectory(prefix="profile-replay-") as scratch:
            for sha, filename, sessions in files:
                stored = self.imports.store.path_for(sha)
                if stored is None:
                    notes.append(f"{filename} ({sha[:12]}) is no longer in the upload store; skipped.")
                    continue
                copy = Path(scratch) / sha[:12] / filename
                copy.parent.mkdir(parents=True)
                shutil.copyfile(stored, copy)
                before = self._preview(actor, name, version, copy, current)
                after = self._preview(actor, name, version, copy, proposed)
                reports.append(FileReplay(filename, sha, sessions, before.counts(), after.counts(), before.blocking,
                                          after.blocking, _differences(before, after)))
        changed_fields = [f for f in proposed if proposed.get(f) != current.get(f)]
        return ReplayReport(name, version, changed_fields, reports, notes)

    def _preview(self, actor: Actor, name: str, version: int, path: Path, content: dict[str, Any]) -> ImportPreview:
        options = apply_profile(ImportOptions(file=str(path)), for_file(content, path.name))
        session_id = f"replay-{uuid.uuid4().hex[:20]}"
        request = replace(options.to_request(session_id, actor.name), profile=None, profile_version=None)
        return self.imports.preview(actor, request)


__all__ = ["FileReplay", "ProfileReplay", "ReplayReport", "SHOWN_RECORDS"]
