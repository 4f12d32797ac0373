"""Great Expectations (seconds to import) is loaded on the first quality run, not with the code location."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # Dagster runs (or fresh interpreters): `make test-all`


@pytest.mark.parametrize("module", ["validations", "assets.reference_quality"])
def test_importing_does_not_load_great_expectations(module: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", f"import {module}, sys; print('great_expectations' in sys.modules)"],
        capture_output=True, text=True, check=True, timeout=120,
    )
    assert completed.stdout.strip() == "False"
