"""Who may edit records, and what the audit log keeps of every edit and refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction
from dealbrain.auth import PermissionDeniedError
from dealbrain.records import RecordService, RecordValidationError
from tests.records.conftest import ADMIN, ANALYST, OPERATOR, events, stored


def test_an_analyst_may_read_but_not_edit_and_each_refusal_is_audited(engine: Engine, imported: str) -> None:
    analyst = RecordService(engine, ANALYST)
    before = stored(engine, "cpu")

    assert analyst.get("cpu", "Intel Core i7-8700")["cores"] == 6
    with pytest.raises(PermissionDeniedError, match=r"anna \(analyst\) may not edit records: it needs the admin or operator role"):
        analyst.update("cpu", "Intel Core i7-8700", {"cores": "8"})
    with pytest.raises(PermissionDeniedError, match="may not bulk-edit records"):
        analyst.bulk_update("cpu", "cores = 6", {"cores": "8"})
    with pytest.raises(PermissionDeniedError, match="may not preview a bulk edit"):
        analyst.bulk_update("cpu", "cores = 6", {"cores": "8"}, dry_run=True)

    assert stored(engine, "cpu") == before
    denied = events(engine, AuditAction.PERMISSION_DENIED)
    assert [(e.actor, e.entity, e.payload_json["permission"]) for e in denied] == [("anna", "cpu", "edit_records")] * 3
    assert events(engine, AuditAction.RECORD_UPDATED) == [] and events(engine, AuditAction.BULK_UPDATE) == []


@pytest.mark.parametrize("actor", [OPERATOR, ADMIN], ids=["operator", "admin"])
def test_operators_and_admins_may_edit(engine: Engine, imported: str, actor) -> None:  # noqa: ANN001
    change = RecordService(engine, actor).update("gpu", "AMD Radeon RX 6600", {"manufacturer": "AMD (ATI)"})
    assert change.changed and stored(engine, "gpu")["AMD Radeon RX 6600"]["manufacturer"] == "AMD (ATI)"
    assert events(engine, AuditAction.PERMISSION_DENIED) == []


def test_a_single_edit_is_audited_with_before_and_after(records: RecordService, engine: Engine, imported: str) -> None:
    change = records.update("listing", "OptiPlex 7060 SFF", {"price_usd": "$299", "cpu": "AMD Ryzen 5 5600G"})

    (event,) = events(engine, AuditAction.RECORD_UPDATED)
    assert (event.actor, event.entity, event.session_id) == ("otto", "listing", change.session_id)
    payload = event.payload_json
    assert payload["key"] == "OptiPlex 7060 SFF" and payload["record_id"] == change.record_id
    assert payload["before"] == {"price_usd": 320.0, "cpu": "Intel Core i7-8700"}
    assert payload["after"] == {"price_usd": 299.0, "cpu": "AMD Ryzen 5 5600G"}
    assert payload["changes"] == {"price_usd": "$299", "cpu": "AMD Ryzen 5 5600G"}


def test_a_bulk_edit_is_audited_with_counts_the_filter_and_record_diffs(
    records: RecordService, engine: Engine, imported: str
) -> None:
    result = records.bulk_update("cpu", "cores = 6", {"cpu_mark_single": "3000"})

    (event,) = events(engine, AuditAction.BULK_UPDATE)
    assert (event.actor, event.entity, event.session_id) == ("otto", "cpu", result.session_id)
    payload = event.payload_json
    assert payload["where"] == "cores = 6" and payload["changes"] == {"cpu_mark_single": "3000"}
    assert (payload["selected"], payload["updated"], payload["unchanged"], payload["records_total"]) == (3, 3, 0, 3)
    by_name = {item["record"]: item for item in payload["records"]}
    assert by_name["Intel Core i7-8700"]["before"] == {"cpu_mark_single": 2630}
    assert by_name["Intel Core i7-8700"]["after"] == {"cpu_mark_single": 3000}


def test_refused_edits_and_dry_runs_leave_no_audit_event(records: RecordService, engine: Engine, imported: str) -> None:
    with pytest.raises(RecordValidationError):
        records.update("cpu", "Intel Core i7-8700", {"cores": "0"})
    records.bulk_update("cpu", "cores = 6", {"cores": "8"}, dry_run=True)
    records.update("cpu", "Intel Core i7-8700", {"cores": "6"})  # already 6: nothing changes

    assert events(engine, AuditAction.RECORD_UPDATED) == [] and events(engine, AuditAction.BULK_UPDATE) == []
