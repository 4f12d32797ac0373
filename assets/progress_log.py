"""Progress of long work in a run's log, each sentence marked so whoever launched the run in-process can relay it.

The CLI watches its run's event log and prints these lines as they come (`pipelines.launch`);
in the Dagster UI they read as they are, and filtering the log on the mark shows only them.
"""

from __future__ import annotations

import dagster as dg

from dealbrain.importing.progress import Progress

PROGRESS_MARK = "Progress: "


def logged_progress(context: dg.AssetExecutionContext) -> Progress:
    """A `Progress` that writes each sentence to the run's log at INFO, marked."""
    return lambda sentence: context.log.info(PROGRESS_MARK + sentence)


def progress_sentence(message: str) -> str | None:
    """The sentence of a marked progress line of the log, or None for any other line."""
    return message.removeprefix(PROGRESS_MARK) if message.startswith(PROGRESS_MARK) else None
