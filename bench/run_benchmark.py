"""Benchmark the import pipeline against its targets and a naive pandas/ORM baseline, in one invocation.

Usage (from the repository root, with the project's virtualenv active;
``python bench/run_benchmark.py`` works too)::

    python -m bench.run_benchmark                 # everything: (a)-(d) and their baselines
    python -m bench.run_benchmark --quick         # only (a) and its baseline; no PostgreSQL needed
    python -m bench.run_benchmark --postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    python -m bench.run_benchmark --keep-files    # keep (and on later runs reuse) the generated files
    python -m bench.run_benchmark --large-only    # only (g): 1M and 10M rows against a plain COPY

It generates, under ``--out-dir`` (default ``bench/out/``, git-ignored), CPU
workbooks of 10k and 100k rows and a 1M-row CPU CSV, from real PassMark names
made unique, with the mess real exports have ("13,875", "65 W", "NA"). Then:

  (a) the 10k workbook previewed (parse -> validated preview) on SQLite, target < 0.5 s;
  (b) the 100k workbook previewed on SQLite, target < 2 s;
  (c) the 100k workbook committed into PostgreSQL holding 50k of its names with
      other values (50k inserts, ~50k updates): the commit stage, target < 4 s;
  (d) the 1M-row CSV imported and committed into empty PostgreSQL tables (every
      stage), target < 30 s and < 1.5 GB peak memory;
  (g) files larger than memory (`bench/large_files.py`): the 1M-row CSV and a 10M-row one previewed
      and committed into PostgreSQL batch by batch, against a plain COPY of the same file in the same
      run; targets <= 1.5x the COPY, <= 1.5 GB peak, peak flat (within 20%) from 1M to 10M rows;
  (e) end to end (`bench/end_to_end.py`): the sample workbook through the CLI and through a
      GraphQL-launched run against a `dagster dev` it starts, and a bare job of seven trivial
      assets; targets UI launch-to-success <= 2x CLI, CLI <= 1.3x the trivial job.

Seconds are the pipeline's stage compute, each stage function called directly
and timed, in a process that already imported everything and previewed a
small warm-up file. Each measured run is a process of its own, and its peak
memory is that process's ``ru_maxrss``. PostgreSQL work happens in fresh
schemas (one per measured run, named ``bench_<hex>``) that are dropped
afterwards; previews use a migrated temporary SQLite file.

The baseline reads with pandas (``read_excel(engine="openpyxl")`` or
``read_csv``), coerces and checks each row in Python and writes one ORM object
per row with one commit. Its seconds count what the target counts: reading and
coercing for (a) and (b), writing for (c), everything for (d), where it runs on
the first 100k rows of the CSV and is multiplied by 10 (it says so).

The exit code is 0 even when a target is missed: this is a report, and a miss
is shown as ``FAIL <<<``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as a file: run again as a module, from the repository root
    ROOT = Path(__file__).resolve().parents[1]
    sys.exit(subprocess.call([sys.executable, "-m", "bench.run_benchmark", *sys.argv[1:]], cwd=ROOT))

import argparse  # noqa: E402 - after the re-run above, which must not need the bench package
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

from bench.cpu_files import (  # noqa: E402
    GENERATOR_VERSION,
    SHEET_NAME,
    BaseCpu,
    load_base_cpus,
    preload_rows,
    write_csv,
    write_xlsx,
)
from bench.databases import PostgresSchema, migrated_sqlite  # noqa: E402
from bench.end_to_end import main as end_to_end_main  # noqa: E402
from bench.large_files import LargeRun, large_table, run_large  # noqa: E402
from bench.report import ScenarioOutcome, memory_table, notes, stage_table, summary_table  # noqa: E402
from bench.workspace_grid import main as workspace_grid_main  # noqa: E402
from dealbrain.importing.spine import STAGE_NAMES  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_PASSMARK = Path("/work/shared/data/passmark_cpus.json")
PREVIEW_STAGES = STAGE_NAMES
SLICE_ROWS = 100_000
WARMUP_ROWS = 100


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run_benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the 10k preview and its baseline")
    parser.add_argument(
        "--postgres-url", default=DEFAULT_POSTGRES_URL, help="server for (c) and (d); fresh schemas are created on it and dropped"
    )
    parser.add_argument("--end-to-end-only", action="store_true", help="only (e): CLI vs GraphQL-launched run vs trivial job")
    parser.add_argument("--no-end-to-end", action="store_true", help="skip (e), which starts a dagster dev")
    parser.add_argument("--workspace-only", action="store_true", help="only (f): the workspace grid on 10,000 CPUs")
    parser.add_argument("--no-workspace", action="store_true", help="skip (f), which starts importer serve and chromium")
    parser.add_argument("--large-only", action="store_true", help="only (g): the 1M and 10M-row CSVs against a plain COPY")
    parser.add_argument("--no-large", action="store_true", help="skip (g), whose 10M-row file takes minutes")
    parser.add_argument("--keep-files", action="store_true", help="keep the generated files (and reuse them next time)")
    parser.add_argument("--out-dir", type=Path, default=Path("bench/out"), help="where the generated files go")
    parser.add_argument("--passmark", type=Path, default=DEFAULT_PASSMARK, help="PassMark CPU list the names come from")
    return parser.parse_args(argv)


@dataclass
class BenchFiles:
    warmup: Path
    xlsx_10k: Path
    xlsx_100k: Path | None = None
    csv_1m: Path | None = None
    csv_slice: Path | None = None
    csv_10m: Path | None = None


def _generated(path: Path, write: Callable[[Path, list[BaseCpu], int], Path], bases: list[BaseCpu], count: int) -> Path:
    if path.exists():
        print(f"  reusing {path}")
        return path
    started = time.perf_counter()
    write(path, bases, count)
    print(f"  wrote {path} ({count:,} rows) in {time.perf_counter() - started:.1f} s")
    return path


def generate_files(out_dir: Path, passmark: Path, quick: bool, large: bool = False) -> BenchFiles:
    bases = load_base_cpus(passmark)
    version = f"v{GENERATOR_VERSION}"
    files = BenchFiles(
        warmup=_generated(out_dir / f"cpus_{WARMUP_ROWS}_{version}.xlsx", write_xlsx, bases, WARMUP_ROWS),
        xlsx_10k=_generated(out_dir / f"cpus_10000_{version}.xlsx", write_xlsx, bases, 10_000),
    )
    if not quick:
        files.xlsx_100k = _generated(out_dir / f"cpus_100000_{version}.xlsx", write_xlsx, bases, 100_000)
        files.csv_1m = _generated(out_dir / f"cpus_1000000_{version}.csv", write_csv, bases, 1_000_000)
        files.csv_slice = _generated(out_dir / f"cpus_{SLICE_ROWS}_{version}.csv", write_csv, bases, SLICE_ROWS)
    if large:
        files.csv_10m = _generated(out_dir / f"cpus_10000000_{version}.csv", write_csv, bases, 10_000_000)
    return files


class ChildRunner:
    """Runs one measured task per child process (``python -m bench.child``)."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self._count = 0

    def run(self, task: dict[str, Any]) -> dict[str, Any]:
        self._count += 1
        task_file = self.work_dir / f"task-{self._count}.json"
        result_file = self.work_dir / f"result-{self._count}.json"
        task_file.write_text(json.dumps(task, default=str))
        completed = subprocess.run([sys.executable, "-m", "bench.child", str(task_file), str(result_file)], check=False)
        if not result_file.exists():
            return {"error": f"the child process exited with {completed.returncode} and reported nothing"}
        return json.loads(result_file.read_text())

    def pipeline(self, file: Path, database_url: str, *, commit: bool, warmup: Path) -> dict[str, Any]:
        return self.run({
            "kind": "pipeline", "file": file, "sheet": SHEET_NAME if file.suffix == ".xlsx" else file.stem,
            "database_url": database_url, "work_dir": self.work_dir, "commit": commit, "warmup": warmup,
        })

    def baseline(self, file: Path, database_url: str | None = None) -> dict[str, Any]:
        return self.run({"kind": "baseline", "file": file, "database_url": database_url})


