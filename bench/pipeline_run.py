"""Our pipeline on one file, every stage of the spine called directly and timed (runs inside a child process)."""

from __future__ import annotations

import resource
import time
import uuid
from pathlib import Path
from typing import Any

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import make_engine
from dealbrain.importing.policies import ConflictPolicy
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.service import ImportService
from dealbrain.importing.spine import Stage
from dealbrain.ingest import ReadLimits, UploadStore

ACTOR = Actor("benchmark", Role.ADMIN)


class _StageClock:
    """Seconds per stage, and the process's peak memory once each stage is done (it only grows)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}

    def record(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = seconds
        self.peak_mb[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    def stage_done(self, stage: Stage, _result: object, seconds: float) -> None:
        self.record(stage.name, seconds)


def run_pipeline(
    file: Path, sheet: str, database_url: str, work_dir: Path, *, commit: bool, limits: ReadLimits | None = None
) -> dict[str, Any]:
    """Every preview stage of the spine on ``file`` (declared as CPUs), then the commit when asked.

    Rows that change stored records take the incoming values (conflict policy ``update``).

    Returns the seconds per stage, the process's peak memory after each stage
    and the preview's counts; raises when the preview blocks a commit that was
    asked for (the generated files are valid).
    """
    engine = make_engine(database_url)
    service = ImportService(engine, UploadStore(work_dir / "uploads"), limits)
    request = ImportRequest(
        session_id=f"bench-{uuid.uuid4().hex[:12]}", actor=ACTOR.name, file_path=file,
        source_name=file.name, declared_entities={sheet: "cpu"}, conflict_policy=ConflictPolicy.UPDATE, commit=commit,
    )
    clock = _StageClock()
    preview = service.preview(ACTOR, request, listener=clock.stage_done)
    outcome: dict[str, Any] = {
        "timings": clock.seconds,
        "stage_peak_mb": clock.peak_mb,
        "preview_counts": preview.counts(),
        "failures": preview.total_failures,
        "batched": preview.batched,
        "blocking": preview.blocking,
    }
    if commit:
        if preview.blocking:
            raise RuntimeError(f"the generated file {file.name} does not preview cleanly: {preview.blocking}")
        started = time.perf_counter()
        result = service.commit(ACTOR, request.session_id)
        clock.record("commit", time.perf_counter() - started)
        outcome["commit_counts"] = result.counts()
    engine.dispose()
    return outcome
