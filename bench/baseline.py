"""The naive way to do the same import, timed for comparison (runs inside a child process).

pandas reads the file (openpyxl for xlsx), a Python function coerces and checks
each row, and the ORM adds one object per row (updating the stored ones found
by a single name query) before one commit. No changeset, no audit, no preview:
the baseline does less than our pipeline, never more.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from bench.cpu_files import SHEET_NAME
from dealbrain.db.engine import make_engine, transaction
from dealbrain.db.entity_tables import ENTITY_MODELS

_MISSING = {"", "na", "n/a", "-", "none", "null", "nan"}
_RANGES = {"cores": (1, 1024), "threads": (1, 4096), "tdp_w": (0, 1000), "release_year": (1970, 2100)}


def read_frame(file: Path) -> pd.DataFrame:
    """The file as pandas reads it: openpyxl for a workbook (title and blank rows skipped), text for a CSV."""
    if file.suffix == ".xlsx":
        return pd.read_excel(file, sheet_name=SHEET_NAME, engine="openpyxl", skiprows=2, dtype=object)
    return pd.read_csv(file, dtype=str, keep_default_na=False)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return None if text.lower() in _MISSING else text


def _number(value: Any, unit: str = "") -> float | None:
    text = _text(value)
    if text is None:
        return None
    text = text.replace(",", "").replace("$", "")
    if unit and text.lower().endswith(unit):
        text = text[: -len(unit)].strip()
    return float(text)


def _whole(value: Any) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def coerce_row(row: dict[str, Any]) -> dict[str, Any]:
    """One CPU row as typed column values; raises ValueError naming what is wrong."""
    record = {
        "name": _text(row["CPU Name"]),
        "manufacturer": _text(row["Manufacturer"]),
        "socket": _text(row["Socket"]),
        "cores": _whole(row["Cores"]),
        "threads": _whole(row["Threads"]),
        "tdp_w": _number(row["TDP"], unit="w"),
        "igpu_model": _text(row["iGPU"]),
        "cpu_mark_multi": _whole(row["CPU Mark"]),
        "cpu_mark_single": _whole(row["Single Thread Mark"]),
        "release_year": _whole(row["Release Year"]),
        "notes": _text(row["Notes"]),
    }
    if record["name"] is None:
        raise ValueError("the name is missing")
    for field, (low, high) in _RANGES.items():
        if record[field] is not None and not low <= record[field] <= high:
            raise ValueError(f"{field} {record[field]} is outside {low}..{high}")
    return record


def coerce_rows(frame: pd.DataFrame) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    records, failures = [], []
    for position, row in enumerate(frame.to_dict("records")):
        try:
            records.append(coerce_row(row))
        except ValueError as error:
            failures.append((position, str(error)))
    return records, failures


def write_orm(database_url: str, records: list[dict[str, Any]]) -> dict[str, int]:
    """One ORM object per row: stored names (one query) are updated, the others added; one commit."""
    model = ENTITY_MODELS["cpu"]
    engine = make_engine(database_url)
    inserted = updated = 0
    with transaction(engine) as session:
        stored = {record.name.lower(): record for record in session.scalars(select(model))}
        for values in records:
            found = stored.get(values["name"].lower())
            if found is None:
                session.add(model(**values, attributes_json={}))
                inserted += 1
                continue
            for column, value in values.items():
                if value is not None:
                    setattr(found, column, value)
            updated += 1
    engine.dispose()
    return {"inserted": inserted, "updated": updated}


def run_baseline(file: Path, database_url: str | None) -> dict[str, Any]:
    """Read, coerce and (with a database) write ``file`` the naive way, timing each phase."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    frame = read_frame(file)
    timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    records, failures = coerce_rows(frame)
    timings["coerce"] = time.perf_counter() - started
    outcome: dict[str, Any] = {"timings": timings, "rows": len(records), "failures": len(failures)}
    if database_url:
        started = time.perf_counter()
        outcome["write_counts"] = write_orm(database_url, records)
        timings["write"] = time.perf_counter() - started
    return outcome
