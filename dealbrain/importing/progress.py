"""Progress of long work, told as one sentence at a time to whoever watches (a Dagster run's log).

Only work that goes on for minutes reports it: a file imported batch by batch
says how far each pass has come.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]


def unwatched(_sentence: str) -> None:
    """The progress of work nobody watches."""
