"""A small CPU and listing workbook, previewed from the options an operator launches with (the Launchpad's form).

Shared by the tests of what a preview tells the operator next: the run
config that reproduces it (`tests/ui/test_rerun_config.py`) and its decision
tables (`tests/ui/test_decision_tables.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.service import ImportService
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.ingest import UploadStore
from tests.importing.workbooks import write_xlsx

ADMIN = Actor("ada", Role.ADMIN)
CPU_HEADER = ["CPU Name", "Manufacturer", "Cores", "Threads", "CPU Mark", "Socket Colour"]
CPUS = [
    ["Intel Core i7-8700", "Intel", 6, 12, 13875, "blue"],
    ["AMD Ryzen 5 5600G", "AMD", 6, 12, 20650, "red"],
]
LISTINGS = [
    ["Title", "Price", "Condition", "CPU"],
    ["OptiPlex 7060 SFF", "$320.00", "used", "Intel Core i7-8700"],
    ["Beelink SER5", "lots", "new", "AMD Ryzen 5 5600G"],
]


def cpus_and_listings(path: Path, cpu_mark: int = 13875) -> Path:
    """The workbook: two CPUs (the first with ``cpu_mark``) and two listings, one of them with a price that is not one."""
    cpus = [[*CPUS[0][:4], cpu_mark, CPUS[0][5]], CPUS[1]]
    return write_xlsx(path, {"CPUs": [CPU_HEADER, *cpus], "Listings": LISTINGS})


def preview_with_options(engine: Engine, tmp_path: Path, session: str, **options: Any) -> ImportPreview:
    """The preview of session ``session``, requested with Launchpad ``options``, as the admin."""
    request = ImportOptions.model_validate(options).to_request(session, ADMIN.name)
    return ImportService(engine, UploadStore(tmp_path / "uploads")).preview(ADMIN, request)
