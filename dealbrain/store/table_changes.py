"""Telling whoever listens that stored reference tables changed outside an import run.

A record edit, a bulk edit or an undo changes reference tables without a
Dagster run. The service that made the change announces a `TableChange`
after its transaction committed; the surface that called it (the CLI, the
API) listens for the duration of the call and reports the change where it
belongs (Dagster's asset catalog), so the domain never imports Dagster.

A listener that fails never undoes the stored change: its failure comes back
as a warning sentence for the person who made the edit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

EDIT = "record_edit"
BULK_EDIT = "bulk_edit"
UNDO = "undo"


@dataclass(frozen=True)
class TableChange:
    """What changed: per entity the counts written (``updated``, ``deleted``, ``restored``) by one edit or undo."""

    kind: str
    """`EDIT`, `BULK_EDIT` or `UNDO`."""
    session_id: str
    """The edit session, or the session that was undone."""
    actor: str
    counts: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def tables(self) -> list[str]:
        """The entities whose counts show a change."""
        return sorted(name for name, counts in self.counts.items() if any(counts.values()))


Listener = Callable[[TableChange], None]
_listener: ContextVar[Listener | None] = ContextVar("table_change_listener", default=None)


@contextmanager
def reporting_to(listener: Listener) -> Iterator[None]:
    """Within the block (and threads started from it with its context), changes are announced to ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def announce(change: TableChange) -> list[str]:
    """Hand ``change`` to the current listener; the warnings to show (none when it was reported or nobody listens)."""
    listener = _listener.get()
    if listener is None or not change.tables:
        return []
    try:
        listener(change)
    except Exception as error:  # noqa: BLE001 - the change is stored; a reporting failure is only a warning
        warning = unreported(change, error)
        logger.warning(warning)
        return [warning]
    return []


def unreported(change: TableChange, error: Exception) -> str:
    """The warning saying ``change`` is stored although reporting it failed with ``error``."""
    return (
        f"The change is saved, but Dagster was not told ({type(error).__name__}: {error}); the asset catalog "
        f"will not show it for {', '.join(change.tables)} until the next import or undo of those tables."
    )
