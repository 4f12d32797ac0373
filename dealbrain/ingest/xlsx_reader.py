"""Reading an uploaded xlsx: checks that need no native code here, the native reading in a child.

The container is checked first (password protection, legacy .xls, zip
bombs, damage). Then the workbook is read in a child process with memory and
CPU limits, so a reader that aborts or runs out of memory costs a refusal
instead of the whole process. While the child reads, this process counts
every sheet's real cells and text from its streamed XML and budgets them:
both take about as long, so they run side by side. The counts have the last
word: when they refuse the workbook, the child is killed and the refusal
says what the counts found, whatever the child was doing.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dealbrain.ingest.file_kind import is_ole2, read_signature, reject_ole2
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.raw_sheet import RawSheet
from dealbrain.ingest.sheet_budget import check_sheet_budgets
from dealbrain.ingest.xlsx_isolation import read_in_child
from dealbrain.ingest.zip_guard import check_xlsx_container


def read_xlsx_sheets(path: Path, file: str, limits: ReadLimits) -> list[RawSheet]:
    """Every sheet of the workbook, in workbook order, each shaped into a ``RawSheet``."""
    if is_ole2(read_signature(path)):
        raise reject_ole2(path, file)
    check_xlsx_container(path, limits, file)
    cancel = threading.Event()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx-child") as pool:
        reading = pool.submit(read_in_child, path, file, limits, cancel)
        try:
            check_sheet_budgets(path, limits, file)
        except BaseException:
            cancel.set()  # leaving the block waits for the killed child, a moment
            raise
        return reading.result()
