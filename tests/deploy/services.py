"""Starting the deployment's processes for a test and stopping every one of them, even on failure."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Services:
    """The processes started for one test, each in its own process group, with its output in a log file."""

    logs: Path
    environment: dict[str, str]
    cwd: Path
    started: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    def start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            arguments, cwd=self.cwd, env=self.environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process))
        return process

    def run(self, name: str, arguments: list[str], timeout: float = 120.0) -> str:
        """Run a command to completion in the same environment; its output, or a failure showing it."""
        completed = subprocess.run(arguments, cwd=self.cwd, env=self.environment, capture_output=True, text=True,
                                   timeout=timeout, check=False)
        (self.logs / f"{name}.log").write_text(completed.stdout + completed.stderr)
        assert completed.returncode == 0, f"{name} exited with {completed.returncode}:\n{completed.stdout}{completed.stderr}"
        return completed.stdout

    def log_of(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_until(self, what: str, ready: Callable[[], bool], timeout: float = 120.0) -> None:
        """Poll ``ready`` until it holds; fail with the logs of whatever died or the one that was awaited."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.started:
                if process.poll() is not None:
                    raise AssertionError(f"{name} exited with {process.returncode} while waiting for {what}:\n{self.log_of(name)[-4000:]}")
            if ready():
                return
            time.sleep(0.5)
        raise AssertionError(f"{what} was not ready after {timeout:.0f} s")

    def stop_all(self) -> None:
        """SIGTERM every process group started here, newest first; SIGKILL what is still there after 20 s."""
        for _, process in reversed(self.started):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for _, process in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
        for _, process in self.started:
            _signal_group(process, signal.SIGKILL)  # children left behind in the group (celery's pool)


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


@contextmanager
def running_services(logs: Path, environment: dict[str, str], cwd: Path) -> Iterator[Services]:
    services = Services(logs, environment, cwd)
    try:
        yield services
    finally:
        services.stop_all()


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def command_ok(arguments: list[str], environment: dict[str, str], cwd: Path) -> bool:
    completed = subprocess.run(arguments, env=environment, cwd=cwd, capture_output=True, check=False, timeout=60)
    return completed.returncode == 0
