"""Our pipeline on one file, every stage called directly and timed (runs inside a child process)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import make_engine
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.stages.commit import commit_preview
from dealbrain.importing.stages.entities import resolve_entities
from dealbrain.importing.stages.mapping import map_columns
from dealbrain.importing.stages.parse import parse_upload
from dealbrain.importing.stages.typing import apply_custom_fields
from dealbrain.importing.stages.validation import validate_import
from dealbrain.ingest import UploadStore

PREVIEW_STAGES = ("parse", "entities", "mapping", "typing", "validation")
ACTOR = Actor("benchmark", Role.ADMIN)

Result = TypeVar("Result")


def _timed(timings: dict[str, float], stage: str, call: Callable[[], Result]) -> Result:
    started = time.perf_counter()
    result = call()
    timings[stage] = time.perf_counter() - started
    return result


def run_pipeline(file: Path, sheet: str, database_url: str, work_dir: Path, *, commit: bool) -> dict[str, Any]:
    """Parse, resolve, map, type and validate ``file`` (declared as CPUs), then commit when asked.

    Returns the seconds per stage and the preview's counts; raises when the
    preview blocks a commit that was asked for (the generated files are valid).
    """
    engine = make_engine(database_url)
    store = UploadStore(work_dir / "uploads")
    request = ImportRequest(
        session_id=f"bench-{uuid.uuid4().hex[:12]}", actor=ACTOR.name, file_path=file,
        source_name=file.name, declared_entities={sheet: "cpu"}, commit=commit,
    )
    timings: dict[str, float] = {}
    parsed = _timed(timings, "parse", lambda: parse_upload(request, engine, store))
    resolved = _timed(timings, "entities", lambda: resolve_entities(parsed, engine))
    mapped = _timed(timings, "mapping", lambda: map_columns(resolved, engine))
    typed = _timed(timings, "typing", lambda: apply_custom_fields(mapped, engine, ACTOR))
    preview = _timed(timings, "validation", lambda: validate_import(typed, engine, store.root / "errors"))
    outcome: dict[str, Any] = {
        "timings": timings,
        "preview_counts": preview.counts(),
        "failures": preview.failures.height,
        "blocking": preview.blocking,
    }
    if commit:
        if preview.blocking:
            raise RuntimeError(f"the generated file {file.name} does not preview cleanly: {preview.blocking}")
        result = _timed(timings, "commit", lambda: commit_preview(preview, engine))
        outcome["commit_counts"] = result.counts()
    engine.dispose()
    return outcome
