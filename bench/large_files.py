"""(g) Files larger than memory: 1M- and 10M-row CPU CSVs previewed and committed into PostgreSQL, batch by batch.

Each file is imported by our pipeline (every preview stage, then the commit)
in a child process of its own, and copied by a plain ``COPY`` into a table of
text columns in another (`bench.plain_copy`), on fresh schemas. Printed side
by side: seconds, the ratio to the plain COPY (target <= 1.5x), peak memory
(target <= 1.5 GB) and whether peak memory stays flat from 1M to 10M rows
(within 20%). After our commit, the database's own cost of storing what it
stored (`bench.storage_floor`: the same rows written again into empty tables
of the same shape) is printed as the floor under the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.databases import PostgresSchema
from bench.report import text_table

LARGE_LIMITS = {"max_file_bytes": 8 << 30, "max_rows": 50_000_000}
"""Read limits of the scenario: the defaults refuse files this large; batching is at its default threshold."""
TARGET_RATIO, TARGET_MB, FLAT = 1.5, 1500.0, 0.20


@dataclass
class LargeRun:
    rows: int
    ours: dict[str, Any]
    copy: dict[str, Any]
    floor: dict[str, Any]
    """`bench.storage_floor` on what ours stored: seconds per table."""

    @property
    def ours_seconds(self) -> float | None:
        return sum(self.ours["timings"].values()) if "timings" in self.ours else None

    @property
    def copy_seconds(self) -> float | None:
        return self.copy["timings"]["copy"] if "timings" in self.copy else None


def run_large(runner: Any, postgres_url: str, files: dict[int, Path], warmup: Path) -> list[LargeRun]:
    runs = []
    for rows, file in sorted(files.items()):
        print(f"(g) {rows:,}-row CSV: our import (batched) and a plain COPY, into PostgreSQL")
        with PostgresSchema(postgres_url) as schema:
            ours = runner.run({
                "kind": "pipeline", "file": file, "sheet": file.stem, "database_url": schema.url,
                "work_dir": runner.work_dir, "commit": True, "warmup": warmup, "limits": LARGE_LIMITS,
            })
            floor = runner.run({"kind": "storage_floor", "database_url": schema.url}) if "error" not in ours else {}
        with PostgresSchema(postgres_url) as schema:
            copy = runner.run({"kind": "plain_copy", "file": file, "database_url": schema.url})
        for name, result in (("ours", ours), ("plain COPY", copy), ("storage floor", floor)):
            if "error" in result:
                print(f"  {name} failed: {result['error']}\n{result.get('traceback', '')}")
        runs.append(LargeRun(rows, ours, copy, floor))
    return runs


def _fmt(value: float | None, unit: str = " s") -> str:
    return "—" if value is None else f"{value:,.1f}{unit}"


def large_table(runs: list[LargeRun]) -> list[str]:
    rows = []
    for run in runs:
        ratio = run.ours_seconds / run.copy_seconds if run.ours_seconds and run.copy_seconds else None
        peak = run.ours.get("peak_mb")
        timings = run.ours.get("timings", {})
        preview = sum(v for k, v in timings.items() if k != "commit") if timings else None
        verdict = "ok" if ratio is not None and peak is not None and ratio <= TARGET_RATIO and peak <= TARGET_MB else "FAIL <<<"
        rows.append([
            f"{run.rows:,}", _fmt(preview), _fmt(timings.get("commit")), _fmt(run.ours_seconds), _fmt(run.copy_seconds),
            "—" if ratio is None else f"{ratio:.2f}x", _fmt(peak, " MB"), _fmt(run.copy.get("peak_mb"), " MB"), verdict,
        ])
    lines = [text_table(["rows", "preview", "commit", "ours", "plain COPY", "ratio", "peak", "COPY peak", "target"], rows)]
    peaks = [run.ours.get("peak_mb") for run in runs]
    if len(peaks) == 2 and all(peaks):
        growth = peaks[1] / peaks[0] - 1
        verdict = "flat" if abs(growth) <= FLAT else "NOT flat <<<"
        lines.append(f"peak memory {runs[0].rows:,} -> {runs[1].rows:,} rows: {peaks[0]:,.0f} MB -> {peaks[1]:,.0f} MB "
                     f"({growth:+.0%}, target within ±{FLAT:.0%}): {verdict}")
    floors = [[f"{run.rows:,}", _fmt(run.floor["timings"].get("cpu")), _fmt(run.floor["timings"].get("import_change")),
               _fmt(sum(run.floor["timings"].values())), _fmt(run.ours.get("timings", {}).get("commit")),
               f"{sum(run.floor['timings'].values()) / run.copy_seconds:.1f}x" if run.copy_seconds else "—"]
              for run in runs if "timings" in run.floor]
    if floors:
        lines.append("storage floor: the rows our commit wrote, written again into empty tables of the same shape "
                     "(indexes, unique names, the changeset's foreign key), no file, no checks:")
        lines.append(text_table(["rows", "cpu", "import_change", "floor", "our commit", "floor / plain COPY"], floors))
    lines.append(f"targets: ours <= {TARGET_RATIO}x the plain COPY of the same file, peak <= {TARGET_MB:,.0f} MB; "
                 "seconds are in-process (stage compute + commit; COPY from connect to count), on a shared 2-core machine")
    return lines
