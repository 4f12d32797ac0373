"""Our pipeline on one file, every stage called directly and timed (runs inside a child process)."""

from __future__ import annotations

import resource
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import make_engine
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.stages.commit import commit_preview
from dealbrain.importing.stages.entities import resolve_entities
from dealbrain.importing.stages.mapping import map_columns
from dealbrain.importing.stages.parse import parse_upload
from dealbrain.importing.stages.typing import apply_custom_fields
from dealbrain.importing.stages.validation import validate_import
from dealbrain.ingest import UploadStore

ACTOR = Actor("benchmark", Role.ADMIN)

Result = TypeVar("Result")


class _StageClock:
    """Seconds per stage, and the process's peak memory once each stage is done (it only grows)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_mb: dict[str, float] = {}

    def run(self, stage: str, call: Callable[[], Result]) -> Result:
        started = time.perf_counter()
        result = call()
        self.seconds[stage] = time.perf_counter() - started
        self.peak_mb[stage] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        return result


def run_pipeline(file: Path, sheet: str, database_url: str, work_dir: Path, *, commit: bool) -> dict[str, Any]:
    """Parse, resolve, map, type and validate ``file`` (declared as CPUs), then commit when asked.

    Rows that change stored records take the incoming values (conflict policy ``update``).

    Returns the seconds per stage, the process's peak memory after each stage
    and the preview's counts; raises when the preview blocks a commit that was
    asked for (the generated files are valid).
    """
    engine = make_engine(database_url)
    store = UploadStore(work_dir / "uploads")
    request = ImportRequest(
        session_id=f"bench-{uuid.uuid4().hex[:12]}", actor=ACTOR.name, file_path=file,
        source_name=file.name, declared_entities={sheet: "cpu"}, conflict_policy=ConflictPolicy.UPDATE, commit=commit,
    )
    clock = _StageClock()
    parsed = clock.run("parse", lambda: parse_upload(request, engine, store))
    resolved = clock.run("entities", lambda: resolve_entities(parsed, engine))
    mapped = clock.run("mapping", lambda: map_columns(resolved, engine))
    typed = clock.run("typing", lambda: apply_custom_fields(mapped, engine, ACTOR))
    preview = clock.run("validation", lambda: validate_import(typed, engine, store.root / "errors"))
    outcome: dict[str, Any] = {
        "timings": clock.seconds,
        "stage_peak_mb": clock.peak_mb,
        "preview_counts": preview.counts(),
        "failures": preview.failures.height,
        "blocking": preview.blocking,
    }
    if commit:
        if preview.blocking:
            raise RuntimeError(f"the generated file {file.name} does not preview cleanly: {preview.blocking}")
        result = clock.run("commit", lambda: commit_preview(preview, engine))
        outcome["commit_counts"] = result.counts()
    engine.dispose()
    return outcome
