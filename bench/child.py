"""One measured run in a process of its own, so its peak memory (ru_maxrss) is its alone.

``python -m bench.child TASK.json RESULT.json``: TASK names what to run
(``{"kind": "pipeline" | "plain_copy" | "storage_floor" | "baseline", ...}``); RESULT receives the run's
outcome plus ``peak_mb``, or ``error`` (one line) and ``traceback``.
"""

from __future__ import annotations

import json
import resource
import sys
import traceback
from pathlib import Path
from typing import Any


def run_task(task: dict[str, Any]) -> dict[str, Any]:
    if task["kind"] == "pipeline":
        from bench.cpu_files import SHEET_NAME
        from bench.pipeline_run import run_pipeline

        from dealbrain.ingest import ReadLimits

        work_dir = Path(task["work_dir"])
        limits = ReadLimits(**task.get("limits", {}))
        if task.get("warmup"):  # steady state, as in a long-running process: imports done, caches filled
            run_pipeline(Path(task["warmup"]), SHEET_NAME, task["database_url"], work_dir, commit=False)
        return run_pipeline(
            Path(task["file"]), task["sheet"], task["database_url"], work_dir, commit=task["commit"], limits=limits
        )
    if task["kind"] == "plain_copy":
        from bench.plain_copy import run_plain_copy

        return run_plain_copy(Path(task["file"]), task["database_url"])
    if task["kind"] == "storage_floor":
        from bench.storage_floor import run_storage_floor

        return run_storage_floor(task["database_url"])
    if task["kind"] == "baseline":
        from bench.baseline import run_baseline

        return run_baseline(Path(task["file"]), task.get("database_url"))
    raise ValueError(f"unknown task kind {task['kind']!r}")


def main(task_path: str, result_path: str) -> int:
    task = json.loads(Path(task_path).read_text())
    try:
        outcome = run_task(task)
    except Exception as error:  # reported to the parent, which prints it and carries on
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        outcome = {"error": f"{type(error).__name__}: {first_line}", "traceback": traceback.format_exc()}
    outcome["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    Path(result_path).write_text(json.dumps(outcome, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
