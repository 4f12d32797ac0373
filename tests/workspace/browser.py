"""Driving the workspace in a browser: a real `importer serve` on a free port, and headless Debian Chromium.

`served_workspace(database_url, data_dir)` starts the server as a user would
(the `importer` script, settings from ``IMPORTER_*`` variables) and stops it
afterwards; `chromium_page()` opens a fresh browser profile with Playwright's
Python client on ``/usr/bin/chromium`` (no browser download). The fixtures in
`tests/workspace/conftest.py` give one server per test module, on a database
of its own made from the session's migrated template (SQLite or PostgreSQL,
as the rest of the suite). `screenshot` keeps a picture of a page under
``artifacts/screenshots/workspace-NAME.png`` (CI keeps them); `serious_accessibility_violations`
runs axe-core (bundled in axe-playwright-python, nothing fetched) on a page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.databases import TEST_DATABASE_URL_VARIABLE, Template

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
SHOTS = REPOSITORY_ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IMPORTER = Path(sys.executable).with_name("importer")
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class WorkspaceServer:
    base_url: str
    database_url: str
    data_dir: Path
    log: Path

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}/workspace{'' if path == '/' else path}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def copied_database(template: Template, folder: Path) -> Iterator[str]:
    """A migrated database of its own (a copy of the session's template) for one module's server."""
    base_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not base_url:
        file = folder / "importer.db"
        shutil.copyfile(template.sqlite_file, file)
        yield f"sqlite:///{file}"
        return
    name = f"workspace_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.postgres_database}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def served_workspace(database_url: str, data_dir: Path, *, auth_enabled: bool = False) -> Iterator[WorkspaceServer]:
    """`importer serve` on a free port until the block ends; its output goes to ``data_dir/serve.log``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("IMPORTER_")}
    environment |= {
        "IMPORTER_DATA_DIR": str(data_dir),
        "IMPORTER_DATABASE_URL": database_url,
        "IMPORTER_AUTH_ENABLED": "true" if auth_enabled else "false",
        "NICEGUI_STORAGE_PATH": str(data_dir / "nicegui"),
    }
    log = data_dir / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen([str(IMPORTER), "serve", "--port", str(port)], env=environment,
                                   stdout=output, stderr=subprocess.STDOUT, cwd=data_dir)
    server = WorkspaceServer(f"http://127.0.0.1:{port}", database_url, data_dir, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: WorkspaceServer, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"importer serve exited with {process.returncode}:\n{server.log.read_text()[-3000:]}")
        try:
            if httpx.get(server.url("/sign-in"), timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"importer serve did not answer within {STARTUP_SECONDS} s:\n{server.log.read_text()[-3000:]}")


@contextmanager
def chromium_page() -> Iterator[Any]:
    """A Playwright page in headless Debian Chromium with a fresh profile (a new browser context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def screenshot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"workspace-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_accessibility_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each (empty when there are none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} - "
        + "; ".join(str(node.get("target")) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation.get("impact") in ("serious", "critical")
    ]


def wait_for_text(page: Any, text_: str, timeout: float = 15_000) -> None:
    page.get_by_text(text_, exact=False).first.wait_for(timeout=timeout)
