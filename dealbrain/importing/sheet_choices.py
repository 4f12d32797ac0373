"""Which entity each sheet of an upload seems to hold, before any preview: the choices a person declares from.

The file is read with the same reader and guards as the import's parse stage
(`read_workbook`, so a hostile or broken file is refused here with the same
sentence), and every sheet is scored with the same `infer_entity` the
``sheet_entities`` stage uses. Nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dealbrain.frames import SOURCE_ROW
from dealbrain.ingest import ReadLimits, read_workbook
from dealbrain.mapping.entity_inference import infer_entity


@dataclass(frozen=True)
class SheetChoice:
    """One sheet: its size, the inferred entity (None when nothing reached the floor) and every entity by score."""

    sheet: str
    rows: int
    inferred: str | None
    confidence: float
    ranked: tuple[tuple[str, float], ...]
    """Every entity with its confidence, best first."""
    rationale: str


def sheet_choices(path: Path, *, source_name: str | None = None, limits: ReadLimits = ReadLimits()) -> list[SheetChoice]:
    """Every non-empty sheet of the file at ``path`` with its inferred entity; `FileRejected` for a bad file."""
    workbook = read_workbook(path, source_name=source_name, limits=limits)
    choices = []
    for sheet in workbook.sheets:
        if sheet.is_empty:
            continue
        headers = [column for column in sheet.frame.columns if column != SOURCE_ROW and not column.startswith("__")]
        inference = infer_entity(sheet.name, headers)
        ranked = tuple(sorted(inference.scores.items(), key=lambda item: -item[1]))
        choices.append(SheetChoice(sheet.name, sheet.frame.height, inference.entity, inference.confidence, ranked,
                                   inference.rationale))
    return choices
