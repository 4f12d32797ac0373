"""A known sequence of imports and edits, and the figures it must give."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.policies import InvalidRowPolicy
from dealbrain.importing.service import ImportService
from dealbrain.records import RecordService
from tests.importing.conftest import ADMIN, ImportRunner
from tests.importing.workbooks import CPU_HEADER, reference_workbook, write_xlsx

NEW_CPU = ["Intel Core i3-10100", "Intel", 4, 8, "65 W", "8,800", 2500, 2020]
BROKEN_CPU = ["Broken CPU", "Intel", -4, 12, "65 W", 100, 100, 2017]
EXPECTED_TODAY = {
    "previewed": 4, "committed": 2, "held": 1, "refused": 1,
    "rows_inserted": 8, "rows_updated": 0, "rows_rejected": 1, "edits": 1, "bulk_updates": 1,
}
EXPECTED_ROWS = {
    "cpu": {"inserted": 4, "updated": 0, "rejected": 1},
    "gpu": {"inserted": 2, "updated": 0, "rejected": 0},
    "listing": {"inserted": 2, "updated": 0, "rejected": 0},
}


def import_and_edit(
    run: ImportRunner, engine: Engine, records: RecordService, custom_field: Callable[..., None], tmp_path: Path,
    service: ImportService,
) -> None:
    """Two commits (one skipping an invalid row), a blocked preview, a refused commit, an edit and a bulk edit."""
    run(reference_workbook(tmp_path / "reference.xlsx"))
    run(write_xlsx(tmp_path / "more.xlsx", {"CPUs": [CPU_HEADER, NEW_CPU, BROKEN_CPU]}), on_invalid=InvalidRowPolicy.SKIP)
    blocked = run(write_xlsx(tmp_path / "broken.xlsx", {"CPUs": [CPU_HEADER, BROKEN_CPU]}))
    assert blocked.result is None and not blocked.preview.can_commit
    changed = [CPU_HEADER, ["Intel Core i7-8700", "Intel", 6, 12, 65, "14,000", 2630, 2017]]
    stale = run(write_xlsx(tmp_path / "stale.xlsx", {"CPUs": changed}), commit=False, conflict_policy=ConflictPolicy.UPDATE)
    records.update("cpu", "Intel Core i7-8700", {"cpu_mark_multi": "15,000"})
    with pytest.raises(Exception, match="changed since"):
        service.commit(ADMIN, stale.preview.request.session_id)
    custom_field("cpu", "l3_cache_mb", "integer")
    records.bulk_update("cpu", 'manufacturer = "Intel"', {"l3_cache_mb": "12"})
