"""What the database alone takes to store what an import stored: the floor under (g)'s commit.

After our import has committed a file, the rows it wrote (the CPU records and
their changeset) are copied by ``INSERT ... SELECT`` into empty tables of the
same shape: the same columns, defaults, indexes and unique constraints
(``LIKE ... INCLUDING ALL``), and the changeset's foreign key to its session.
No file is read, nothing is coerced, validated or planned, no value leaves the
server: the seconds are the indexes, constraints and row writes any import
that keeps these tables (and so undo and provenance) pays. Runs inside a child
process, on the schema our import used.
"""

from __future__ import annotations

import time
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

TABLES = ("cpu", "import_change")


def run_storage_floor(database_url: str) -> dict[str, Any]:
    """Seconds to write ``cpu`` and ``import_change`` again, each into an empty table of its shape; rows per table."""
    url = make_url(database_url).set(drivername="postgresql")
    options = url.query.get("options")
    conninfo = url.set(query={}).render_as_string(hide_password=False)
    timings, rows = {}, {}
    with psycopg.connect(conninfo, options=options) as connection, connection.cursor() as cursor:
        for table in TABLES:
            copy = sql.Identifier(f"floor_{table}")
            cursor.execute(sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(copy, sql.Identifier(table)))
            if table == "import_change":
                cursor.execute(sql.SQL("ALTER TABLE {} ADD FOREIGN KEY (session_id) REFERENCES import_session (id)").format(copy))
            connection.commit()
            started = time.perf_counter()
            cursor.execute(sql.SQL("INSERT INTO {} SELECT * FROM {}").format(copy, sql.Identifier(table)))
            rows[table] = cursor.rowcount
            connection.commit()
            timings[table] = time.perf_counter() - started
    return {"timings": timings, "rows": rows}
