"""The benchmark's databases: migrated SQLite files, and fresh PostgreSQL schemas dropped after use.

A fresh schema per measured run (rather than emptying tables) because the
audit log is append-only: its trigger refuses TRUNCATE.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.engine import make_url

from dealbrain.db import migrate
from dealbrain.db.engine import make_engine
from dealbrain.db.models import ENTITY_MODELS


def migrated_sqlite(path: Path) -> str:
    """The URL of a new SQLite file at ``path``, migrated to the latest revision."""
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


class PostgresSchema:
    """A schema of its own on the server of ``base_url``, migrated, dropped by ``drop()``."""

    def __init__(self, base_url: str) -> None:
        self.name = f"bench_{uuid.uuid4().hex[:12]}"
        self._admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
        self._quoted = self._admin.dialect.identifier_preparer.quote(self.name)
        with self._admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {self._quoted}"))
        options = {"options": f"-csearch_path={self.name}"}
        self.url = make_url(base_url).update_query_dict(options).render_as_string(hide_password=False)
        self.engine: Engine = make_engine(self.url)
        migrate.upgrade(self.engine)

    def __enter__(self) -> PostgresSchema:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.drop()

    def preload(self, entity: str, rows: list[dict[str, Any]]) -> None:
        """Store ``rows`` as existing records of ``entity``."""
        table = ENTITY_MODELS[entity].__table__
        with self.engine.begin() as connection:
            connection.execute(insert(table), rows)
            connection.execute(text("ANALYZE"))

    def drop(self) -> None:
        self.engine.dispose()
        with self._admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {self._quoted} CASCADE"))
        self._admin.dispose()
