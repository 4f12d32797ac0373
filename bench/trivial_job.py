"""A bare Dagster job of seven trivial assets, run in-process on the instance in DAGSTER_HOME: the floor of a run."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg


def _trivial(name: str, upstream: str | None) -> dg.AssetsDefinition:
    deps = [upstream] if upstream else []

    @dg.asset(name=name, deps=deps, group_name="bench")
    def trivial() -> dg.MaterializeResult:
        """Does nothing but materialize."""
        return dg.MaterializeResult(metadata={"rows": 0})

    return trivial


NAMES = [f"trivial_{index}" for index in range(1, 8)]
ASSETS = [_trivial(name, NAMES[index - 1] if index else None) for index, name in enumerate(NAMES)]


def main(argv: list[str]) -> int:
    """Run the job; ``--preload FILE`` first imports the modules listed in FILE (`bench.import_census`)."""
    if argv[:1] == ["--preload"]:
        from bench.import_census import preload

        preload(Path(argv[1]))
    job = dg.define_asset_job("bench_trivial", executor_def=dg.in_process_executor)
    definitions = dg.Definitions(assets=ASSETS, jobs=[job])
    with dg.DagsterInstance.get() as instance:
        result = definitions.resolve_job_def("bench_trivial").execute_in_process(instance=instance)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
