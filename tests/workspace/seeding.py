"""Stored records for the workspace tests, written straight into the module's database (no import run needed)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS

CPUS = [
    {"name": "Intel Core i7-8700", "manufacturer": "Intel", "cores": 6, "threads": 12, "cpu_mark_multi": 13875},
    {"name": "AMD Ryzen 5 5600G", "manufacturer": "AMD", "cores": 6, "threads": 12, "cpu_mark_multi": 20650},
    {"name": "Intel Core i5-12400", "manufacturer": "Intel", "cores": 6, "threads": 12, "cpu_mark_multi": 19531},
]


def seed_cpus(engine: Engine, rows: list[dict[str, Any]] = CPUS) -> None:
    with transaction(engine) as session:
        session.execute(insert(ENTITY_MODELS["cpu"]), rows)


def stored_cpu(engine: Engine, name: str) -> dict[str, Any]:
    model = ENTITY_MODELS["cpu"]
    with transaction(engine) as session:
        row = session.scalars(select(model).where(model.name == name)).one()
        return {column.key: getattr(row, column.key) for column in model.__table__.columns}


def many_cpus(count: int) -> list[dict[str, Any]]:
    """``count`` CPUs numbered from 00000: odd numbers AMD, even Intel, cores 2-31 (2 + number % 30)."""
    return [
        {"name": f"Benchmark CPU {number:05d}", "manufacturer": "AMD" if number % 2 else "Intel",
         "cores": 2 + number % 30, "threads": 4 + number % 60, "cpu_mark_multi": number * 3}
        for number in range(count)
    ]


def seed(engine: Engine, entity: str, rows: list[dict[str, Any]]) -> None:
    """Rows of any entity, by column name."""
    with transaction(engine) as session:
        session.execute(insert(ENTITY_MODELS[entity]), rows)


def stored_values(engine: Engine, entity: str, column: str) -> dict[str, Any]:
    """``column`` of every stored record of ``entity``, by its name (a listing's title)."""
    model = ENTITY_MODELS[entity]
    key = "title" if entity == "listing" else "name"
    with transaction(engine) as session:
        return {getattr(row, key): getattr(row, column) for row in session.scalars(select(model))}
