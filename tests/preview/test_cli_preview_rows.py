"""`importer import --json --rows N` and its text form show the planned records, the rows left out, the likely duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliInvoke
from tests.importing.workbooks import write_xlsx
from tests.preview.passmark_files import COLUMNS, FOOTER, PASSMARK, SHEET, TEMPLATES, passmark_rows, passmark_with_extras

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not PASSMARK.exists(), reason="../shared/data is not beside the checkout")]


def test_json_rows_limits_the_planned_rows_and_reports_what_was_left_out(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    path, extras = passmark_with_extras(tmp_path / "passmark.xlsx", count=30)

    result = cli("import", str(path), "--declare", f"{SHEET}=cpu", "--json", "--rows", "4")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    inserts = summary["planned_rows"]["cpu"]["insert"]
    expected = passmark_rows(30)
    assert (inserts["total"], inserts["shown"]) == (30, 4)
    assert [row["name"] for row in inserts["rows"]] == [row[0] for row in expected[:4]]
    assert inserts["rows"][0]["cpu_mark_multi"] == int(expected[0][1].replace(",", ""))
    assert inserts["rows"][0]["row"] == 2 and inserts["rows"][0]["sheet"] == SHEET
    left_out = summary["left_out_rows"]
    assert [(row["row"], row["reason"]) for row in left_out["rows"]] == [
        (extras["header"], "repeats the header"), (extras["total"], "a totals row"), (extras["footer"], "a note, not a record"),
    ]
    assert left_out["rows"][2]["text"] == FOOTER


def test_text_shows_the_first_rows_and_the_near_duplicates(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    assert cli("import", str(TEMPLATES / "cpu.csv"), "--declare", "cpu", "--commit").exit_code == 0
    clocked = ["Intel Core i7-8700 @ 3.20GHz", "12,739", "2,626", "65", "FCLGA1151-2", "6"]
    path = write_xlsx(tmp_path / "p.xlsx", {SHEET: [COLUMNS, *passmark_rows(6), clocked]})

    blocked = cli("import", str(path), "--declare", f"{SHEET}=cpu", "--rows", "2")

    assert blocked.exit_code == 1
    assert "cpu: 7 to insert:" in blocked.output and "… and 5 more" in blocked.output
    assert "Likely duplicates of stored records (1" in blocked.output
    assert "Intel Core i7-8700 @ 3.20GHz" in blocked.output and "undecided (blocks)" in blocked.output

    config = tmp_path / "decide.yaml"
    config.write_text(yaml.safe_dump({"near_duplicate_decisions": [
        {"entity": "cpu", "name": clocked[0], "decision": "update"},
    ]}))
    decided = json.loads(cli("import", str(path), "--declare", f"{SHEET}=cpu", "--config", str(config), "--json").stdout)
    assert decided["status"] == "previewed"
    update = decided["planned_rows"]["cpu"]["update"]["rows"]
    assert [(row["name"], row["row"]) for row in update] == [("Intel Core i7-8700", 8)]
    assert "cpu_mark_multi: 13875 -> 12739" in update[0]["changes"]
