"""The operator's journey in a real browser against `dagster dev`: inbox → preview → corrected preview → commit → audit.

Headless Chromium (Debian's package) driven by Playwright. Each step leaves
a screenshot under artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.graphql.live_dagster import LOCATION, REPOSITORY, REPOSITORY_ROOT, LiveDagster, live_dagster
from tests.importing.workbooks import CPU_HEADER, write_xlsx

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPOSITORY_ROOT / "artifacts" / "screenshots"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]
playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
RUNS = """query($key: String!, $value: String!) { runsOrError(filter: {tags: [{key: $key, value: $value}]}) {
  ... on Runs { results { runId jobName status tags { key value } } } } }"""
SENSOR = """query($location: String!, $repository: String!) { sensorOrError(sensorSelector: {
  repositoryLocationName: $location, repositoryName: $repository, sensorName: "inbox_sensor"}) { ... on Sensor { id } } }"""
STOP_SENSOR = """mutation($id: String!) { stopSensor(id: $id) { __typename } }"""
PARTITIONS = """{ assetNodeOrError(assetKey: {path: ["validated_preview"]}) { ... on AssetNode { partitionKeys } } }"""
AUDIT = """{ assetOrError(assetKey: {path: ["audit_log"]}) { ... on Asset { assetMaterializations(limit: 1) {
  runId metadataEntries { label ... on TableMetadataEntry { table { records } } } } } } }"""


def _runs(dagster: LiveDagster, key: str, value: str) -> list[dict[str, Any]]:
    return dagster.graphql(RUNS, key=key, value=value)["runsOrError"]["results"]


def _wait(condition: Any, what: str, timeout: float = 240) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def _dismiss_modals(page: Any) -> None:
    """A fresh profile gets Dagster's "Join the Dagster community" dialog: skip it (or close whatever dialog is open)."""
    skip = page.get_by_role("button", name=re.compile(r"^skip$", re.I))
    if skip.count() and skip.first.is_visible():
        skip.first.click()
        page.wait_for_timeout(500)
    for _ in range(3):
        dialog = page.locator("[role=dialog]")
        if not dialog.count() or not dialog.first.is_visible():
            return
        buttons = dialog.first.get_by_role("button", name=re.compile(r"dismiss|no thanks|close|skip|not now|got it|done", re.I))
        if buttons.count():
            buttons.first.click()
        else:
            page.keyboard.press("Escape")
        page.wait_for_timeout(500)


def _open(page: Any, url: str, shot: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_timeout(3000)
    _dismiss_modals(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    _dismiss_modals(page)
    page.screenshot(path=str(SHOTS / shot), full_page=True)


def _launchpad(dagster: LiveDagster, job: str, partition: str, config: str = "") -> str:
    query = {"tags[0][key]": "dagster/partition", "tags[0][value]": partition}
    if config:
        query["config"] = config
    return f"{dagster.url}/locations/{REPOSITORY}@{LOCATION}/jobs/{job}/playground/setup?{urllib.parse.urlencode(query)}"


def _launch_from_launchpad(page: Any, dagster: LiveDagster, job: str, partition: str, config: str, shot: str) -> str:
    before = {run["runId"] for run in _runs(dagster, "dagster/partition", partition)}
    _open(page, _launchpad(dagster, job, partition, config), shot)
    page.get_by_role("button", name=re.compile(r"Launch run", re.I)).last.click()
    run = _wait(lambda: [r for r in _runs(dagster, "dagster/partition", partition) if r["runId"] not in before and r["jobName"] == job],
                f"the {job} run launched from the Launchpad", timeout=60)[0]
    assert dagster.wait_for_run(run["runId"]) in {"SUCCESS", "FAILURE"}
    return run["runId"]


def test_operator_journey_in_the_browser(tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    broken = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, ["Intel Core i3-10100", "Intel", "four", 8, 65, 8800, 2800, 2020],
                                                         ["Intel Core i5-10400", "Intel", 6, 12, 65, 12400, 2900, 2020]]})
    with live_dagster(tmp_path / "dagster") as dagster, playwright.sync_playwright() as driver:
        inbox = dagster.data_dir / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        shutil.copy(broken, inbox / "cpus.xlsx")
        preview = _wait(lambda: [r for r in _runs(dagster, "dealbrain/file", "cpus.xlsx") if r["status"] == "SUCCESS"],
                        "the inbox sensor's preview run")[0]
        session = {t["key"]: t["value"] for t in preview["tags"]}["dealbrain/session"]
        assert re.fullmatch(r"cpus-\d{8}-[0-9a-f]{6}", session)

        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1900, "height": 1100}).new_page()
        asset_page = f"{dagster.url}/assets/validated_preview?partition={urllib.parse.quote(session)}"
        _open(page, asset_page, "1-blocked-preview.png")
        page.get_by_text("Blocked.", exact=False).first.wait_for(timeout=60_000)
        assert page.get_by_text("failed validation", exact=False).count()

        block = _latest_rerun_config(dagster, session)
        corrected = re.sub(r"^(\s*)# (?!#)", r"\1", block, flags=re.MULTILINE).replace("value: ''", "value: '4'")
        assert corrected != block and yaml.safe_load(corrected)
        rerun = _launch_from_launchpad(page, dagster, "import_workbook", session, corrected, "2-launchpad-corrected.png")
        assert dagster.run(rerun)["tags"]["dealbrain/verdict"] == "ready"
        _open(page, asset_page, "3-ready-preview.png")
        page.get_by_text("Ready to commit.", exact=False).first.wait_for(timeout=60_000)

        commit = _launch_from_launchpad(page, dagster, "commit_import", session, "", "4-launchpad-commit.png")
        assert dagster.run(commit)["tags"]["dealbrain/verdict"] == "committed"
        _open(page, f"{dagster.url}/runs/{commit}", "5-commit-run.png")

        _wait(lambda: _audit_shows_commit(dagster, session), "the audit_log refresh after the commit")
        _open(page, f"{dagster.url}/assets/audit_log", "6-audit-log.png")
        page.get_by_text(session, exact=False).first.wait_for(timeout=60_000)  # the events table is inline, no modal
        page.screenshot(path=str(SHOTS / "7-audit-events.png"), full_page=True)

        _start_from_the_inbox_files_asset(page, dagster)
        browser.close()


