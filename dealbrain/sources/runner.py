"""One unattended run of a recurring source: preview under its profile, measure drift, then commit or hold.

The run commits only when every one of these holds: the preview is clean
(nothing blocks), nothing a policy let through needs a person's look (a new
column, a near-duplicate decided by ``on_near_duplicate``, a record created
for an unknown component: `dealbrain.sources.holds`), no blocking
drift check failed, the source says `on_clean: commit`, and unattended
commits are switched on in the environment. Otherwise the session is held:
the reasons are audited and returned, and a person commits it later (a
`commit_import` run, or `importer import --session ... --commit`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession, SessionProfileUse
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.service import ImportService
from dealbrain.importing.stages.commit import CommitResult
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.profiles import ProfileService
from dealbrain.sources.declaration import OnClean, SourceDeclaration
from dealbrain.sources.drift import DriftMeasure, compare_snapshots
from dealbrain.sources.holds import unattended_holds
from dealbrain.store.sessions import SessionStatus

SWITCH_OFF = ("unattended commits are switched off in this environment "
              "(set IMPORTER_FEATURE_UNATTENDED_COMMITS=true to let clean previews commit)")


@dataclass
class SourceOutcome:
    session_id: str
    profile_version: int | None
    preview: ImportPreview
    drift: list[DriftMeasure]
    blocking_checks: list[str]
    held_because: list[str]
    result: CommitResult | None

    @property
    def held(self) -> bool:
        return self.result is None


def previous_snapshot(engine: Engine, source: str, excluding: str) -> tuple[str | None, dict[str, Any] | None]:
    """The drift snapshot of the source's last committed import before this one."""
    with transaction(engine) as session:
        row = session.execute(
            select(SessionProfileUse.session_id, SessionProfileUse.snapshot_json)
            .join(ImportSession, ImportSession.id == SessionProfileUse.session_id)
            .where(SessionProfileUse.source_name == source, ImportSession.status == SessionStatus.COMMITTED,
                   SessionProfileUse.session_id != excluding)
            .order_by(ImportSession.updated_at.desc(), SessionProfileUse.recorded_at.desc())
        ).first()
    return (row[0], row[1]) if row else (None, None)


class SourceRunner:
    """Runs a source's file through the importer as ``actor`` (the source's sensor or schedule)."""

    def __init__(self, imports: ImportService, unattended_commits: bool) -> None:
        self.imports = imports
        self.unattended_commits = unattended_commits

    def run(self, actor: Actor, source: SourceDeclaration, file: Path, session_id: str, *, file_name: str | None = None) -> SourceOutcome:
        """``file`` (shown as ``file_name`` when given: a fetched file kept under its sha256) imported unattended."""
        engine = self.imports.engine
        given = ImportOptions(file=str(file), source_name=file_name, profile=source.profile)
        options, version = ProfileService(engine).resolve(actor, given)
        request = replace(options.to_request(session_id, actor.name), profile_version=version, source=source.name)
        preview = self.imports.preview(actor, request)
        previous_id, previous = previous_snapshot(engine, source.name, session_id)
        with transaction(engine) as session:
            current = session.get(SessionProfileUse, session_id).snapshot_json
        drift = compare_snapshots(previous, current, source.drift.thresholds(), previous_id)
        blocking_checks = [m.check for m in drift if not m.passed and m.check in source.drift.blocking]
        reasons = [*preview.blocking, *unattended_holds(preview, source.profile)]
        reasons += [f"drift {m.check}: {m.reason}" for m in drift if m.check in blocking_checks]
        if not reasons and source.on_clean == OnClean.HOLD:
            reasons.append(f"source {source.name!r} holds clean previews for review (on_clean: hold)")
        if not reasons and not self.unattended_commits:
            reasons.append(SWITCH_OFF)
        if reasons:
            self._audit_hold(actor, session_id, source, reasons)
            return SourceOutcome(session_id, version, preview, drift, blocking_checks, reasons, None)
        result = self.imports.commit(actor, session_id)
        return SourceOutcome(session_id, version, preview, drift, blocking_checks, [], result)

    def _audit_hold(self, actor: Actor, session_id: str, source: SourceDeclaration, reasons: list[str]) -> None:
        with transaction(self.imports.engine) as session:
            record_event(session, actor=actor.name, action=AuditAction.SESSION_HELD, import_session_id=session_id,
                         payload={"source": source.name, "reasons": reasons})
