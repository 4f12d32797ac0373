"""Alembic environment: one migration stream for SQLite and PostgreSQL.

The database URL comes from the same settings the application uses, unless
the caller hands over a connection (the CLI and tests do).
"""

from __future__ import annotations

from alembic import context
from dealbrain.db.engine import make_engine
from dealbrain.db.models import Base
from dealbrain.settings import load_settings

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        compare_server_default=False,
        **kwargs,
    )


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or load_settings().effective_database_url
    _configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url") or load_settings().effective_database_url
    # The application's engine, so SQLite connections get the same pragmas (foreign keys on).
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
