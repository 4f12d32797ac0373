"""Fixtures for the audit tests: the CLI runner and small imports through the domain pipeline."""

from __future__ import annotations

from tests.auth.cli_runner import auth_on, cli  # noqa: F401 - fixtures
from tests.importing.conftest import run, upload_store  # noqa: F401 - fixtures
