"""A refusal from a service, shown as the sentence it carries: in a notification and in a live region."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nicegui import ui

from api.errors import ApiError
from dealbrain.errors import UserFacingError

REFUSALS = (UserFacingError, ApiError)
"""What a page shows as a sentence; anything else is a failure of the server and is raised."""
T = TypeVar("T")


def say(target: ui.label | None, message: str) -> None:
    """Put ``message`` in the page's alert line (read out by screen readers) and notify it."""
    if target is not None:
        target.text = message
    ui.notify(message, color="red-10", text_color="white", multi_line=True, close_button="OK")


def done(message: str) -> None:
    """Say that something worked (colours dark enough to read: WCAG AA)."""
    ui.notify(message, color="green-10", text_color="white")


def attempt(target: ui.label | None, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """``action(...)``'s result, or None after showing its refusal in ``target``."""
    try:
        return action(*args, **kwargs)
    except REFUSALS as refusal:
        say(target, str(refusal))
        return None
