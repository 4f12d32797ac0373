"""What a commit needs from its preview, kept between the preview run and the commit run as plain data.

A preview waiting for its commit outlives the run that made it, so it is
stored in formats that cannot execute code: one JSON manifest (with a schema
version) and one Parquet file of rows per entity, in the session's folder of
the upload store. The manifest names each Parquet file's sha256, and the
manifest's own sha256 is recorded on the session row in the database when
the preview is made: a tampered, swapped or foreign preview is refused, as
is one written by another version of this format.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from dealbrain.errors import UserFacingError
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.request import SESSION_ID
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldSpec

if TYPE_CHECKING:
    from dealbrain.importing.stages.validation import ImportPreview

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
AUDITED_DECISIONS = 1000
AUDITED_CHANGES = 200


class StoredPreviewError(UserFacingError, RuntimeError):
    """The stored preview is missing, altered or of another format; the message says to preview again."""


@dataclass
class EntityCommitPlan:
    """One entity of a preview: the rows to write and what the audit log says about them."""

    entity: str
    rows: pl.DataFrame
    plan_fingerprint: str
    rejected: int = 0
    skipped: int = 0
    conflicts: int = 0
    decided: dict[str, int] = field(default_factory=dict)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    staged: list[Path] = field(default_factory=list)
    """Rows planned batch by batch: the staged files holding every row (``rows`` is then empty)."""
    batch_rows: int | None = None
    """Set when the rows are written batch by batch: the rows per batch, read from ``rows_file``."""
    rows_file: Path | None = None

    def row_batches(self) -> Iterator[pl.DataFrame]:
        """The rows to write: all at once, or batch by batch from the stored file when planned so."""
        if self.batch_rows is None or self.rows_file is None:
            yield self.rows
            return
        # One slice at a time reads only its row groups (the file is written a batch per row group); polars'
        # streaming batches would hold more of the file the larger it is.
        rows = pl.scan_parquet(self.rows_file)
        total = rows.select(pl.len()).collect().item()
        for start in range(0, total, self.batch_rows):
            yield rows.slice(start, self.batch_rows).collect()


@dataclass
class CommitPlan:
    """Everything the commit writes and checks, derived from a preview."""

    session_id: str
    actor: str
    """Who made the preview."""
    fingerprint: str
    blocking: list[str]
    commit_requested: bool
    conflict_policy: ConflictPolicy | None
    conflict_decisions: dict[str, dict[str, ConflictPolicy]]
    custom_fields_digest: dict[str, str]
    """Entity -> digest of the custom fields the rows were validated against."""
    mappings: list[dict[str, Any]]
    """The confirmed mappings to remember: ``{entity, signature, mapping}``."""
    auto_created: dict[str, list[str]]
    """Records the commit creates because listings name them (entity -> names)."""
    entities: dict[str, EntityCommitPlan]
    auto_created_values: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """Entity -> name -> the field values a component's metadata fills in on the created record."""

    def decisions_for(self, entity: str) -> dict[str, ConflictPolicy]:
        return self.conflict_decisions.get(entity, {})


def custom_fields_digest(specs: list[FieldSpec]) -> str:
    """A digest of custom field definitions: equal digests mean the same fields with the same rules."""
    document = [to_jsonable(vars(spec)) for spec in specs]
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def previews_root(upload_root: Path) -> Path:
    """Where stored previews live: beside the uploads, one folder per session."""
    return upload_root / "previews"


def preview_folder(root: Path, session_id: str) -> Path:
    """The session's folder for its stored preview; the id is checked so it cannot leave ``root``."""
    if not SESSION_ID.fullmatch(session_id) or ".." in session_id:
        raise StoredPreviewError(f"Session id {session_id!r} is not a valid session id.")
    return root / session_id


