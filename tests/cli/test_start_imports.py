"""The command line starts without the heavy libraries: pandera, Great Expectations and pandas load only where used.

Each case runs the real `importer` entry point in a fresh interpreter and
reads which modules it loaded before it exited.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandera", "great_expectations", "pandas", "hypothesis", "dagster_celery")
PROBE = """
import json, sys
watched = set(json.loads(sys.argv[2]))
sys.argv = ["importer", *json.loads(sys.argv[1])]
from cli.app import main
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
loaded = sorted({name.split(".")[0] for name in sys.modules} & watched)
print(json.dumps({"code": code, "loaded": loaded}))
"""


def _loaded(tmp_path: Path, *arguments: str) -> dict:
    environment = {"IMPORTER_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-c", PROBE, json.dumps(arguments), json.dumps(HEAVY)],
        capture_output=True, text=True, env=environment, check=False, timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("arguments", [("--help",), ("import", "--help"), ("schema", "cpu")])
def test_help_and_light_commands_load_no_heavy_library(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    probe = _loaded(tmp_path, *arguments)
    assert probe["code"] in (0, None) and probe["loaded"] == []


def test_the_import_command_checks_its_options_before_loading_them(tmp_path: Path) -> None:
    """A refused option (exit 2) is found before pandera and Dagster's Celery executor are loaded."""
    workbook = tmp_path / "cpus.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not a real workbook")
    probe = _loaded(tmp_path, "import", str(workbook), "--declare", "cpu")
    assert probe["code"] == 2 and probe["loaded"] == []
