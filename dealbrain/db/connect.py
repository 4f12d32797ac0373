"""Opening the configured database, migrated or refused."""

from __future__ import annotations

from sqlalchemy import Engine

from dealbrain.db.engine import make_engine
from dealbrain.db.migrate import ensure_up_to_date
from dealbrain.settings import ImporterSettings


def open_database(settings: ImporterSettings) -> Engine:
    """The configured database, upgraded if it is the embedded default, refused if behind otherwise."""
    engine = make_engine(settings.effective_database_url)
    ensure_up_to_date(engine, auto_upgrade=settings.uses_embedded_database)
    return engine
