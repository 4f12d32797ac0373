"""Workspace browser tests: one `importer serve` per test module on a database of its own, a fresh browser per test.

A module may set ``WORKSPACE_AUTH = True`` to serve with authentication on.
Tests seed and check the database through ``workspace_engine`` (the same
database the server uses).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.db.engine import make_engine
from tests.support.databases import Template
from tests.workspace.browser import CHROMIUM, WorkspaceServer, chromium_page, copied_database, served_workspace


@pytest.fixture(scope="module")
def workspace_database_url(migrated_template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with copied_database(migrated_template, tmp_path_factory.mktemp("workspace-db")) as url:
        yield url


@pytest.fixture(scope="module")
def workspace_engine(workspace_database_url: str) -> Iterator[Engine]:
    engine = make_engine(workspace_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def workspace_server(
    request: pytest.FixtureRequest, workspace_database_url: str, workspace_engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[WorkspaceServer]:
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    auth = bool(getattr(request.module, "WORKSPACE_AUTH", False))
    with served_workspace(workspace_database_url, tmp_path_factory.mktemp("workspace-data"), auth_enabled=auth) as server:
        yield server


@pytest.fixture
def page(workspace_server: WorkspaceServer) -> Iterator[Any]:
    with chromium_page() as page:
        yield page
