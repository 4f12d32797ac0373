"""The process that forks one limited child per workbook: ``python -m dealbrain.ingest.xlsx_reader_server``.

Importing polars and the native reader takes longer than reading a
typical upload, so this server imports them once and then, for each request
on stdin, forks a child that limits its own address space, CPU time and
core dumps, reads the workbook and writes its reply (see ``sheet_transfer``)
to the file the request names. The server waits for the child with
``wait4`` and answers on stdout with how it ended and the memory and CPU it
used, so even a child killed by a signal is accounted for. The server runs
no polars work itself, so the child starts from a quiet process.

Requests and answers are length-prefixed JSON frames; nothing is pickled.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import Any, BinaryIO

READER_THREADS = "2"
"""Threads the native libraries may start in a child; each reserves address space."""
os.environ["POLARS_MAX_THREADS"] = READER_THREADS
os.environ["RAYON_NUM_THREADS"] = READER_THREADS

from dealbrain.ingest import sheet_transfer  # noqa: E402 - after the thread settings
from dealbrain.ingest.errors import FileRejected  # noqa: E402
from dealbrain.ingest.limits import ReadLimits  # noqa: E402
from dealbrain.ingest.xlsx_sheets import read_sheets_here  # noqa: E402


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer requests until stdin closes."""
    while True:
        request = sheet_transfer.read_frame(requests)
        if request is None:
            return
        job = json.loads(request)
        pid = os.fork()
        if pid == 0:
            _child(job)
        sheet_transfer.write_frame(answers, json.dumps({"started": pid}).encode())
        answers.flush()
        _, status, usage = os.wait4(pid, 0)
        answer = {
            "exit": os.waitstatus_to_exitcode(status),
            "peak_rss_bytes": usage.ru_maxrss * 1024,
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
        }
        sheet_transfer.write_frame(answers, json.dumps(answer).encode())
        answers.flush()


def _child(job: dict[str, Any]) -> None:
    """Read one workbook under limits and write the reply; never returns."""
    try:
        errors = os.open(job["stderr_path"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(errors, 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (job["cpu_seconds"], job["cpu_seconds"] + 5))
        resource.setrlimit(resource.RLIMIT_AS, (job["address_space_bytes"], job["address_space_bytes"]))
        with open(job["reply_path"], "wb") as reply:
            _reply(job, reply)
    except BaseException as error:  # report, then leave without running the server's cleanup
        os.write(2, f"\n{type(error).__name__}: {error}\n".encode("utf-8", "replace"))
        os._exit(70)
    os._exit(0)


def _reply(job: dict[str, Any], reply: BinaryIO) -> None:
    def peak() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    try:
        sheets = read_sheets_here(Path(job["path"]), job["file"], ReadLimits(**job["limits"]))
    except FileRejected as error:
        sheet_transfer.write_outcome(reply, "refused", peak(), refusal=sheet_transfer.refusal_fields(error))
    except MemoryError:
        sheet_transfer.write_outcome(reply, "out_of_memory", peak())
    except Exception as error:  # an unexpected failure is reported, not hidden, by the parent
        sheet_transfer.write_outcome(reply, "failed", peak(), error=f"{type(error).__name__}: {error}")
    else:
        sheet_transfer.write_sheets(reply, sheets, peak())


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
