"""`import_metrics` against a known sequence of imports and edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from dealbrain.audit.metrics import Timing, import_metrics
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from dealbrain.records import RecordService
from tests.importing.conftest import ImportRunner
from tests.metrics.sequence import EXPECTED_ROWS, EXPECTED_TODAY, import_and_edit


def test_the_figures_of_a_known_sequence(
    run: ImportRunner, engine: Engine, records: RecordService, custom_field: Callable[..., None], tmp_path: Path,
    upload_store: UploadStore,
) -> None:
    import_and_edit(run, engine, records, custom_field, tmp_path, ImportService(engine, upload_store))
    today = datetime.now(UTC).date()
    timings = [Timing(today, "preview", 1.0), Timing(today, "preview", 4.0), Timing(today, "preview", 2.0),
               Timing(today, "commit", 0.5), Timing(today - timedelta(days=40), "commit", 100.0)]

    metrics = import_metrics(engine, today, timings)

    assert len(metrics.days) == 30 and metrics.days[-1]["day"] == today.isoformat()
    assert {name: metrics.days[-1][name] for name in EXPECTED_TODAY} == EXPECTED_TODAY
    assert all(not any(v for k, v in day.items() if k != "day") for day in metrics.days[:-1])
    assert metrics.rows_by_entity == EXPECTED_ROWS
    assert metrics.custom_fields == [{"entity": "cpu", "field": "l3_cache_mb", "records_with_value": 3, "records": 4}]
    assert (metrics.median_preview_seconds, metrics.median_commit_seconds) == (2.0, 0.5)
    figures = metrics.figures()
    assert figures["committed_30d"] == 2 and figures["held_30d"] == 1 and figures["refused_30d"] == 1
    assert figures["cpu_rows_rejected_30d"] == 1 and figures["edits_30d"] == 1 and figures["bulk_updates_30d"] == 1
    assert figures["custom_fields_defined"] == 1 and figures["records_with_custom_values"] == 3

    later = import_metrics(engine, today + timedelta(days=2), timings)
    assert later.days[-3]["committed"] == 2 and later.days[-1]["committed"] == 0
    gone = import_metrics(engine, today + timedelta(days=60), timings)
    assert gone.totals["previewed"] == 0 and gone.median_commit_seconds is None and gone.rows_by_entity == {}
