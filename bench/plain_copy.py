"""The baseline of the large-file scenario: a plain ``COPY`` of the CSV into a table of text columns.

No coercion, no validation, no changeset: the floor any import of the same
file into PostgreSQL stands on. Runs inside a child process, on its own schema.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from bench.cpu_files import HEADERS

BLOCK_BYTES = 1 << 20


def run_plain_copy(file: Path, database_url: str) -> dict[str, Any]:
    """``COPY file`` into a new table ``plain_copy`` (one text column per header); seconds and rows."""
    url = make_url(database_url).set(drivername="postgresql")
    options = url.query.get("options")
    conninfo = url.set(query={}).render_as_string(hide_password=False)
    started = time.perf_counter()
    with psycopg.connect(conninfo, options=options) as connection, connection.cursor() as cursor:
        columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(name)) for name in HEADERS)
        cursor.execute(sql.SQL("CREATE TABLE plain_copy ({})").format(columns))
        with cursor.copy("COPY plain_copy FROM STDIN (FORMAT csv, HEADER true)") as copy, file.open("rb") as stream:
            while block := stream.read(BLOCK_BYTES):
                copy.write(block)
        cursor.execute("SELECT count(*) FROM plain_copy")
        (rows,) = cursor.fetchone() or (0,)
    return {"timings": {"copy": time.perf_counter() - started}, "rows": rows}
