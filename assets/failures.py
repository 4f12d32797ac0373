"""The Dagster surface's one translator of errors a person can fix: a failed step with the message, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg

from dealbrain.errors import UserFacingError


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a `UserFacingError` into `dg.Failure` whose description is its message (retrying would not help)."""
    try:
        yield
    except UserFacingError as error:
        raise dg.Failure(description=str(error), allow_retries=False) from None
