"""`importer serve` as a real process: uvicorn on a free port, the same settings, answering over TCP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from tests.api.conftest import SAMPLE, SAMPLE_DECLARATIONS, XLSX
from tests.support.processes import free_port

pytestmark = pytest.mark.slow  # Dagster runs, a live server or the whole PassMark file: `make test-all`

STARTUP_SECONDS = 60


def test_importer_serve_answers_and_imports(tmp_path: Path, database_url: str, engine: Engine) -> None:
    port = free_port()
    environment = {**os.environ, "IMPORTER_DATA_DIR": str(tmp_path / "data"), "IMPORTER_DATABASE_URL": database_url}
    for variable in ("IMPORTER_AUTH_ENABLED", "IMPORTER_TOKEN", "IMPORTER_LAUNCH_SECRET"):
        environment.pop(variable, None)
    importer = Path(sys.executable).with_name("importer")
    server = subprocess.Popen([str(importer), "serve", "--port", str(port)], env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "server exited"
            assert time.monotonic() < deadline, "importer serve did not answer in time"
            time.sleep(0.5)
        ready = httpx.get(f"{base}/readyz", timeout=10)
        assert ready.status_code == 200 and ready.json()["status"] == "ready"
        assert ready.headers["x-importer-auth"] == "off; acting as local (admin)"
        assert "/v1/imports/sessions" in httpx.get(f"{base}/openapi.json", timeout=10).json()["paths"]
        created = httpx.post(f"{base}/v1/imports/sessions", timeout=120,
                             files={"upload": (SAMPLE.name, SAMPLE.read_bytes(), XLSX)},
                             data={"declared_entities": SAMPLE_DECLARATIONS})
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "previewed"
    finally:
        server.terminate()
        server.wait(timeout=30)
