"""Seeding the workspace's database for the admin pages' browser tests: records and users."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.auth.users import UserService
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS


def add_cpus(engine: Engine, cpus: dict[str, dict[str, Any]]) -> dict[str, int]:
    """CPUs by name with the given ``attributes_json``; their ids by name."""
    model = ENTITY_MODELS["cpu"]
    rows = [model(name=name, attributes_json=attributes) for name, attributes in cpus.items()]
    with transaction(engine) as session:
        session.add_all(rows)
        session.flush()
        return {row.name: row.id for row in rows}


def add_users(engine: Engine, roles: dict[str, Role]) -> dict[str, str]:
    """Users (the first must be an admin, as `importer users add` requires) and their tokens by name."""
    tokens: dict[str, str] = {}
    acting: Actor | None = None
    for name, role in roles.items():
        _, tokens[name] = UserService(engine, acting).add(name, role)
        acting = acting or Actor(name, role)
    return tokens
