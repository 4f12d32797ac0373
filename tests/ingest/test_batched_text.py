"""A large CSV read in batches: a record past the file's first part that is wider than it is refused with its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealbrain.ingest import FileRejected, ReadLimits
from dealbrain.ingest.batched_text import HEAD_BYTES, read_delimited_in_batches

LIMITS = ReadLimits(batch_above_bytes=1, batch_rows=10_000, batch_block_bytes=100_000)
ROWS = 150_000
"""Enough rows of ``name,cores,notes`` to pass the first part (``HEAD_BYTES``) by far."""


def _write(path: Path, late_line: str, at: int) -> Path:
    """A file of ``ROWS`` plain records with ``late_line`` written as line ``at`` (the header is line 1)."""
    lines = ["name,cores,notes", *(f"CPU {index},{index % 16},note {index}" for index in range(ROWS))]
    lines.insert(at - 1, late_line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2 * HEAD_BYTES and len("\n".join(lines[:at]).encode()) > HEAD_BYTES
    return path


def _read_all(path: Path) -> int:
    workbook = read_delimited_in_batches(path, path.name, "csv", LIMITS)
    assert workbook is not None
    return sum(batch.height for batch in workbook.sheets[0].batches)


def test_a_late_record_wider_than_the_first_part_is_refused_with_its_row(tmp_path: Path) -> None:
    path = _write(tmp_path / "wide.csv", "Wide CPU,8,has,two extras", at=100_002)
    with pytest.raises(FileRejected) as refused:
        _read_all(path)
    assert (refused.value.reason, refused.value.row) == ("wider_than_header", 100_002)
    assert "4 values, more than the 3 columns" in str(refused.value)
    assert "Put quotes around a value that holds the separator" in str(refused.value)


def test_a_late_record_spanning_lines_before_the_wide_one_keeps_the_row_right(tmp_path: Path) -> None:
    lines = ["name,cores,notes", *(f"CPU {index},{index % 16},note {index}" for index in range(ROWS))]
    lines.insert(90_000, 'Quoted CPU,4,"two\nlines, and a comma"')
    lines.insert(100_000, "Wide CPU,8,has,two extras")  # line 100,002: the quoted record above takes two lines
    path = tmp_path / "spanning.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileRejected) as refused:
        _read_all(path)
    assert refused.value.row == 100_002


def test_a_late_value_holding_the_separator_in_quotes_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "quoted.csv", 'Quoted CPU,8,"has, a comma"', at=100_002)
    assert _read_all(path) == ROWS + 1
