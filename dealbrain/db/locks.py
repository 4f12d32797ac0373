"""Serialising writers of reference data, so a plan checked under the lock is still true when written."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

WRITE_LOCK_KEY = 0x6465616C62726E
"""PostgreSQL advisory lock key shared by commits, undos and record edits."""


def take_write_lock(session: Session) -> None:
    """Block until no other commit, undo or record edit is writing; held until this transaction ends.

    Must be the first statement of the transaction: on SQLite it is
    ``BEGIN IMMEDIATE`` (the database's write lock), on PostgreSQL a
    transaction-scoped advisory lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
    else:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
