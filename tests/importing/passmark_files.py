"""Realistic import files made from the shared PassMark scrape and the original Deal Brain templates."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from tests.importing.workbooks import write_xlsx

DATA = Path("/work/shared/data")
CPU_SHEET_HEADER = ["Name", "CPU Mark", "Single Thread Rating", "TDP", "Threads", "Cores/Threads", "Speed"]


def passmark_records(count: int) -> list[dict[str, Any]]:
    """The first ``count`` records with a CPU mark, a single-thread mark and a TDP, one per name."""
    records = json.loads((DATA / "passmark_cpus.json").read_text(encoding="utf-8"))["data"]
    chosen: dict[str, dict[str, Any]] = {}
    for record in records:
        if "NA" not in (record["cpumark"], record["thread"], record["tdp"]) and record["name"] not in chosen:
            chosen[record["name"]] = record
        if len(chosen) == count:
            break
    return list(chosen.values())


def cpu_rows(records: list[dict[str, Any]]) -> list[list[Any]]:
    """A CPU sheet as an operator writes it: the issue's loose headers over PassMark values."""
    rows = []
    for record in records:
        cores = int(record["cores"])
        threads = cores * int(record["logicals"])
        rows.append([record["name"], record["cpumark"], record["thread"], record["tdp"], threads, f"{cores}/{threads}", record["speed"]])
    return [CPU_SHEET_HEADER, *rows]


def listing_template() -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / "dealbrain_templates" / "listing.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def listing_rows(cpu_names: list[str], conditions: list[str], extra: dict[str, list[str]] | None = None) -> list[list[Any]]:
    """Listings in the template's columns (JSON columns left out), one per condition, naming the given CPUs."""
    header, [template] = listing_template()
    kept = [name for name in header if name not in {"attributes", "components", "other_components", "gpu_name"}]
    extra = extra or {}
    rows = []
    for index, condition in enumerate(conditions):
        row = dict(template) | {"title": f"{template['title']} #{index + 1}", "condition": condition,
                                "cpu_name": cpu_names[index % len(cpu_names)]}
        rows.append([row[name] for name in kept] + [values[index] for values in extra.values()])
    return [[*kept, *extra], *rows]


def passmark_workbook(path: Path, cpus: int = 40, conditions: list[str] | None = None, extra: dict[str, list[str]] | None = None) -> Path:
    records = passmark_records(cpus)
    sheets: dict[str, list[list[Any]]] = {"CPUs": cpu_rows(records)}
    if conditions:
        sheets["Listings"] = listing_rows([r["name"] for r in records], conditions, extra)
    return write_xlsx(path, sheets)
