"""Opening the configured database, migrated or refused."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Engine

from dealbrain.db.engine import make_engine
from dealbrain.db.migrate import ensure_up_to_date
from dealbrain.settings import ImporterSettings


@cache
def connect(url: str, *, auto_upgrade: bool) -> Engine:
    """A shared engine for ``url``, upgraded when ``auto_upgrade``, refused when behind otherwise."""
    engine = make_engine(url)
    ensure_up_to_date(engine, auto_upgrade=auto_upgrade)
    return engine


def open_database(settings: ImporterSettings) -> Engine:
    """The configured database; only the embedded default upgrades itself, and only where the environment allows it."""
    auto_upgrade = settings.uses_embedded_database and settings.environment.automatic_migration
    return connect(settings.effective_database_url, auto_upgrade=auto_upgrade)