def _record_ours(outcome: ScenarioOutcome, result: dict[str, Any], counted: tuple[str, ...]) -> None:
    if "error" in result:
        outcome.error = result["error"]
        print(result.get("traceback", result["error"]), file=sys.stderr)
        return
    outcome.stage_seconds = result["timings"]
    outcome.stage_peak_mb = result["stage_peak_mb"]
    outcome.ours_seconds = sum(result["timings"][stage] for stage in counted)
    outcome.peak_mb = result["peak_mb"]
    print(f"  ours: {json.dumps(result.get('commit_counts') or result['preview_counts'])}")


def _record_baseline(outcome: ScenarioOutcome, result: dict[str, Any], counted: tuple[str, ...], scale: float = 1.0) -> None:
    if "error" in result:
        outcome.baseline_note = "failed: " + result["error"]
        print(result.get("traceback", result["error"]), file=sys.stderr)
        return
    outcome.baseline_seconds = sum(result["timings"][phase] for phase in counted) * scale
    phases = ", ".join(f"{phase} {result['timings'][phase]:.2f} s" for phase in counted)
    outcome.baseline_note = (outcome.baseline_note + " " if outcome.baseline_note else "") + (
        f"{phases}; peak {result['peak_mb']:,.0f} MB"
    )
    print(f"  baseline: {phases}; {result.get('write_counts', '')}")


def preview_scenario(runner: ChildRunner, key: str, file: Path, rows: int, target: float, warmup: Path) -> ScenarioOutcome:
    print(f"({key}) previewing {file.name} on SQLite")
    outcome = ScenarioOutcome(key, f"{rows // 1000}k-row xlsx: preview", target, None)
    database = migrated_sqlite(runner.work_dir / f"preview-{key}.sqlite")
    _record_ours(outcome, runner.pipeline(file, database, commit=False, warmup=warmup), PREVIEW_STAGES)
    _record_baseline(outcome, runner.baseline(file), ("read", "coerce"))
    return outcome


