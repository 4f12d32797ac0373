"""Fresh PostgreSQL databases for the deployment tests, created for one test and dropped after it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

DEFAULT_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SERVER_URL_VARIABLE = "IMPORTER_TEST_DATABASE_URL"


def server_url() -> URL:
    """The PostgreSQL server the tests use (IMPORTER_TEST_DATABASE_URL, else the local one)."""
    return make_url(os.environ.get(SERVER_URL_VARIABLE) or DEFAULT_SERVER_URL).set(query={})


@contextmanager
def fresh_database(prefix: str) -> Iterator[URL]:
    """A new, empty database on the test server (psycopg 3 URL); dropped, connections and all, afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0'))
    try:
        yield server_url().set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def dagster_storage_environment(database: URL) -> dict[str, str]:
    """The variables deploy/dagster.yaml reads for its PostgreSQL storage."""
    return {
        "DAGSTER_PG_HOST": database.host or "127.0.0.1",
        "DAGSTER_PG_PORT": str(database.port or 5432),
        "DAGSTER_PG_USER": database.username or "postgres",
        "DAGSTER_PG_PASSWORD": database.password or "",
        "DAGSTER_PG_DB": database.database or "",
    }
