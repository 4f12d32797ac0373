"""When an import runs batch by batch, and what a sheet read in batches becomes when it cannot.

A CSV or TSV read in batches (`dealbrain.ingest.batched_text`) is typed,
validated and planned batch by batch (`batched_preview`) unless the entity
or the request needs every row at once; then the sheet is read whole after
all, and the preview says why. Near duplicates are looked for as in a
whole file (`batched_preview`), unless too many rows share their names'
digits to compare them with each other; the preview then says so.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dealbrain.importing.request import ImportRequest
from dealbrain.ingest import RawSheet
from dealbrain.ingest.non_data_rows import set_aside_non_data_rows
from dealbrain.specs import EntitySpec
from dealbrain.specs.components import component_fields


def why_not_batched(entity: EntitySpec, request: ImportRequest) -> str | None:
    """Why ``entity``'s rows from this request must be handled whole (None: they can go batch by batch)."""
    if entity.reference_fields or component_fields(entity.name):
        return f"{entity.label} rows are matched to other records across the whole file"
    if request.overrides:
        return "bulk overrides select rows across the whole sheet"
    return None


def read_whole(sheet: RawSheet, request: ImportRequest, reason: str) -> tuple[RawSheet, str]:
    """``sheet`` with every row in ``frame`` (non-data rows set aside as at parse time), and a warning saying why."""
    assert sheet.batches is not None
    whole = replace(sheet, frame=pl.concat(list(sheet.batches)), batches=None, set_aside=None)
    whole, _ = set_aside_non_data_rows(whole, request.keep_rows_for(sheet.name))
    return whole, f"Sheet {sheet.name!r} was read whole although it is large: {reason}."


NEAR_DUPLICATES_NOT_COMPARED = (
    "{sheet!r}: more than {limit:,} rows have names whose digits another row's share, so rows were not compared "
    "with each other for near duplicates (new names were compared with every stored name); import smaller files "
    "to have them compared."
)
