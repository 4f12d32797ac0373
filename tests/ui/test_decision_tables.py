"""The preview's decision tables as the asset page shows them (tables, always inline): open decisions, conflicts,
conversions and overrides, each from a real preview, every decision cell whole."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import yaml
from sqlalchemy import Engine

from assets.import_metadata import preview_metadata, typing_metadata
from dealbrain.importing.rerun_config import open_choices
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from tests.importing.workbooks import write_xlsx
from tests.support.metadata import has_row, table_columns, table_rows
from tests.support.option_previews import ADMIN, CPU_HEADER, CPUS, cpus_and_listings, preview_with_options

BOTH_SHEETS = {"CPUs": "cpu", "Listings": "listing"}


def _cpus_only(path: Path, cpu_mark: int = 13875) -> Path:
    """The CPUs without their socket colour (a column no field fits) and no listings: nothing left to decide."""
    rows = [[*CPUS[0][:4], cpu_mark], CPUS[1][:5]]
    return write_xlsx(path, {"CPUs": [CPU_HEADER[:5], *rows]})


SET_CORES = [{"sheet": "CPUs", "action": "set_field", "rows": "2", "field": "cores", "value": "8"}]


def test_open_decisions_list_each_commented_choice_of_the_run_config_inline(engine: Engine, tmp_path: Path) -> None:
    preview = preview_with_options(engine, tmp_path, "s1", file=str(cpus_and_listings(tmp_path / "in.xlsx")), declared_entities=BOTH_SHEETS)
    metadata = preview_metadata(preview)

    decisions = table_rows(metadata["open_decisions"])
    assert table_columns(metadata["open_decisions"]) == ["option", "where", "choice", "why"]
    assert decisions == [
        {"option": "promote_columns", "where": "sheet CPUs, column Socket Colour",
         "choice": "- {sheet: CPUs, column: Socket Colour, key: socket_colour, type: string}", "why": choice.why}
        if choice.option == "promote_columns" else
        {"option": "overrides", "where": "sheet Listings, rows 3", "choice": "- {sheet: Listings, action: discard, rows: '3'}",
         "why": choice.why}
        for choice in open_choices(preview)
    ]
    assert "'lots' is not a number" in decisions[1]["why"] and decisions[1]["why"].endswith("value: ...")  # whole
    assert [yaml.safe_load(row["choice"]) for row in decisions] == [[choice.value] for choice in open_choices(preview)]
    assert "# - sheet: Listings\n        #   action: discard\n        #   rows: '3'\n" in metadata["next_try_run_config"].value


def test_a_ready_preview_says_so_in_one_line_and_every_decision_table_is_an_empty_sentence(engine: Engine, tmp_path: Path) -> None:
    preview = preview_with_options(engine, tmp_path, "s1", file=str(_cpus_only(tmp_path / "in.xlsx")))
    metadata = preview_metadata(preview)

    assert preview.can_commit, preview.blocking
    assert metadata["verdict"].value == "**Ready to commit.** Launch `commit_import` for this session: its defaults commit this preview."
    empties = {key: metadata[key].value for key in ("blocking", "open_decisions", "conflicts", "near_duplicates", "conversions")}
    assert empties == {"blocking": "_nothing blocks_", "open_decisions": "_no open decisions_", "conflicts": "_no conflicts_",
                       "near_duplicates": "_no likely duplicates_", "conversions": "_no conversions_"}
    assert typing_metadata(preview)["overrides"].value == "_no overrides_"


def test_conflicts_are_one_table_of_before_and_after_with_undecided_rows_marked(engine: Engine, tmp_path: Path) -> None:
    service = ImportService(engine, UploadStore(tmp_path / "uploads"))
    preview_with_options(engine, tmp_path, "s1", file=str(_cpus_only(tmp_path / "first.xlsx")))
    service.commit(ADMIN, "s1")

    preview = preview_with_options(engine, tmp_path, "s2", file=str(_cpus_only(tmp_path / "second.xlsx", cpu_mark=14000)))
    metadata = preview_metadata(preview)

    assert table_columns(metadata["conflicts"]) == ["entity", "key", "field", "before", "after", "decision"]
    assert table_rows(metadata["conflicts"]) == [{"entity": "cpu", "key": "Intel Core i7-8700", "field": "cpu_mark_multi",
                                                  "before": "13875", "after": "14000", "decision": "undecided (blocks)"}]
    assert metadata["conflicts_notes"].value == "cpu: 1 conflict(s); decided none; **1 undecided** (block the commit)."
    assert has_row(table_rows(metadata["open_decisions"]), option="conflict_decisions", where="entity cpu, key Intel Core i7-8700",
                   choice="- {entity: cpu, key: Intel Core i7-8700, decision: update}")
    assert has_row(table_rows(metadata["open_decisions"]), option="conflict_policy", where="the whole import",
                   choice="conflict_policy: update")
    assert len(table_rows(metadata["blocking"])) == len(preview.blocking) == 1
    assert metadata["verdict"].value.startswith("**Blocked.** 1 reason(s), listed in `blocking`")


def test_conversions_and_overrides_are_tables_by_sheet_and_field(engine: Engine, tmp_path: Path) -> None:
    preview = preview_with_options(engine, tmp_path, "s1", file=str(cpus_and_listings(tmp_path / "in.xlsx")), declared_entities=BOTH_SHEETS,
                       overrides=SET_CORES)
    typed, validated = typing_metadata(preview), preview_metadata(preview)

    price = {"sheet": "Listings", "field": "price_usd",
             "note": "1 value had a currency sign or thousands separators removed ($320.00 -> 320.0)"}
    assert table_rows(typed["conversions"]) == [price]
    assert table_rows(validated["conversions"]) == [price]
    assert table_rows(typed["overrides"]) == [
        {"override": 1, "does": "set_field cores = '8' rows 2", "rows_affected": 1, "discarded_rows": ""}
    ]
    assert table_rows(typed["override_changes"]) == [{"override": 1, "row": 2, "field": "cores", "before": "6", "after": "8"}]
    assert "override_changes_notes" not in typed
    assert isinstance(validated["blocking"], dg.TableMetadataValue)


def test_rows_of_one_file_naming_the_same_part_are_their_own_table(engine: Engine, tmp_path: Path) -> None:
    rows = [[*CPUS[0][:5]], ["Intel Core i7-8700 @ 3.20GHz", "Intel", 6, 12, 13900]]
    preview = preview_with_options(engine, tmp_path, "s1", file=str(write_xlsx(tmp_path / "in.xlsx", {"CPUs": [CPU_HEADER[:5], *rows]})))
    metadata = preview_metadata(preview)

    assert metadata["near_duplicates"].value == "_no likely duplicates of stored records_"
    within = table_rows(metadata["near_duplicates_within_file"])
    assert table_columns(metadata["near_duplicates_within_file"]) == ["entity", "sheet", "row", "name", "normalized", "same_as"]
    assert has_row(within, entity="cpu", sheet="CPUs", row=3, name="Intel Core i7-8700 @ 3.20GHz")
