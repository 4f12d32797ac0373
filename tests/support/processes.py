"""Local processes for the tests and the benchmark: free ports, starting, killing and stopping, even on failure.

Plain Python, no pytest, so `bench/` imports it as the tests do. Every process
is started in a session (and so a process group) of its own with its output
in a log file; stopping it signals the whole group, so whatever it started
(a Celery worker's pool, the webserver and daemon of `dagster dev`) goes too.
"""

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
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_in_group(arguments: list[str], *, cwd: Path, environment: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``arguments`` as the leader of a new process group, stdout and stderr appended to ``log``."""
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and commands
            arguments, cwd=cwd, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def signal_group(process: subprocess.Popen, signum: int) -> None:
    """Send ``signum`` to the process group ``process`` leads; nothing if it is gone already."""
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def stop_group(process: subprocess.Popen, grace: float = 30.0) -> None:
    """SIGTERM the group, wait up to ``grace`` seconds for its leader, then SIGKILL what is left of the group."""
    signal_group(process, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    signal_group(process, signal.SIGKILL)
    process.wait(timeout=10)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc: Linux only)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields_after_name = stat.rsplit(")", 1)[1].split()
        if int(fields_after_name[1]) == pid:
            children.append(int(entry.name))
    return children


def http_ok(url: str) -> bool:
    """Whether ``url`` answers 200 within two seconds."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a local server we started
            return response.status == 200
    except OSError:
        return False


def command_ok(arguments: list[str], environment: dict[str, str], cwd: Path) -> bool:
    """Whether ``arguments`` exits 0 within a minute."""
    completed = subprocess.run(arguments, env=environment, cwd=cwd, capture_output=True, check=False, timeout=60)  # noqa: S603
    return completed.returncode == 0


@dataclass
class Services:
    """Named long-running processes for one test, each in its own process group, with its output in ``logs/NAME.log``."""

    logs: Path
    environment: dict[str, str]
    cwd: Path
    started: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    def start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        process = start_in_group(arguments, cwd=self.cwd, environment=self.environment, log=self.logs / f"{name}.log")
        self.started.append((name, process))
        return process

    def process(self, name: str) -> subprocess.Popen:
        return next(process for started, process in self.started if started == name)

    def kill(self, name: str) -> None:
        """SIGKILL the whole group of ``name`` at once (no shutdown of any kind) and forget it."""
        process = self.process(name)
        signal_group(process, signal.SIGKILL)
        process.wait(timeout=10)
        self.started.remove((name, process))

    def run(self, name: str, arguments: list[str], timeout: float = 120.0) -> str:
        """Run a command to completion in the same environment; its output, or a failure showing it."""
        completed = subprocess.run(arguments, cwd=self.cwd, env=self.environment, capture_output=True, text=True,  # noqa: S603
                                   timeout=timeout, check=False)
        (self.logs / f"{name}.log").write_text(completed.stdout + completed.stderr)
        assert completed.returncode == 0, f"{name} exited with {completed.returncode}:\n{completed.stdout}{completed.stderr}"
        return completed.stdout

    def log_of(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_until(self, what: str, ready: Callable[[], bool], timeout: float = 120.0, interval: float = 0.5) -> None:
        """Poll ``ready`` until it holds; fail with the log of whatever died, or say what never became ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.started:
                if process.poll() is not None:
                    raise AssertionError(f"{name} exited with {process.returncode} while waiting for {what}:\n{self.log_of(name)[-4000:]}")
            if ready():
                return
            time.sleep(interval)
        raise AssertionError(f"{what} was not ready after {timeout:.0f} s")

    def stop_all(self) -> None:
        """SIGTERM every group started here, newest first; SIGKILL what is still there after 20 s."""
        for _, process in reversed(self.started):
            signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for _, process in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
        for _, process in self.started:
            signal_group(process, signal.SIGKILL)  # children left behind in the group (celery's pool)


@contextmanager
def running_services(logs: Path, environment: dict[str, str], cwd: Path) -> Iterator[Services]:
    """Services started inside the block are all stopped when it ends, however it ends."""
    services = Services(logs, environment, cwd)
    try:
        yield services
    finally:
        services.stop_all()
