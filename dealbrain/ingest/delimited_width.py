"""How many columns a delimited text file needs, without letting one absurd line exhaust memory.

polars needs the width up front: records wider than the first one are an
error, and title lines above the header are narrower than the data. The
width is taken from a sample and, if a later record turns out wider, from
the whole file.
"""

from __future__ import annotations

import csv
import io
import re

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.limits import ReadLimits

RAW_WIDTH_FACTOR = 10
"""Raw records may have this many times ``max_columns`` fields (empty columns are dropped later)."""
_QUOTED_FIELD = re.compile(rb'"(?:[^"]|"")*"')


def widest_in_sample(sample: str, delimiter: str, limits: ReadLimits, file: str) -> int:
    """The most fields in any record of the sample (at least 1), read with the csv module."""
    widest = 1
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    try:
        for record in reader:
            if len(record) > widest:
                widest = len(record)
                _check_width(widest, reader.line_num, limits, file)
    except csv.Error:
        pass
    return widest


def widest_in_file(data: bytes, delimiter: str, limits: ReadLimits, file: str) -> int:
    """An upper bound on the fields per record across the whole file.

    Separators are counted per line; lines over the limit are counted again
    with quoted text removed, so commas inside quotes do not refuse a file.
    Extra columns this bound may add stay empty and are dropped later.
    """
    separator = delimiter.encode("utf-8")
    limit = limits.max_columns * RAW_WIDTH_FACTOR
    widest = 1
    for number, line in enumerate(data.split(b"\n"), start=1):
        fields = line.count(separator) + 1
        if fields > limit:
            fields = _QUOTED_FIELD.sub(b"", line).count(separator) + 1
            _check_width(fields, number, limits, file)
        widest = max(widest, fields)
    return widest


def first_record_wider_than(data: bytes, delimiter: str, width: int) -> tuple[int, int] | None:
    """The first record of ``data`` with more than ``width`` fields: the line it starts on (1: the first) and its field count."""
    text = io.StringIO(data.decode("utf-8", errors="replace"), newline="")
    reader = csv.reader(text, delimiter=delimiter, quotechar='"', strict=False)
    start = 1
    for record in reader:
        if len(record) > width:
            return start, len(record)
        start = reader.line_num + 1
    return None


def _check_width(fields: int, line: int, limits: ReadLimits, file: str) -> None:
    limit = limits.max_columns * RAW_WIDTH_FACTOR
    if fields > limit:
        raise FileRejected(
            f"the line has {fields:,} values; at most {limit:,} can be read "
            f"(and at most {limits.max_columns:,} columns with data)",
            reason="too_many_columns",
            fix="check that the file really is CSV/TSV with one record per line, "
            "and remove columns that are not needed",
            file=file,
            row=line,
        )
