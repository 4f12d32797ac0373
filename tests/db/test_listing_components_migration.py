"""Migration 0010: listing components and the review flag; a downgrade that would lose them is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text

from dealbrain.db import migrate
from dealbrain.db.downgrade_guard import DestructiveDowngradeError, check_downgrade

BEFORE = "0008_valuation_rule_reference"
REVISION = "0010_listing_components"


def test_upgrade_creates_the_table_and_flags_and_downgrade_drops_them(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, BEFORE)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO gpu (id, name) VALUES (1, 'RTX 3060')"))

    migrate.upgrade(bare_engine, REVISION)

    inspector = inspect(bare_engine)
    assert {"listing_id", "component_type", "name", "quantity", "cpu_id", "gpu_id", "ports_profile_id", "metadata_json"} <= {
        column["name"] for column in inspector.get_columns("listing_component")
    }
    for table in ("cpu", "gpu", "ports_profile"):
        assert "needs_review" in {column["name"] for column in inspector.get_columns(table)}
    with bare_engine.connect() as connection:
        assert connection.execute(text("SELECT needs_review FROM gpu")).scalar_one() in (False, 0)
    assert check_downgrade(bare_engine, BEFORE, have_backup=False) == []  # nothing held yet: an unflagged GPU

    migrate.downgrade(bare_engine, BEFORE)
    inspector = inspect(bare_engine)
    assert "listing_component" not in inspector.get_table_names()
    assert "needs_review" not in {column["name"] for column in inspector.get_columns("gpu")}


def test_a_downgrade_losing_components_or_review_flags_is_refused(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, REVISION)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO gpu (id, name, needs_review) VALUES (1, 'Voodoo 9', true)"))
        connection.execute(text("INSERT INTO listing (id, title, price_usd) VALUES (1, 'Box', 100)"))
        connection.execute(text("INSERT INTO listing_component (listing_id, component_type, name, gpu_id) VALUES (1, 'gpu', 'Voodoo 9', 1)"))

    with pytest.raises(DestructiveDowngradeError) as refused:
        check_downgrade(bare_engine, BEFORE, have_backup=False)

    message = str(refused.value)
    assert "table listing_component: 1 row(s) of listing components" in message
    assert "gpu.needs_review: 1 row(s)" in message
