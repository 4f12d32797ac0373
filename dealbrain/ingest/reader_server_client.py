"""Talking to ``xlsx_reader_server``: started once per process, restarted if it dies.

One request is served at a time (a lock orders threads). The answer comes
with a wall-clock deadline: past it, the reading child is killed and the
answer says so.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from dealbrain.ingest.sheet_transfer import read_frame, write_frame

_COMMAND = [sys.executable, "-m", "dealbrain.ingest.xlsx_reader_server"]
CANCEL_POLL_SECONDS = 0.02
"""How often a cancellable read looks whether it was cancelled."""


class XlsxReaderFailed(RuntimeError):
    """The reading machinery failed in a way no upload should cause: a bug or a broken install."""


@dataclass(frozen=True)
class ChildUsage:
    """How one reading child ended and the resources it used, measured by ``wait4``."""

    exit: int
    """Exit status; a negative number is the signal that ended the child."""
    peak_rss_bytes: int
    cpu_seconds: float
    timed_out: bool = False


class ReaderServer:
    """A running ``xlsx_reader_server`` and the pipes to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def run(self, job: dict[str, Any], *, deadline_seconds: float, cancel: threading.Event | None = None) -> ChildUsage:
        """Have a child do ``job``; its usage once it has ended (killed past the deadline, or once ``cancel`` is set)."""
        with self._lock:
            process = self._running()
            try:
                write_frame(process.stdin, json.dumps(job).encode("utf-8"))
                process.stdin.flush()
                started = self._answer(process)
                timed_out = self._wait_or_kill(process, int(started["started"]), deadline_seconds, cancel)
                answer = self._answer(process)
            except (OSError, ValueError, XlsxReaderFailed):
                self._stop()
                raise XlsxReaderFailed("the xlsx reader process stopped unexpectedly") from None
        return ChildUsage(int(answer["exit"]), int(answer["peak_rss_bytes"]), float(answer["cpu_seconds"]), timed_out)

    @staticmethod
    def _wait_or_kill(process: subprocess.Popen[bytes], child: int, deadline_seconds: float,
                      cancel: threading.Event | None) -> bool:
        """Wait for the child's answer; kill the child past the deadline (True) or when cancelled (False)."""
        deadline = time.monotonic() + deadline_seconds
        while True:
            remaining = deadline - time.monotonic()
            slice_seconds = remaining if cancel is None else min(remaining, CANCEL_POLL_SECONDS)
            if remaining > 0 and select.select([process.stdout], [], [], max(slice_seconds, 0))[0]:
                return False
            if remaining <= 0 or (cancel is not None and cancel.is_set()):
                os.kill(child, signal.SIGKILL)
                return remaining <= 0

    def start(self) -> None:
        """Start the server now, so its imports run while this process prepares the read (idempotent)."""
        with self._lock:
            self._running()

    def _answer(self, process: subprocess.Popen[bytes]) -> dict[str, Any]:
        frame = read_frame(process.stdout)
        if frame is None:
            raise XlsxReaderFailed("no answer")
        return json.loads(frame)

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        """Stop the server (it also stops by itself when this process's pipes close)."""
        with self._lock:
            self._stop()


_server = ReaderServer()
atexit.register(_server.close)


def reader_server() -> ReaderServer:
    """The process's one reader server."""
    return _server
