"""Exit codes and printing helpers shared by the CLI commands."""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from typing import Any, NoReturn

import typer

from dealbrain.jsonsafe import to_jsonable


class ExitCode(IntEnum):
    OK = 0
    DATA_REFUSED = 1
    """The data or the request was refused (validation, duplicates, conflicts, permissions)."""
    USAGE_ERROR = 2
    INFRASTRUCTURE = 3
    """Something outside the data failed (the database, a crashed step); nothing was written, retrying is safe."""


def print_json(document: Any) -> None:
    typer.echo(json.dumps(to_jsonable(document), indent=2, sort_keys=False))


def fail(message: str, code: ExitCode = ExitCode.DATA_REFUSED) -> NoReturn:
    """Print ``message`` to stderr and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(int(code))


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
