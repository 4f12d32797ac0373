"""Fixtures for JSON sources: the import runner of the pipeline tests and the shared real data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.conftest import run, upload_store  # noqa: F401  (fixtures)

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
PASSMARK = SHARED_DATA / "passmark_cpus.json"
VALUATION_REFERENCE = SHARED_DATA / "valuation_rules_reference.json"
TEMPLATES = SHARED_DATA / "dealbrain_templates"


def shared_file(path: Path) -> Path:
    """``path`` if the shared data is beside the checkout, else the test is skipped."""
    if not path.exists():
        pytest.skip(f"{path} is not beside the checkout")
    return path
