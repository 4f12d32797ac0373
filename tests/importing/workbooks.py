"""Writing real xlsx and csv files for the import tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]

CPU_HEADER = ["CPU Name", "Manufacturer", "Cores", "Threads", "TDP", "CPU Mark", "Single Thread Mark", "Release Year"]
CPU_ROWS = [
    ["Intel Core i7-8700", "Intel", 6, 12, "65 W", "13,875", 2630, 2017],
    ["AMD Ryzen 5 5600G", "AMD", "6", "12", "65W", 20650, "3,215", 2021],
    ["Intel Core i5-12400", "Intel", 6, 12, 65, "19,531", "3,480", 2022],
]
GPU_HEADER = ["GPU Name", "Manufacturer", "G3D Mark"]
GPU_ROWS = [["NVIDIA GeForce RTX 3060", "NVIDIA", "19,000"], ["AMD Radeon RX 6600", "AMD", 16500]]
LISTING_HEADER = ["Title", "Price", "Condition", "CPU", "GPU", "RAM", "Storage"]
LISTING_ROWS = [
    ["OptiPlex 7060 SFF", "$320.00", "Refurb", "Intel Core i7-8700", "NVIDIA GeForce RTX 3060", "32GB", "512 GB"],
    ["Beelink SER5", "$1,064.00*", "new", "AMD Ryzen 5 5600G", None, "16 GB", "1 TB"],
]


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    """An xlsx with one sheet per entry, rows written as given (None = empty cell)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Rows, *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return f'"{text}"' if delimiter in text or '"' in text else text

    path.write_text("\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\n", encoding=encoding)
    return path


def reference_workbook(path: Path) -> Path:
    """CPUs, GPUs and listings that reference them."""
    return write_xlsx(
        path,
        {"CPUs": [CPU_HEADER, *CPU_ROWS], "GPUs": [GPU_HEADER, *GPU_ROWS], "Listings": [LISTING_HEADER, *LISTING_ROWS]},
    )
