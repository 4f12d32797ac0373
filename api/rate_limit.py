"""Slowing down token guessing: failed tokens are counted per client address, in memory.

The count lives in the serving process only (it resets on restart and is not
shared between several server processes): enough to make guessing a 256-bit
token from one address pointless, not a defence against a distributed attack.
Put a reverse proxy with its own limits in front for that.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

MAX_FAILURES = 10
WINDOW_SECONDS = 60.0


class FailedTokenLimiter:
    """At most ``max_failures`` failed tokens per address within ``window`` seconds."""

    def __init__(
        self, max_failures: int = MAX_FAILURES, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max = max_failures
        self._window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, address: str) -> deque[float]:
        failures = self._failures.setdefault(address, deque())
        horizon = self._clock() - self._window
        while failures and failures[0] < horizon:
            failures.popleft()
        return failures

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again, or None while it is under the limit."""
        with self._lock:
            failures = self._recent(address)
            if len(failures) < self._max:
                return None
            return max(1, int(failures[0] + self._window - self._clock()) + 1)

    def record_failure(self, address: str) -> None:
        with self._lock:
            self._recent(address).append(self._clock())
