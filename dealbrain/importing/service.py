"""`ImportService`: preview and commit an import, with the permission checks, for every surface.

The Dagster assets run one stage at a time through `run_stage`; the CLI's
checks, the tests and the benchmark call `preview` and `commit`. Either way
the stages are the ones declared in `dealbrain.importing.spine`, and the
commit writes the commit plan the preview stored, never a value handed over
by a surface.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor, Permission, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.errors import UserFacingError
from dealbrain.importing.commit_plan import CommitPlan, StoredPreviewError, load_commit_plan, previews_root
from dealbrain.importing.progress import Progress, unwatched
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.spine import PREVIEW_STAGES, Stage, StageRuntime
from dealbrain.importing.stages.commit import CommitResult, commit_preview
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.ingest import ReadLimits, UploadStore
from dealbrain.store.sessions import stored_preview_digest

StageListener = Callable[[Stage, Any, float], None]
"""Called after each stage with its result and its seconds (progress lines, timings, metadata)."""


@dataclass
class ImportOutcome:
    preview: ImportPreview
    result: CommitResult | None


class ImportService:
    """Previews and commits imports on one database and upload store."""

    def __init__(self, engine: Engine, store: UploadStore, limits: ReadLimits | None = None) -> None:
        self.engine = engine
        self.store = store
        self.limits = limits or ReadLimits()

    def runtime(self, actor: Actor, progress: Progress = unwatched) -> StageRuntime:
        return StageRuntime(self.engine, self.store, actor, self.limits, progress)

    def run_stage(self, stage: Stage, actor: Actor, given: Any, progress: Progress = unwatched) -> Any:
        """One stage on ``given`` (the request for the first); the first checks the actor may preview.

        Long work (a file imported batch by batch) reports how far it has come to ``progress``."""
        if stage.needs is None:
            require(self.engine, actor, Permission.IMPORT_PREVIEW, action="preview an import")
        result = stage.run(self.runtime(actor, progress), given)
        if isinstance(result, ImportPreview):
            self._record_use(result)
        return result

    def _record_use(self, preview: ImportPreview) -> None:
        """Remember the options, profile version and source of the preview (profiles and drift read them)."""
        from dealbrain.profiles.usage import record_session_use  # noqa: PLC0415 - profiles build on the importer
        from dealbrain.sources.drift import preview_snapshot  # noqa: PLC0415

        snapshot = preview_snapshot(preview) if preview.request.source else {}
        with transaction(self.engine) as session:
            record_session_use(session, preview.request, snapshot)

    def preview(self, actor: Actor, request: ImportRequest, listener: StageListener | None = None) -> ImportPreview:
        """Every preview stage in order; the commit plan is stored for `commit`."""
        value: Any = request
        for stage in PREVIEW_STAGES:
            started = time.perf_counter()
            value = self.run_stage(stage, actor, value)
            if listener:
                listener(stage, value, time.perf_counter() - started)
        return value

    def commit(self, actor: Actor, session_id: str, progress: Progress = unwatched) -> CommitResult:
        """Commit the session's stored preview exactly as previewed, or refuse (audited) saying why."""
        require(self.engine, actor, Permission.IMPORT_COMMIT, action="commit an import", import_session_id=session_id)
        try:
            return commit_preview(self.stored_plan(session_id), self.engine, committed_by=actor.name, progress=progress)
        except UserFacingError as refusal:
            self._audit_refusal(actor, session_id, str(refusal))
            raise

    def commit_requested(self, session_id: str) -> bool:
        """Whether the session's last preview asked to be committed in the same run (``commit: true``)."""
        with transaction(self.engine) as session:
            row = session.get(ImportSession, session_id)
            return bool(row is not None and (row.preview_json or {}).get("commit_requested"))

    def stored_plan(self, session_id: str) -> CommitPlan:
        with transaction(self.engine) as session:
            digest = stored_preview_digest(session, session_id)
        return load_commit_plan(previews_root(self.store.root), session_id, digest)

    def run(self, actor: Actor, request: ImportRequest, listener: StageListener | None = None) -> ImportOutcome:
        """Preview, then commit when the request asks for it and nothing blocks."""
        preview = self.preview(actor, request, listener)
        if not request.commit or not preview.can_commit:
            return ImportOutcome(preview, None)
        return ImportOutcome(preview, self.commit(actor, request.session_id))

    def _audit_refusal(self, actor: Actor, session_id: str, reason: str) -> None:
        with transaction(self.engine) as session:
            record_event(
                session, actor=actor.name, action=AuditAction.COMMIT_REFUSED,
                import_session_id=session_id if session.get(ImportSession, session_id) is not None else None,
                payload={"reason": reason},
            )


__all__ = ["ImportOutcome", "ImportService", "StoredPreviewError"]
