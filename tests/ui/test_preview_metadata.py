"""What the preview's materialization shows: the verdict first, then the config of the next try, no cell cut."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml
from sqlalchemy import Engine

from assets.import_metadata import preview_metadata
from assets.presentation import records_markdown, split_list_column
from dealbrain.importing.options import ImportOptions
from tests.ui.test_rerun_config import _preview, _workbook


def test_the_verdict_comes_first_and_the_next_try_is_a_valid_run_config(engine: Engine, tmp_path: Path) -> None:
    preview = _preview(engine, tmp_path, "s1", file=str(_workbook(tmp_path / "in.xlsx")))
    metadata = preview_metadata(preview)

    assert list(metadata)[:3] == ["verdict", "blocking", "next_try_run_config"]
    assert metadata["verdict"].value.startswith("**Blocked.**\n\n- 1 row(s) failed validation")
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
