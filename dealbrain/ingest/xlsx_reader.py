"""Reading an uploaded xlsx: checks that need no native code here, the native reading in a child.

The container is checked first (password protection, legacy .xls, zip
bombs, damage), then every sheet's real cells and text are counted and
budgeted from its streamed XML, and only then is the workbook read, in a
child process with memory and CPU limits, so a reader that aborts or runs
out of memory costs a refusal instead of the whole process.
"""

from __future__ import annotations

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
    check_sheet_budgets(path, limits, file)
    return read_in_child(path, file, limits)
