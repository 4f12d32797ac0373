"""Realistic workbooks made from the PassMark scrape in ../shared/data: the data, and what people add around it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.importing.workbooks import write_xlsx

PASSMARK = Path("/work/shared/data/passmark_cpus.json")
TEMPLATES = Path("/work/shared/data/dealbrain_templates")
COLUMNS = ["name", "cpumark", "thread", "tdp", "socket", "cores"]
SHEET = "PassMark CPUs"
FOOTER = "Source: cpubenchmark.net, scraped Aug 2025"
IGNORED: dict[str, dict[str, str | None]] = {}


def passmark_rows(count: int, *, skip_names: set[str] = frozenset()) -> list[list[Any]]:
    """The first ``count`` PassMark CPUs with unique names (none of ``skip_names``), as sheet rows."""
    records = json.loads(PASSMARK.read_text(encoding="utf-8"))["data"]
    rows, seen = [], {name.lower() for name in skip_names}
    for record in records:
        name = record["name"].strip()
        if name.lower() in seen or "@" in name:
            continue
        seen.add(name.lower())
        rows.append([record.get(column) for column in COLUMNS])
        if len(rows) == count:
            break
    return rows


def passmark_with_extras(path: Path, count: int = 240) -> tuple[Path, dict[str, int]]:
    """PassMark CPUs with a repeated header after the first 100 (or half), then a totals row, a blank row and the footer.

    Returns the file and the sheet row number of each extra (``header``, ``total``, ``footer``).
    """
    data = passmark_rows(count)
    split = min(100, len(data) // 2)
    rows: list[list[Any]] = [COLUMNS, *data[:split], COLUMNS, *data[split:]]
    header_row = 1 + split + 1
    cores = sum(int(r[5]) for r in data if str(r[5]).isdigit())
    rows += [["Total", "1,234,567", None, None, None, cores], [None] * 6, [FOOTER, *([None] * 5)]]
    total_row = 1 + len(data) + 1 + 1
    footer_row = total_row + 2
    return write_xlsx(path, {SHEET: rows}), {"header": header_row, "total": total_row, "footer": footer_row}
