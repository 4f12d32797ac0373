"""What every CLI command shares: settings, the database, and who is acting."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.db.connect import open_database
from dealbrain.settings import ImporterSettings, load_settings


@cache
def cli_settings() -> ImporterSettings:
    return load_settings()


@cache
def cli_database() -> Engine:
    return open_database(cli_settings())


def cli_actor() -> Actor:
    """Who runs this command. Authentication is off in the embedded single-user mode: the local user is admin."""
    return Actor(name=cli_settings().actor, role=Role.ADMIN)
