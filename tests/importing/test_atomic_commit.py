"""A commit is all or nothing: a database failure while writing the last entity leaves every table as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.importing.stages.commit import CommitRefusedError
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import (
    CPU_HEADER,
    CPU_ROWS,
    GPU_HEADER,
    GPU_ROWS,
    write_xlsx,
)

FAILING_TITLE = "Listing the database refuses"
TABLES = ("cpu", "gpu", "listing", "import_change")

SQLITE_TRIGGER = f"""
CREATE TRIGGER refuse_listing BEFORE INSERT ON listing WHEN NEW.title = '{FAILING_TITLE}'
BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END
"""
POSTGRES_FUNCTION = f"""
CREATE FUNCTION refuse_listing() RETURNS trigger AS $$
BEGIN
  IF NEW.title = '{FAILING_TITLE}' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql
"""
POSTGRES_TRIGGER = "CREATE TRIGGER refuse_listing BEFORE INSERT ON listing FOR EACH ROW EXECUTE FUNCTION refuse_listing()"


@pytest.fixture
def failing_listing_insert(engine: Engine) -> Iterator[None]:
    """The database itself refuses one listing row, after the CPUs and GPUs of the same commit were written."""
    statements = [POSTGRES_FUNCTION, POSTGRES_TRIGGER] if engine.dialect.name == "postgresql" else [SQLITE_TRIGGER]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    yield


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES}


def test_a_failure_mid_commit_writes_nothing(failing_listing_insert, run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    listings = [["Title", "Price", "CPU"], ["Fine listing", 100, CPU_ROWS[0][0]], [FAILING_TITLE, 200, CPU_ROWS[1][0]]]
    path = write_xlsx(
        tmp_path / "all.xlsx",
        {"CPUs": [CPU_HEADER, *CPU_ROWS], "GPUs": [GPU_HEADER, *GPU_ROWS], "Listings": listings},
    )
    before = _counts(engine)

    with pytest.raises((CommitRefusedError, DBAPIError)):
        run(path)

    assert _counts(engine) == before
    with transaction(engine) as session:
        statuses = {row.status for row in session.query(ImportSession)}
    assert "committed" not in statuses
