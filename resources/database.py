"""The importer's database as a Dagster resource."""

from __future__ import annotations

import dagster as dg
from pydantic import Field
from sqlalchemy import Engine

from dealbrain.db.connect import connect


class DatabaseResource(dg.ConfigurableResource):
    """The importer database (SQLite by default, PostgreSQL in production)."""

    url: str = Field(description="SQLAlchemy URL of the importer database.")
    auto_upgrade: bool = Field(
        default=False,
        description="Apply pending migrations on first use (only the embedded SQLite default does this).",
    )

    def engine(self) -> Engine:
        """A shared engine for this URL; the schema is checked (or upgraded) on first use."""
        return connect(self.url, auto_upgrade=self.auto_upgrade)
