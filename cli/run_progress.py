"""What the CLI prints while a run it launched goes on: each stage ticked once done, each batch of long work.

Printed to standard error, so ``--json`` and the summary keep standard output to themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from pipelines.launch import RunWatch


def printed_run_watch() -> RunWatch:
    """A `RunWatch` printing ``  ✓ stage`` lines, and progress sentences indented under them."""
    from pipelines.launch import RunWatch

    return RunWatch(
        stage_done=lambda stage: typer.echo(f"  ✓ {stage}", err=True),
        progress=lambda sentence: typer.echo(f"    {sentence}", err=True),
    )
