"""`importer import` shows the column mapping, names every column left out, and accepts suggestions by flag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CliInvoke
from tests.importing.passmark_files import cpu_rows, passmark_records, passmark_workbook
from tests.importing.workbooks import write_xlsx

pytestmark = pytest.mark.slow


def _buckets(summary: dict, sheet: str) -> dict[str, dict[str, dict]]:
    [mapping] = [m for m in summary["mapping"] if m["sheet"] == sheet]
    return {bucket: {c["column"]: c for c in mapping[bucket]} for bucket in ("mapped", "suggested", "new", "ignored")}


def test_json_and_text_carry_the_buckets_and_the_unloaded_columns(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    path = passmark_workbook(tmp_path / "cpus.xlsx", cpus=30)

    as_json = cli("import", str(path), "--json")
    assert as_json.exit_code == 0, as_json.output
    summary = json.loads(as_json.stdout)
    buckets = _buckets(summary, "CPUs")
    assert set(buckets["mapped"]) == {"Name", "CPU Mark", "TDP", "Threads"}
    assert buckets["mapped"]["TDP"] | {"samples": None} == {
        "column": "TDP", "bucket": "mapped", "field": "tdp_w", "confidence": 1.0, "loaded": True,
        "rationale": "'TDP' matches field 'tdp_w' via its alias 'tdp' exactly", "samples": None,
    }
    rating = buckets["suggested"]["Single Thread Rating"]
    assert (rating["field"], rating["loaded"]) == ("cpu_mark_single", False) and "fit: " in rating["rationale"]
    assert buckets["suggested"]["Cores/Threads"]["field"] == "cores"
    assert set(buckets["new"]) == {"Speed"}
    assert {row["column"] for row in summary["unloaded_columns"]} == {"Single Thread Rating", "Cores/Threads", "Speed"}

    text = cli("import", str(path))
    assert text.exit_code == 0, text.output
    out = text.output
    assert "Mapping of sheet 'CPUs' -> cpu:" in out
    for title in ("Mapped:", "Suggested:", "New (not loaded):"):
        assert title in out
    assert "COLUMN" in out and "TARGET" in out and "CONFIDENCE" in out and "RATIONALE" in out
    assert "cpu_mark_single (awaiting acceptance)" in out
    for column in ("Single Thread Rating", "Cores/Threads", "Speed"):
        assert f"Warning: column '{column}' of sheet 'CPUs' will not be loaded:" in out


def test_accept_suggestions_flag_loads_the_suggested_columns(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    records = passmark_records(20)
    rows = [[cell for index, cell in enumerate(row) if index != 5] for row in cpu_rows(records)]  # without Cores/Threads
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows})
    result = cli("import", str(path), "--accept-suggestions", "--commit", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    mapped = _buckets(summary, "CPUs")["mapped"]
    assert mapped["Single Thread Rating"]["field"] == "cpu_mark_single"
    assert mapped["Single Thread Rating"]["rationale"].startswith("suggestion accepted by operator")
    assert [row["column"] for row in summary["unloaded_columns"]] == ["Speed"]
    assert summary["counts"]["cpu"]["inserted"] == 20


def test_unknown_choice_values_and_duplicates_are_shown_as_the_policy_treats_them(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    path = passmark_workbook(tmp_path / "deals.xlsx", cpus=3, conditions=["Refurbished (Grade A)"] * 12 + ["used"])
    blocked = cli("import", str(path))
    assert blocked.exit_code == 1
    assert "Choice values matching no option" in blocked.output
    assert "Refurbished (Grade A)  12    refurb" in blocked.output

    rows = cpu_rows(passmark_records(2))
    dupes = write_xlsx(tmp_path / "dupes.xlsx", {"CPUs": [*rows, rows[1]]})
    error = cli("import", str(dupes))
    assert "(on_duplicate: error)" in error.output and "blocks" in error.output and "kept" not in error.output.split("Duplicates:")[1].split("\n\n")[0]
    assert "DUPLICATES_BLOCKING" in error.output and "DUPLICATES_DROPPED" not in error.output
    first = cli("import", str(dupes), "--on-duplicate", "first")
    assert "(on_duplicate: first)" in first.output and "dropped" in first.output
    assert "DUPLICATES_DROPPED" in first.output and "DUPLICATES_BLOCKING" not in first.output