@contextmanager
def _failure_recorded(outcome: ScenarioOutcome) -> Iterator[None]:
    """A scenario that cannot be set up (no PostgreSQL, say) is reported as an error; the others still run."""
    try:
        yield
    except Exception as error:  # reported in the table, the traceback printed
        traceback.print_exc()
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        outcome.error = f"{type(error).__name__}: {first_line}"


def commit_half_present_scenario(runner: ChildRunner, postgres_url: str, files: BenchFiles, passmark: Path) -> ScenarioOutcome:
    assert files.xlsx_100k is not None
    print("(c) committing the 100k workbook into PostgreSQL holding 50k of its names")
    outcome = ScenarioOutcome("c", "100k xlsx, 50k present: commit", 4.0, None)
    with _failure_recorded(outcome):
        _commit_half_present(runner, postgres_url, files.xlsx_100k, files.warmup, passmark, outcome)
    return outcome


def _commit_half_present(
    runner: ChildRunner, postgres_url: str, file: Path, warmup: Path, passmark: Path, outcome: ScenarioOutcome
) -> None:
    stored = preload_rows(load_base_cpus(passmark), 100_000)
    with PostgresSchema(postgres_url) as schema:
        schema.preload("cpu", stored)
        _record_ours(outcome, runner.pipeline(file, schema.url, commit=True, warmup=warmup), ("commit",))
    with PostgresSchema(postgres_url) as schema:
        schema.preload("cpu", stored)
        _record_baseline(outcome, runner.baseline(file, schema.url), ("write",))


def commit_million_scenario(runner: ChildRunner, postgres_url: str, files: BenchFiles) -> ScenarioOutcome:
    assert files.csv_1m is not None and files.csv_slice is not None
    print("(d) importing the 1M-row CSV into empty PostgreSQL tables")
    outcome = ScenarioOutcome("d", "1M-row csv: every stage", 30.0, 1500.0)
    with _failure_recorded(outcome):
        with PostgresSchema(postgres_url) as schema:
            ours = runner.pipeline(files.csv_1m, schema.url, commit=True, warmup=files.warmup)
            _record_ours(outcome, ours, (*PREVIEW_STAGES, "commit"))
        scale = 1_000_000 / SLICE_ROWS
        outcome.baseline_note = f"extrapolated x{scale:g} from the first {SLICE_ROWS:,} rows;"
        with PostgresSchema(postgres_url) as schema:
            _record_baseline(outcome, runner.baseline(files.csv_slice, schema.url), ("read", "coerce", "write"), scale)
    return outcome


def run_scenarios(args: argparse.Namespace, files: BenchFiles, work_dir: Path) -> list[ScenarioOutcome]:
    runner = ChildRunner(work_dir)
    outcomes = [preview_scenario(runner, "a", files.xlsx_10k, 10_000, 0.5, files.warmup)]
    if args.quick:
        return outcomes
    assert files.xlsx_100k is not None
    outcomes.append(preview_scenario(runner, "b", files.xlsx_100k, 100_000, 2.0, files.warmup))
    outcomes.append(commit_half_present_scenario(runner, args.postgres_url, files, args.passmark))
    outcomes.append(commit_million_scenario(runner, args.postgres_url, files))
    return outcomes


def _remove(files: BenchFiles) -> None:
    for path in vars(files).values():
        if path is not None:
            path.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.end_to_end_only:
        return end_to_end_main()
    if args.workspace_only:
        return workspace_grid_main()
    print(f"generating files in {args.out_dir}")
    large = not args.quick and not args.no_large
    files = generate_files(args.out_dir, args.passmark, args.quick, large)
    large_runs: list[LargeRun] = []
    try:
        with tempfile.TemporaryDirectory(prefix="dealbrain-bench-") as work:
            outcomes = [] if args.large_only else run_scenarios(args, files, Path(work))
            if large and files.csv_1m and files.csv_10m:
                runner = ChildRunner(Path(work) / "large")
                runner.work_dir.mkdir()
                large_runs = run_large(runner, args.postgres_url, {1_000_000: files.csv_1m, 10_000_000: files.csv_10m}, files.warmup)
    finally:
        if not args.keep_files:
            _remove(files)
    if args.large_only:
        print("\n(g) Files larger than memory, batch by batch (PostgreSQL):")
        print("\n".join(large_table(large_runs)))
        return 0
    print("\nSeconds per stage (ours):")
    print(stage_table(outcomes))
    print("\nPeak memory (MB) of the process once each stage was done:")
    print(memory_table(outcomes))
    print("\nAgainst the targets (2-core machine) and the naive baseline:")
    print(summary_table(outcomes))
    for line in notes(outcomes):
        print(line)
    if large_runs:
        print("\n(g) Files larger than memory, batch by batch (PostgreSQL):")
        print("\n".join(large_table(large_runs)))
    if not args.no_end_to_end:
        print()
        end_to_end_main()
    if not args.no_workspace:
        print()
        workspace_grid_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
