"""Programmatic Alembic: upgrade, current revision and the "is it up to date" guard."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from dealbrain.errors import UserFacingError


class SchemaOutdatedError(UserFacingError, RuntimeError):
    """The database is behind the latest migration and was not upgraded automatically."""


def alembic_config() -> Config:
    """An Alembic config pointing at the project's migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(files("migrations")))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` in one transaction."""
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def _run(engine: Engine, operation, revision: str) -> None:  # noqa: ANN001 - an alembic command
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        operation(config, revision)


def ensure_up_to_date(engine: Engine, *, auto_upgrade: bool) -> None:
    """Upgrade (embedded default) or refuse a database behind the latest migration."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if auto_upgrade:
        upgrade(engine)
        return
    where = f"at revision {current}" if current else "empty (no migrations applied)"
    raise SchemaOutdatedError(
        f"The database {engine.url.render_as_string(hide_password=True)} is {where}; "
        f"the importer needs revision {head}. Run `importer db upgrade` and try again."
    )
