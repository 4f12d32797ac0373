"""Notes, totals and repeated headers in a real PassMark export are left out, reported, and can be brought back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import KeepRows
from dealbrain.ingest import RawSheet
from dealbrain.ingest.non_data_rows import find_non_data_rows
from dealbrain.store.frames import SHEET, SOURCE_ROW
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.preview.passmark_files import FOOTER, IGNORED, PASSMARK, SHEET as PASSMARK_SHEET, passmark_with_extras

pytestmark = pytest.mark.skipif(not PASSMARK.exists(), reason="../shared/data/passmark_cpus.json is not beside the checkout")


def _cpu_names(engine: Engine) -> set[str]:
    CpuRecord = ENTITY_MODELS["cpu"]
    with transaction(engine) as session:
        return set(session.scalars(select(CpuRecord.name)))


def test_footer_totals_and_repeated_header_are_left_out_and_reported(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    path, extras = passmark_with_extras(tmp_path / "passmark.xlsx")

    outcome = run(path, declared_entities={PASSMARK_SHEET: "cpu"}, mapping_overrides=IGNORED)

    assert outcome.preview.blocking == [], outcome.preview.blocking
    set_aside = outcome.preview.set_aside_rows()
    assert set_aside.select(SHEET, SOURCE_ROW, "reason").rows() == [
        (PASSMARK_SHEET, extras["header"], "repeats the header"),
        (PASSMARK_SHEET, extras["total"], "a totals row"),
        (PASSMARK_SHEET, extras["footer"], "a note, not a record"),
    ]
    assert set_aside.filter(pl.col(SOURCE_ROW) == extras["footer"])["text"].item() == FOOTER
    left_out = list(openpyxl.load_workbook(outcome.preview.error_workbook)["left out"].iter_rows(values_only=True))
    assert left_out[0] == ("sheet", "row", "reason", "text")
    assert left_out[3] == (PASSMARK_SHEET, extras["footer"], "a note, not a record", FOOTER)
    assert outcome.result.counts()["cpu"]["inserted"] == 240
    names = _cpu_names(engine)
    assert len(names) == 240 and not {FOOTER, "Total", "name"} & names


def test_keep_rows_brings_a_set_aside_row_back(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    path, extras = passmark_with_extras(tmp_path / "passmark.xlsx")

    outcome = run(
        path, declared_entities={PASSMARK_SHEET: "cpu"}, mapping_overrides=IGNORED,
        keep_rows=(KeepRows(PASSMARK_SHEET, str(extras["footer"])),),
    )

    assert outcome.preview.set_aside_rows()[SOURCE_ROW].to_list() == [extras["header"], extras["total"]]
    inserts = outcome.preview.planned_rows()["cpu"].filter(pl.col("action") == "insert")
    assert inserts.filter(pl.col("row") == extras["footer"])["name"].to_list() == [FOOTER]
    assert FOOTER in _cpu_names(engine)


def test_rows_with_many_empty_optional_cells_are_data(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    header = ["title", "price_usd", "condition", "cpu_name", "gpu_name", "ram_gb", "primary_storage_gb", "notes", "os_license"]
    rows = [
        header,
        ["OptiPlex 7060 SFF", "$320.00", "used", "Intel Core i7-8700", None, "32", "512", None, None],
        ["Mini PC, no specs given", "$99", None, None, None, None, None, None, None],
        ["ThinkCentre M720q", None, None, None, None, None, None, "Note: seller says it boots", None],
        ["HP EliteDesk 800 G4", "N/A", None, None, None, None, None, None, None],
    ]
    sheet = write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows})

    outcome = run(sheet, declared_entities={"Listings": "listing"}, commit=False)

    assert outcome.preview.set_aside_rows().is_empty()
    assert outcome.preview.sheets[0].frame.height == 4  # all reach validation (some fail it, as they should)


def test_a_sub_header_in_a_numbers_column_is_left_out() -> None:
    frame = pl.DataFrame(
        {
            SOURCE_ROW: [2, 3, 4, 5, 6, 7],
            "CPU": ["i7-8700", "i5-8400", None, "Ryzen 5 5600X", "Ryzen 7 5800X", "i3-8100"],
            "CPU Mark": ["13,875", "11,000", "AMD desktop parts", "21,000", "28,000", "6,100"],
            "TDP": ["65 W", "65 W", None, "65 W", "105 W", "65 W"],
            "Socket": ["LGA1151", "LGA1151", None, "AM4", "AM4", "LGA1151"],
        }
    )
    found = find_non_data_rows(RawSheet("CPUs", frame, 1))
    assert found.rows() == [(4, "mostly empty, with text in a numbers column (a sub-header or note)", "AMD desktop parts")]


def test_the_original_templates_lose_no_row(run: ImportRunner, tmp_path: Path) -> None:
    from tests.preview.passmark_files import TEMPLATES

    for template in sorted(TEMPLATES.glob("*.csv")):
        outcome = run(template, declared_entities={template.stem: template.stem}, commit=False)
        assert outcome.preview.set_aside_rows().is_empty(), template.name
        assert outcome.preview.sheets[0].frame.height == outcome.preview.sheets[0].source.frame.height > 0
