"""Fixtures for the data-quality tests: clean reference records and a way to store more."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS

Rows = dict[str, list[dict[str, Any]]]

CLEAN_ROWS: Rows = {
    "cpu": [
        {"name": "Intel Core i7-12700", "manufacturer": "Intel", "cores": 12, "threads": 20, "tdp_w": 65.0,
         "cpu_mark_multi": 31000, "cpu_mark_single": 3900, "release_year": 2022},
        {"name": "AMD Ryzen 5 5600G", "manufacturer": "AMD", "cores": 6, "threads": 12, "tdp_w": 65.0,
         "cpu_mark_multi": 19800, "cpu_mark_single": 3200, "release_year": 2021},
        {"name": "Intel N100", "cores": 4, "threads": 4},
    ],
    "gpu": [
        {"name": "GeForce RTX 3060", "manufacturer": "NVIDIA", "gpu_mark": 17000},
        {"name": "Apple M2 GPU", "metal_score": 45000},
    ],
    "ports_profile": [
        {"name": "Mini PC basic", "ports": [{"type": "usb_a", "count": 4, "spec_notes": None}]},
    ],
    "valuation_rule": [
        {"name": "RAM per GB", "component_type": "ram", "metric": "gb", "unit_value_usd": 2.5,
         "condition_new": 1.0, "condition_refurb": 0.8, "condition_used": 0.6},
        {"name": "OS license", "component_type": "os_license", "unit_value_usd": 0.0},
    ],
    "listing": [
        {"title": "Dell OptiPlex 7000 i7", "price_usd": 649.0, "condition": "used", "ram_gb": 16},
        {"title": "Beelink S12 N100", "price_usd": 159.0, "condition": "new", "ram_gb": 8},
        {"title": "HP EliteDesk, no RAM listed", "price_usd": 99.0},
    ],
}
"""A small, healthy set of records in every table: every expectation holds."""


@pytest.fixture
def store(engine: Engine) -> Callable[[Rows], None]:
    """Insert records (column values by entity) into the test database."""

    def insert(rows: Rows) -> None:
        with transaction(engine) as session:
            for entity, records in rows.items():
                session.add_all(ENTITY_MODELS[entity](**record) for record in records)

    return insert
