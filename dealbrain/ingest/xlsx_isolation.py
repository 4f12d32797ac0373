"""Running the native xlsx reader in a limited child process, so its failures become refusals.

calamine aborts the whole process when an allocation fails, and a reader
that runs away with memory or CPU would take the importer (or the server
hosting it) down with it. Each workbook is read in a child of
``xlsx_reader_server`` with an address-space limit, a CPU-time limit and a
wall-clock deadline; whatever ends it early is reported as a
``FileRejected`` naming the file and saying what to do. Sheets come back
as Arrow IPC frames (see ``sheet_transfer``), never as pickles.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.raw_sheet import RawSheet
from dealbrain.ingest.reader_server_client import ChildUsage, XlsxReaderFailed, reader_server
from dealbrain.ingest.sheet_transfer import read_reply, rebuild_refusal

RUNTIME_ADDRESS_SPACE_BYTES = 1024 * 1024 * 1024
"""Address space the interpreter, polars and the reader hold before reading anything."""
_SPLIT = "split the data into smaller workbooks, or save the sheet as CSV and upload that"
_ALLOCATION_FAILED = "memory allocation of"

last_child_usage: ChildUsage | None = None
"""How the most recent reading child ended and what it used; None before the first one."""


def read_in_child(path: Path, file: str, limits: ReadLimits, cancel: threading.Event | None = None) -> list[RawSheet]:
    """Read every sheet of the workbook in a limited child process (killed once ``cancel`` is set)."""
    global last_child_usage
    folder = Path(tempfile.mkdtemp(prefix="dealbrain-xlsx-"))
    try:
        job = {
            "path": str(Path(path).resolve()),
            "file": file,
            "limits": asdict(limits),
            "address_space_bytes": limits.max_parse_memory_bytes + RUNTIME_ADDRESS_SPACE_BYTES,
            "cpu_seconds": limits.max_parse_seconds,
            "reply_path": str(folder / "reply"),
            "stderr_path": str(folder / "stderr"),
        }
        usage = reader_server().run(job, deadline_seconds=2 * limits.max_parse_seconds + 5, cancel=cancel)
        last_child_usage = usage
        errors = _text(folder / "stderr")
        if usage.timed_out or usage.exit == -signal.SIGXCPU:
            raise _too_slow(file, limits)
        reply = folder / "reply"
        if usage.exit != 0 or not reply.exists():
            raise _ended_early(file, limits, usage.exit, errors)
        meta, sheets = _parse_reply(reply.read_bytes(), file)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    outcome = meta.get("outcome")
    if outcome == "sheets":
        return sheets
    if outcome == "refused":
        raise rebuild_refusal(meta["refusal"])
    if outcome == "out_of_memory":
        raise _out_of_memory(file, limits, "it ran out of memory")
    raise XlsxReaderFailed(f"the xlsx reader failed on {file!r}: {meta.get('error', outcome)}")


def _parse_reply(data: bytes, file: str) -> tuple[dict, list[RawSheet]]:
    try:
        return read_reply(data)
    except (ValueError, KeyError, TypeError) as error:
        raise XlsxReaderFailed(f"the xlsx reader's reply for {file!r} cannot be used: {error}") from None


def _text(path: Path) -> str:
    try:
        return path.read_bytes()[-64_000:].decode("utf-8", "replace")
    except OSError:
        return ""


def _ended_early(file: str, limits: ReadLimits, status: int, errors: str) -> FileRejected:
    memory_lines = [line for line in errors.splitlines() if _ALLOCATION_FAILED in line or "MemoryError" in line]
    if memory_lines:
        return _out_of_memory(file, limits, _allocation_detail(memory_lines[0]))
    cause = f"signal {signal.Signals(-status).name}" if status < 0 else f"exit status {status}"
    lines = [line.strip() for line in errors.splitlines() if line.strip()]
    last = lines[-1][:200] if lines else "no message"
    return FileRejected(
        f"the workbook stopped the spreadsheet reader ({cause}: {last})",
        reason="reader_crashed",
        fix="open it in Excel, save it again as .xlsx and upload that copy; if that fails too, "
        "save the sheet as CSV and upload that",
        file=file,
    )


def _allocation_detail(line: str) -> str:
    number = next((word for word in line.split() if word.isdigit()), None)
    if number is None:
        return "it ran out of memory"
    return f"it asked for {_size(int(number))} at once"


def _size(count: int) -> str:
    if count >= 1 << 30:
        return f"{count / (1 << 30):,.1f} GB"
    return f"{count / (1 << 20):,.1f} MB"


def _out_of_memory(file: str, limits: ReadLimits, detail: str) -> FileRejected:
    return FileRejected(
        f"reading the workbook needed more than the {_size(limits.max_parse_memory_bytes)} "
        f"of memory allowed ({detail}), so it was stopped",
        reason="reader_crashed",
        fix=f"this usually means values far from the data or a text repeated in very many cells; {_SPLIT}",
        file=file,
    )


def _too_slow(file: str, limits: ReadLimits) -> FileRejected:
    return FileRejected(
        f"reading the workbook took more than the {limits.max_parse_seconds:,} "
        f"second{'' if limits.max_parse_seconds == 1 else 's'} of processor time allowed, so it was stopped",
        reason="too_slow",
        fix=_SPLIT,
        file=file,
    )


__all__ = ["ChildUsage", "XlsxReaderFailed", "last_child_usage", "read_in_child"]
