"""Generated CPU files for the benchmark: real PassMark names made unique, values as messy as real exports.

Every row is valid once coerced ("13,875" -> 13875, "65 W" -> 65.0, "NA" -> missing),
so a preview of any generated file can be committed.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

GENERATOR_VERSION = 2
"""Bump when the generated content changes, so cached files are not reused."""
SHEET_NAME = "CPUs"
HEADERS = [
    "CPU Name", "Manufacturer", "Socket", "Cores", "Threads", "TDP", "iGPU",
    "CPU Mark", "Single Thread Mark", "Release Year", "Notes",
]
TITLE_ROW = ["Deal Brain CPU export (benchmark)"]
_MANUFACTURERS = (("intel", "Intel"), ("amd", "AMD"), ("apple", "Apple"), ("qualcomm", "Qualcomm"), ("snapdragon", "Qualcomm"))


@dataclass(frozen=True)
class BaseCpu:
    """One PassMark entry, its numbers already parsed."""

    name: str
    manufacturer: str | None
    socket: str | None
    cores: int | None
    threads: int | None
    tdp_w: float | None
    cpu_mark: int | None
    single_mark: int | None
    release_year: int | None
    category: str | None


def _number(text: Any) -> float | None:
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return None


def _whole(text: Any) -> int | None:
    value = _number(text)
    return int(value) if value is not None else None


def _manufacturer(name: str) -> str | None:
    lowered = name.lower()
    return next((label for token, label in _MANUFACTURERS if token in lowered), None)


def load_base_cpus(path: Path) -> list[BaseCpu]:
    """The PassMark CPU list (``{"data": [...]}``) as parsed base records."""
    entries = json.loads(path.read_text(encoding="utf-8"))["data"]
    cpus = []
    for entry in entries:
        cores = _whole(entry.get("cores"))
        per_core = _whole(entry.get("logicals")) or 1
        year = _whole(str(entry.get("date", "")).split(" ")[-1])
        tdp = _number(entry.get("tdp"))
        cpus.append(
            BaseCpu(
                name=" ".join(str(entry["name"]).split()),
                manufacturer=_manufacturer(str(entry["name"])),
                socket=None if entry.get("socket") in (None, "Unknown", "NA") else entry["socket"],
                cores=cores if cores and 1 <= cores <= 1024 else None,
                threads=cores * per_core if cores and 1 <= cores * per_core <= 4096 else None,
                tdp_w=tdp if tdp is not None and 0 <= tdp <= 1000 else None,
                cpu_mark=_whole(entry.get("cpumark")),
                single_mark=_whole(entry.get("thread")),
                release_year=year if year and 1970 <= year <= 2100 else None,
                category=None if entry.get("cat") in (None, "Unknown") else entry["cat"],
            )
        )
    return cpus


def unique_name(base: BaseCpu, index: int) -> str:
    """Row ``index``'s CPU name: the PassMark name with a suffix no other row has."""
    return f"{base.name} #{index:07d}"


def _messy_count(value: int | None, rng: random.Random, as_text: bool) -> Any:
    if value is None:
        return rng.choice(("NA", None, "N/A"))
    if rng.random() < 0.4:
        return f"{value:,}"
    return str(value) if as_text else value


def _messy_watts(value: float | None, rng: random.Random, as_text: bool) -> Any:
    if value is None:
        return "NA"
    shown = f"{value:g}"
    choice = rng.random()
    if choice < 0.4:
        return f"{shown} W"
    if choice < 0.6:
        return f"{shown}W"
    return shown if as_text else value


def _plain(value: int | None, rng: random.Random, as_text: bool) -> Any:
    if value is None:
        return "NA" if rng.random() < 0.5 else None
    return str(value) if as_text or rng.random() < 0.3 else value


def _igpu(base: BaseCpu) -> str | None:
    if base.manufacturer == "Intel" and base.category in ("Desktop", "Laptop"):
        return "Intel UHD Graphics"
    if base.manufacturer == "AMD" and base.name.endswith("G"):
        return "AMD Radeon Graphics"
    return None


def cpu_rows(bases: list[BaseCpu], count: int, *, seed: int = 7, as_text: bool = False) -> Iterator[list[Any]]:
    """``count`` data rows (row ``i`` uses base ``i mod len(bases)``); ``as_text`` renders every cell as text."""
    rng = random.Random(seed)
    for index in range(count):
        base = bases[index % len(bases)]
        yield [
            unique_name(base, index),
            base.manufacturer if rng.random() < 0.9 else None,
            base.socket,
            _plain(base.cores, rng, as_text),
            _plain(base.threads, rng, as_text),
            _messy_watts(base.tdp_w, rng, as_text),
            _igpu(base),
            _messy_count(base.cpu_mark, rng, as_text),
            _messy_count(base.single_mark, rng, as_text),
            _plain(base.release_year, rng, as_text),
            base.category if rng.random() < 0.7 else None,
        ]


def write_xlsx(path: Path, bases: list[BaseCpu], count: int) -> Path:
    """A workbook with one CPU sheet: a title row, a blank row, the header, ``count`` rows (write-only mode)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    sheet.append(TITLE_ROW)
    sheet.append([])
    sheet.append(HEADERS)
    for row in cpu_rows(bases, count):
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part.xlsx")
    workbook.save(partial)
    partial.replace(path)
    return path


def write_csv(path: Path, bases: list[BaseCpu], count: int) -> Path:
    """A UTF-8 CSV: the header, then ``count`` rows of text cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(cpu_rows(bases, count, as_text=True))
    partial.replace(path)
    return path


def preload_rows(bases: list[BaseCpu], count: int, *, every: int = 2) -> list[dict[str, Any]]:
    """Stored CPU records for every ``every``-th generated name, with values the file will change."""
    rows = []
    for index in range(0, count, every):
        base = bases[index % len(bases)]
        rows.append(
            {
                "name": unique_name(base, index),
                "manufacturer": base.manufacturer,
                "socket": base.socket,
                "cores": base.cores,
                "threads": base.threads,
                "tdp_w": base.tdp_w,
                "igpu_model": None,
                "cpu_mark_multi": (base.cpu_mark or 0) + 1,
                "cpu_mark_single": (base.single_mark or 0) + 1,
                "release_year": base.release_year,
                "notes": "loaded before the benchmark",
                "attributes_json": {"benchmark_seed": index},
            }
        )
    return rows