def _start_from_the_inbox_files_asset(page: Any, dagster: LiveDagster) -> None:
    """With the sensor off, a file in the inbox is started from the UI alone: Materialize `inbox_files`, then launch
    `import_workbook` for the session it registered, `file` left empty."""
    sensor = dagster.graphql(SENSOR, location=LOCATION, repository=REPOSITORY)["sensorOrError"]
    stopped = dagster.graphql(STOP_SENSOR, id=sensor["id"])["stopSensor"]
    assert stopped["__typename"] == "StopSensorMutationResult", stopped
    (dagster.data_dir / "inbox" / "december-cpus.csv").write_text(
        "CPU Name,Cores,Threads\nAMD Ryzen 5 5600,6,12\n", encoding="utf-8")

    _open(page, f"{dagster.url}/assets/inbox_files", "8-inbox-files-before.png")
    page.get_by_role("button", name=re.compile(r"Materialize$")).first.click()
    session = _wait(lambda: _inbox_session(dagster, "december-cpus"), "inbox_files to register the file", timeout=120)
    _open(page, f"{dagster.url}/assets/inbox_files", "9-inbox-files.png")
    page.get_by_text(session, exact=False).first.wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "9-inbox-files.png"), full_page=True)

    run = _launch_from_launchpad(page, dagster, "import_workbook", session, "", "10-launchpad-inbox-file.png")
    assert dagster.run(run)["tags"]["dealbrain/verdict"] == "ready"
    assert dagster.run(run)["tags"]["dealbrain/file"] == "december-cpus.csv"


def _inbox_session(dagster: LiveDagster, stem: str) -> str | None:
    """The import session `inbox_files` registered for the inbox file named ``stem``, once it has."""
    node = dagster.graphql(PARTITIONS)["assetNodeOrError"]
    return next((key for key in node["partitionKeys"] if key.startswith(f"{stem}-")), None)


def _latest_rerun_config(dagster: LiveDagster, session: str) -> str:
    data = dagster.graphql(
        """query($p: String!) { assetOrError(assetKey: {path: ["validated_preview"]}) { ... on Asset {
             assetMaterializations(partitions: [$p], limit: 1) { metadataEntries { label ... on MarkdownMetadataEntry { mdStr } } } } } }""",
        p=session,
    )
    (event,) = data["assetOrError"]["assetMaterializations"]
    (entry,) = [e for e in event["metadataEntries"] if e["label"] == "next_try_run_config"]
    return entry["mdStr"].removeprefix("```yaml\n").removesuffix("```")


def _audit_shows_commit(dagster: LiveDagster, session: str) -> bool:
    events = dagster.graphql(AUDIT)["assetOrError"]["assetMaterializations"]
    if not events:
        return False
    entry = next((e for e in events[0]["metadataEntries"] if e["label"] == "recent_events"), None)
    rows = [json.loads(record) for record in entry["table"]["records"]] if entry else []
    return any(row.get("action") == "commit" and row.get("session") == session for row in rows)
