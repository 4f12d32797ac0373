"""What the preview's materialization shows: the verdict first, then the config of the next try, no cell cut."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
import yaml
from dagster._serdes import serialize_value
from sqlalchemy import Engine

from assets.import_metadata import preview_metadata
from assets.presentation import (
    frame_table,
    records_markdown,
    records_table,
    rows_not_shown,
    split_list_column,
    with_notes,
)
from dealbrain.frames import SHEET, SOURCE_ROW
from dealbrain.importing.options import ImportOptions
from tests.support.metadata import has_row, table_rows
from tests.support.option_previews import cpus_and_listings, preview_with_options


def test_the_verdict_comes_first_and_the_next_try_is_a_valid_run_config(engine: Engine, tmp_path: Path) -> None:
    preview = preview_with_options(engine, tmp_path, "s1", file=str(cpus_and_listings(tmp_path / "in.xlsx")))
    metadata = preview_metadata(preview)

    assert list(metadata)[:3] == ["verdict", "blocking", "next_try_run_config"]
    assert metadata["verdict"].value == (
        "**Blocked.** 1 reason(s), listed in `blocking`; decide them in `open_decisions`, fill them in "
        "`next_try_run_config` and launch `import_workbook` for this session with it."
    )
    assert table_rows(metadata["blocking"]) == [{"reason": reason} for reason in preview.blocking]
    assert preview.blocking[0].startswith("1 row(s) failed validation")
    block = metadata["next_try_run_config"].value
    assert block.startswith("```yaml\n") and block.endswith("```")
    config = yaml.safe_load(block.removeprefix("```yaml\n").removesuffix("```"))
    assert ImportOptions.model_validate(config["ops"]["uploaded_workbook"]["config"]).file.endswith("in.xlsx")


def test_long_decision_cells_are_shown_in_full() -> None:
    rationale = "close to 'cpu_mark_multi' (alias 'CPU Mark', 91%) " * 6
    table = records_markdown([{"column": "CPU Mrk", "rationale": rationale}])
    assert rationale.strip() in table and "…" not in table


def test_candidate_lists_become_columns() -> None:
    frame = pl.DataFrame({"name": ["i7 8700"], "candidates": ["Intel Core i7-8700 (0.91); Intel Core i7-8700K (0.88)"]})
    split = split_list_column(frame, "candidates")
    assert split.columns == ["name", "candidate_1", "candidate_2", "candidate_3"]
    assert split.row(0) == ("i7 8700", "Intel Core i7-8700 (0.91)", "Intel Core i7-8700K (0.88)", None)


def test_a_long_rationale_survives_whole_in_a_table() -> None:
    rationale = "close to 'cpu_mark_multi' (alias 'CPU Mark', 91%) " * 40
    table = records_table([{"column": "CPU Mrk", "rationale": rationale}], ["column", "rationale"])
    assert table_rows(table) == [{"column": "CPU Mrk", "rationale": rationale}]


def test_a_frame_table_types_its_numeric_columns_and_names_sheet_and_row() -> None:
    frame = pl.DataFrame({
        SHEET: ["CPUs", "CPUs", "CPUs"], SOURCE_ROW: [2, 3, 4], "name": ["i5", "i7", "i9"],
        "cores": [6, None, 8], "price": [299.5, float("nan"), 1.0], "current": [True, False, None],
    })
    table = frame_table(frame, limit=2)

    assert [(c.name, c.type) for c in table.schema.columns] == [
        ("sheet", "string"), ("row", "integer"), ("name", "string"), ("cores", "integer"), ("price", "float"), ("current", "boolean"),
    ]
    assert table_rows(table) == [
        {"sheet": "CPUs", "row": 2, "name": "i5", "cores": 6, "price": 299.5, "current": True},
        {"sheet": "CPUs", "row": 3, "name": "i7", "cores": None, "price": "nan", "current": False},
    ]
    json.loads(serialize_value(table), parse_constant=pytest.fail)  # the UI parses records as JSON, which has no NaN

    ports = frame_table(pl.DataFrame({"ports": [[{"type": "usb_a", "count": 4, "spec_notes": None}]]}))
    assert table_rows(ports) == [{"ports": '[{"type": "usb_a", "count": 4, "spec_notes": null}]'}]
    assert rows_not_shown(frame, 2) == ["_1 more row(s) not shown._"] and rows_not_shown(frame, 3) == []


def test_an_empty_table_says_so_and_notes_appear_only_when_there_is_something_to_say() -> None:
    empty = frame_table(pl.DataFrame({"column": [], "reason": []}), empty="_no failures_")
    assert isinstance(empty, dg.MarkdownMetadataValue) and empty.value == "_no failures_"
    assert isinstance(records_table([], ["entity"]), dg.TableMetadataValue)  # no sentence asked for: an empty table

    table = records_table([{"entity": "cpu"}], ["entity"])
    assert with_notes("result", table, []) == {"result": table}
    notes = with_notes("result", table, ["first", "second"])
    assert list(notes) == ["result", "result_notes"] and notes["result_notes"].value == "first\n\nsecond"


def test_the_preview_tables_hold_the_failing_rows_and_their_counts(engine: Engine, tmp_path: Path) -> None:
    metadata = preview_metadata(preview_with_options(engine, tmp_path, "s2", file=str(cpus_and_listings(tmp_path / "in.xlsx"))))
    failing = table_rows(metadata["failing_rows"])
    assert failing and all(isinstance(row["row"], int) and row["reason"] for row in failing)
    counts = table_rows(metadata["failure_counts"])
    assert sum(row["rows"] for row in counts) == len(failing)
    assert has_row(counts, column=failing[0]["column"], reason=failing[0]["reason"])
    assert "failing_rows_notes" not in metadata  # every failing row is shown