def save_commit_plan(plan: CommitPlan, root: Path) -> str:
    """Write the plan under ``root/<session>/`` and return the manifest's sha256 (to record on the session)."""
    folder = preview_folder(root, plan.session_id)
    folder.mkdir(parents=True, exist_ok=True)
    entities = []
    for name, entity in plan.entities.items():
        rows_file = folder / f"{name}.rows.parquet"
        if entity.staged:  # every batch's rows into one file, streamed; the staged batches are then removed
            pl.scan_parquet(entity.staged).sink_parquet(rows_file, row_group_size=entity.batch_rows)
            for staged in entity.staged:
                staged.unlink(missing_ok=True)
        else:
            entity.rows.write_parquet(rows_file)
        entities.append(
            {
                "batch_rows": entity.batch_rows,
                "entity": name, "rows_file": rows_file.name, "rows_sha256": _sha256(rows_file),
                "plan_fingerprint": entity.plan_fingerprint, "rejected": entity.rejected, "skipped": entity.skipped,
                "conflicts": entity.conflicts, "decided": entity.decided,
                "decisions": to_jsonable(entity.decisions), "changes": to_jsonable(entity.changes),
            }
        )
    manifest = {
        "format_version": FORMAT_VERSION,
        "session_id": plan.session_id,
        "actor": plan.actor,
        "fingerprint": plan.fingerprint,
        "blocking": plan.blocking,
        "commit_requested": plan.commit_requested,
        "conflict_policy": plan.conflict_policy.value if plan.conflict_policy else None,
        "conflict_decisions": {e: {k: p.value for k, p in d.items()} for e, d in plan.conflict_decisions.items()},
        "custom_fields_digest": plan.custom_fields_digest,
        "mappings": to_jsonable(plan.mappings),
        "auto_created": plan.auto_created,
        "auto_created_values": to_jsonable(plan.auto_created_values),
        "entities": entities,
    }
    text = json.dumps(manifest, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    (folder / MANIFEST).write_bytes(text)
    return hashlib.sha256(text).hexdigest()


def load_commit_plan(root: Path, session_id: str, expected_sha256: str | None) -> CommitPlan:
    """The plan stored for ``session_id``, refused unless its manifest and files are exactly the recorded ones."""
    again = f"preview session {session_id} again, then commit"
    if not expected_sha256:
        raise StoredPreviewError(f"Session {session_id} has no stored preview to commit; {again}.")
    folder = preview_folder(root, session_id)
    try:
        text = (folder / MANIFEST).read_bytes()
    except OSError:
        raise StoredPreviewError(f"The stored preview of session {session_id} is missing; {again}.") from None
    if hashlib.sha256(text).hexdigest() != expected_sha256:
        raise StoredPreviewError(
            f"The stored preview of session {session_id} is not the one its preview recorded (it was altered or "
            f"replaced); nothing was written. {again[0].upper()}{again[1:]}."
        )
    manifest = json.loads(text)
    if manifest.get("format_version") != FORMAT_VERSION or manifest.get("session_id") != session_id:
        raise StoredPreviewError(f"The stored preview of session {session_id} is of another format or session; {again}.")
    entities = {}
    for item in manifest["entities"]:
        rows_file = folder / item["rows_file"]
        if rows_file.parent != folder or not rows_file.is_file() or _sha256(rows_file) != item["rows_sha256"]:
            raise StoredPreviewError(f"The stored rows of session {session_id} were altered; nothing was written. {again}.")
        batch_rows = item.get("batch_rows")
        rows = pl.read_parquet_schema(rows_file) if batch_rows else None
        entities[item["entity"]] = EntityCommitPlan(
            entity=item["entity"], rows=pl.DataFrame(schema=rows) if rows is not None else pl.read_parquet(rows_file),
            plan_fingerprint=item["plan_fingerprint"], batch_rows=batch_rows, rows_file=rows_file if batch_rows else None,
            rejected=item["rejected"], skipped=item["skipped"], conflicts=item["conflicts"], decided=item["decided"],
            decisions=item["decisions"], changes=item["changes"],
        )
    policy = manifest["conflict_policy"]
    return CommitPlan(
        session_id=session_id,
        actor=manifest["actor"],
        fingerprint=manifest["fingerprint"],
        blocking=list(manifest["blocking"]),
        commit_requested=bool(manifest["commit_requested"]),
        conflict_policy=ConflictPolicy(policy) if policy else None,
        conflict_decisions={
            e: {k: ConflictPolicy(p) for k, p in d.items()} for e, d in manifest["conflict_decisions"].items()
        },
        custom_fields_digest=dict(manifest["custom_fields_digest"]),
        mappings=list(manifest["mappings"]),
        auto_created={e: list(names) for e, names in manifest["auto_created"].items()},
        entities=entities,
        auto_created_values={e: dict(v) for e, v in manifest.get("auto_created_values", {}).items()},
    )


def commit_plan_from(preview: ImportPreview) -> CommitPlan:
    """The commit's part of a preview."""
    entities = {}
    for name, entity in preview.entities.items():
        resolution = entity.conflicts
        decisions = resolution.diffs.select("key", "decision").unique().sort("key") if resolution.conflicts else None
        entities[name] = EntityCommitPlan(
            entity=name,
            rows=entity.rows,
            plan_fingerprint=entity.plan.fingerprint,
            rejected=entity.rejected,
            skipped=resolution.skipped,
            conflicts=resolution.conflicts,
            decided=dict(resolution.decided),
            decisions=decisions.head(AUDITED_DECISIONS).to_dicts() if decisions is not None else [],
            changes=resolution.diffs.head(AUDITED_CHANGES).to_dicts() if resolution.conflicts else [],
            staged=list(entity.rows_files),
            batch_rows=_batch_rows(preview, name) if entity.rows_files else None,
        )
    request = preview.request
    return CommitPlan(
        session_id=request.session_id,
        actor=request.actor,
        fingerprint=preview.fingerprint,
        blocking=list(preview.blocking),
        commit_requested=request.commit,
        conflict_policy=request.conflict_policy,
        conflict_decisions=preview.conflict_decisions(),
        custom_fields_digest={entity: custom_fields_digest(specs) for entity, specs in preview.custom_fields.items()},
        mappings=[
            {"entity": sheet.entity, "signature": sheet.mapping.signature, "mapping": sheet.mapping.confirmed()}
            for sheet in preview.sheets
        ],
        auto_created=preview.auto_created(),
        entities=entities,
        auto_created_values=_created_values(preview),
    )


def _batch_rows(preview: ImportPreview, entity: str) -> int:
    (sheet,) = [s for s in preview.sheets if s.entity == entity]
    assert sheet.source.batches is not None
    return sheet.source.batches.batch_rows


def _created_values(preview: ImportPreview) -> dict[str, dict[str, dict[str, Any]]]:
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for entry in preview.created_records():
        if entry["values"]:
            values.setdefault(str(entry["entity"]), {})[str(entry["name"])] = dict(entry["values"])  # type: ignore[call-overload]
    return values
