"""Reading the log: filters, newest-first limits, counts per action, and the bounds people type."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from dealbrain.audit import (
    AuditAction,
    AuditFilter,
    count_by_action,
    query_events,
    record_event,
)
from dealbrain.audit.moments import parse_moment
from dealbrain.audit.report import event_row, printable, recent_activity
from dealbrain.db.engine import transaction


@pytest.fixture
def logged(engine: Engine) -> Engine:
    with transaction(engine) as session:
        record_event(session, actor="ada", action=AuditAction.MAPPING_SAVED, entity="cpu")
        record_event(session, actor="otto", action=AuditAction.PERMISSION_DENIED, entity="gpu")
        record_event(session, actor="ada", action=AuditAction.MAPPING_SAVED, entity="gpu", payload={"note": "x\x1b[31m|y"})
    return engine


def _ids(engine: Engine, **criteria) -> list[int]:
    with transaction(engine) as session:
        return [event.id for event in query_events(session, AuditFilter(**criteria))]


def test_filters_and_order(logged: Engine) -> None:
    everything = _ids(logged)
    assert len(everything) == 3
    assert _ids(logged, actor="ada") == [everything[0], everything[2]]
    assert _ids(logged, entity="gpu", action="mapping_saved") == [everything[2]]
    assert _ids(logged, limit=2, newest_first=True) == [everything[2], everything[1]]
    now = datetime.now(UTC)
    assert _ids(logged, since=now - timedelta(hours=1), until=now + timedelta(hours=1)) == everything
    assert _ids(logged, since=now + timedelta(hours=1)) == []


def test_counts_and_recent_activity(logged: Engine) -> None:
    with transaction(logged) as session:
        assert count_by_action(session) == {"mapping_saved": 2, "permission_denied": 1}
    activity = recent_activity(logged, limit=2)
    assert activity.total == 3 and [e.actor for e in activity.recent] == ["ada", "otto"]


def test_rows_strip_control_characters(logged: Engine) -> None:
    activity = recent_activity(logged, limit=1)
    row = event_row(activity.recent[0])
    assert "\x1b" not in row["details"] and row["time"].endswith("+00:00")
    assert printable("a\nb\tc", width=4) == "a b…"


@pytest.mark.parametrize(
    ("text", "end_of_day", "expected"),
    [
        ("2026-03-01", False, datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01", True, datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=UTC)),
        ("2026-03-01T10:30", False, datetime(2026, 3, 1, 10, 30, tzinfo=UTC)),
        ("2026-03-01T10:30:00+02:00", False, datetime(2026, 3, 1, 8, 30, tzinfo=UTC)),
        ("2026-03-01 10:30:00Z", True, datetime(2026, 3, 1, 10, 30, tzinfo=UTC)),
    ],
)
def test_bounds_accept_dates_and_datetimes(text: str, end_of_day: bool, expected: datetime) -> None:
    assert parse_moment(text, end_of_day=end_of_day) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01", "01/03/2026", "2026-03-01T25:00"])
def test_bad_bounds_name_the_expected_formats(text: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_moment(text)
