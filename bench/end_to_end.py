"""The end-to-end scenario: the sample workbook previewed by the CLI and by a run launched through GraphQL.

Three wall-clock times on one fresh Dagster instance and embedded database:

- CLI: `importer import samples/dealbrain_sample.xlsx --config samples/sample_import.yaml`,
  a process from start to exit (after one unmeasured run that creates and migrates the database);
- UI: the same import launched through the GraphQL API of a `dagster dev` this
  scenario starts (webserver and daemon), from the launch request to the run's
  SUCCESS, as an operator waits for it in the UI (second launch, once the audit refresh the first
  triggered has finished; the first warms the code server);
- trivial: a process running a bare Dagster job of seven trivial assets on the same instance;
- trivial after the import's imports: the same job in a process that first imports every
  module the CLI import loaded (`bench.import_census`), the floor of a CLI import before
  any of its own work.

Targets: UI ≤ 2× CLI, CLI ≤ 1.3× trivial.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.support.processes import free_port, start_in_group, stop_group

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "dealbrain_sample.xlsx"
SAMPLE_CONFIG = ROOT / "samples" / "sample_import.yaml"
LOCATION = "pipelines.definitions"
UI_TARGET, CLI_TARGET = 2.0, 1.3
LAUNCH = """mutation($params: ExecutionParams!) { launchPipelineExecution(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }"""
STATUS = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
BUSY = '{ runsOrError(filter: {statuses: [QUEUED, STARTING, STARTED]}) { ... on Runs { results { runId } } } }'
LOADED = "{ workspaceOrError { ... on Workspace { locationEntries { loadStatus } } } }"


def _packages() -> list[str]:
    """The project's packages (pyproject's package list) and this one: compiled to bytecode before timing, as installing would."""
    found = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]["find"]
    return [pattern.rstrip("*") for pattern in found["include"]] + ["bench"]


@dataclass
class EndToEnd:
    cli_seconds: float
    ui_seconds: float
    ui_first_seconds: float
    trivial_seconds: float
    preloaded_seconds: float

    @property
    def ui_ratio(self) -> float:
        return self.ui_seconds / self.cli_seconds

    @property
    def cli_ratio(self) -> float:
        return self.cli_seconds / self.trivial_seconds

    def lines(self) -> list[str]:
        def verdict(ratio: float, target: float) -> str:
            return "ok" if ratio <= target else "FAIL <<<"

        return [
            "| measure | seconds | ratio | target |",
            "| --- | --- | --- | --- |",
            f"| CLI import of the sample (process) | {self.cli_seconds:.2f} | {self.cli_ratio:.2f}× trivial | ≤ {CLI_TARGET}× {verdict(self.cli_ratio, CLI_TARGET)} |",
            f"| UI (GraphQL) launch to success | {self.ui_seconds:.2f} | {self.ui_ratio:.2f}× CLI | ≤ {UI_TARGET}× {verdict(self.ui_ratio, UI_TARGET)} |",
            f"| UI first launch (cold code server) | {self.ui_first_seconds:.2f} | | |",
            f"| seven trivial assets (process) | {self.trivial_seconds:.2f} | | |",
            f"| the same, after the import's imports | {self.preloaded_seconds:.2f} "
            f"| {self.preloaded_seconds / self.trivial_seconds:.2f}× trivial | floor of the CLI |",
        ]


def _post(url: str, query: str, **variables: Any) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(f"{url}/graphql", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the local webserver we started
        return json.load(response).get("data") or {}


def _timed(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    return time.perf_counter() - started


def _ui_run(url: str, session: str, options: dict[str, Any]) -> float:
    _post(url, """mutation($k: String!) { addDynamicPartition(repositorySelector: {repositoryLocationName: "pipelines.definitions",
        repositoryName: "__repository__"}, partitionsDefName: "import_sessions", partitionKey: $k) { __typename } }""", k=session)
    params = {
        "selector": {"repositoryLocationName": LOCATION, "repositoryName": "__repository__", "jobName": "import_workbook"},
        "runConfigData": {"ops": {"uploaded_workbook": {"config": options}}},
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": session}]},
    }
    started = time.perf_counter()
    launched = _post(url, LAUNCH, params=params)["launchPipelineExecution"]
    if launched["__typename"] != "LaunchRunSuccess":
        raise RuntimeError(f"launch refused: {launched}")
    run_id = launched["run"]["runId"]
    while True:
        status = _post(url, STATUS, id=run_id)["runOrError"]["status"]
        if status in {"SUCCESS", "FAILURE", "CANCELED"}:
            if status != "SUCCESS":
                raise RuntimeError(f"the UI run {run_id} ended {status}")
            return time.perf_counter() - started
        time.sleep(0.05)


def _quiet(url: str, timeout: float = 120) -> None:
    """Wait until no run is queued or running (sensor-requested runs included)."""
    time.sleep(6)  # let the run-status sensors tick
    deadline = time.monotonic() + timeout
    while _post(url, BUSY)["runsOrError"]["results"] and time.monotonic() < deadline:
        time.sleep(0.5)


def _with_dagster_dev(root: Path, environment: dict[str, str], sample: Path) -> tuple[float, float]:
    url = f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "dagster", "dev", "-m", LOCATION, "-h", "127.0.0.1", "-p", url.rsplit(":", 1)[1]]
    process = start_in_group(command, cwd=ROOT, environment=environment, log=root / "dagster_dev.log")
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                entries = _post(url, LOADED)["workspaceOrError"]["locationEntries"]
                if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                    break
            except (OSError, KeyError, TypeError):
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"dagster dev did not start; see {root / 'dagster_dev.log'}")
            time.sleep(0.5)
        options = yaml.safe_load(SAMPLE_CONFIG.read_text(encoding="utf-8")) | {"file": str(sample)}
        first = _ui_run(url, "bench-ui-1", options)
        _quiet(url)  # the audit refresh the first run triggers must not share the CPU with the measured one
        return first, _ui_run(url, "bench-ui-2", options)
    finally:
        stop_group(process, grace=30)


def run_end_to_end() -> EndToEnd:
    # Runs the sensors start after ours (audit, metrics) may still be writing their logs as dagster dev stops.
    with tempfile.TemporaryDirectory(prefix="dealbrain-e2e-", ignore_cleanup_errors=True) as work:
        root = Path(work)
        home = root / "dagster_home"
        home.mkdir()
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("IMPORTER_")}
        environment |= {"DAGSTER_HOME": str(home), "IMPORTER_DAGSTER_HOME": str(home), "IMPORTER_DATA_DIR": str(root / "data")}
        # A shell with PYTHONDONTWRITEBYTECODE set would otherwise compile the project in every timed process.
        subprocess.run([sys.executable, "-m", "compileall", "-q", *_packages()], cwd=ROOT, check=True)  # noqa: S603
        importer = [str(Path(sys.executable).with_name("importer")), "import", str(SAMPLE), "--config", str(SAMPLE_CONFIG)]
        _timed(importer, environment)  # creates and migrates the embedded database
        cli = _timed(importer, environment)
        trivial_command = [sys.executable, "-m", "bench.trivial_job"]
        _timed(trivial_command, environment)
        trivial = _timed(trivial_command, environment)
        modules = root / "import_modules.txt"
        _timed([sys.executable, "-m", "bench.import_census", "census", str(modules), *importer[1:]], environment)
        preloaded = _timed([*trivial_command, "--preload", str(modules)], environment)
        first, ui = _with_dagster_dev(root, environment, SAMPLE)
    return EndToEnd(cli_seconds=cli, ui_seconds=ui, ui_first_seconds=first, trivial_seconds=trivial,
                    preloaded_seconds=preloaded)


def main() -> int:
    print("(e) end to end: the sample workbook through the CLI, through a GraphQL-launched run, and a trivial job")
    result = run_end_to_end()
    print("\n".join(result.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
