"""Migration 0013: the disabled flags; a downgrade that would enable disabled records again is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from dealbrain.db import migrate
from dealbrain.db.downgrade_guard import DestructiveDowngradeError, check_downgrade

BEFORE = "0012_user_grid_columns"
REVISION = "0013_record_disable"


def test_upgrade_adds_the_flags_and_a_downgrade_with_none_set_drops_them(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, BEFORE)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO cpu (id, name) VALUES (1, 'Core i3')"))

    migrate.upgrade(bare_engine, REVISION)

    for table in ("cpu", "gpu", "listing", "valuation_rule", "ports_profile"):
        assert {"disabled_at", "disabled_by"} <= {column["name"] for column in inspect(bare_engine).get_columns(table)}
    with bare_engine.connect() as connection:
        assert connection.execute(text("SELECT disabled_at FROM cpu")).scalar_one() is None
    assert check_downgrade(bare_engine, BEFORE, have_backup=False) == []  # nothing disabled: nothing lost

    migrate.downgrade(bare_engine, BEFORE)
    assert "disabled_at" not in {column["name"] for column in inspect(bare_engine).get_columns("cpu")}


def test_a_downgrade_losing_disabled_flags_is_refused_until_a_backup_is_confirmed(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, REVISION)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO cpu (id, name, disabled_at, disabled_by) "
                                "VALUES (1, 'Core i3', CURRENT_TIMESTAMP, 'otto'), (2, 'Core i5', NULL, NULL)"))

    with pytest.raises(DestructiveDowngradeError) as refused:
        check_downgrade(bare_engine, BEFORE, have_backup=False)

    message = str(refused.value)
    assert "cpu.disabled_at: 1 row(s) of disabled flags of records" in message and "--i-have-a-backup" in message
    assert {column["name"] for column in inspect(bare_engine).get_columns("cpu")} >= {"disabled_at"}  # nothing changed
    assert [loss.table for loss in check_downgrade(bare_engine, BEFORE, have_backup=True)] == ["cpu"]
