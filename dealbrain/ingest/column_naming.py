"""Naming a sheet's columns from its header cells: trimmed, never empty, never repeated."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dealbrain.ingest.raw_sheet import SOURCE_ROW

_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters no header needs and PostgreSQL text cannot always hold (NUL, from ``_x0000_``)."""


@dataclass
class ColumnNames:
    """Final column names, in order, and sentences describing what had to be fixed."""

    names: list[str]
    notes: list[str] = field(default_factory=list)


def name_columns(header_cells: Sequence[str | None], letters: Sequence[str]) -> ColumnNames:
    """Turn header cells into unique column names.

    Whitespace is trimmed and collapsed; a column without a header is named
    after its letter (``Column C``); repeated names (compared ignoring case)
    get a counter: ``Price``, ``Price (2)``. ``__source_row__`` is reserved.
    """
    notes: list[str] = []
    controlled = [letter for letter, cell in zip(letters, header_cells) if cell and _CONTROL.search(cell)]
    if controlled:
        notes.append(f"Control characters were removed from the header of column(s) {', '.join(controlled)}.")
    cleaned = [_clean(cell) for cell in header_cells]
    unnamed = [letter for letter, cell in zip(letters, cleaned) if not cell]
    if unnamed:
        notes.append(_unnamed_note(unnamed))
    proposed = [cell or f"Column {letter}" for cell, letter in zip(cleaned, letters)]
    names = _deduplicate(proposed, notes)
    return ColumnNames(names, notes)


def _clean(cell: str | None) -> str:
    return _WHITESPACE.sub(" ", _CONTROL.sub("", cell)).strip() if cell else ""


def _deduplicate(proposed: list[str], notes: list[str]) -> list[str]:
    reserved = SOURCE_ROW.casefold()
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(proposed):
        positions.setdefault(name.casefold(), []).append(index)
    taken = set(positions) | {reserved}
    names = list(proposed)
    for key, indexes in positions.items():
        to_rename = indexes if key == reserved else indexes[1:]
        if not to_rename:
            continue
        for index in to_rename:
            names[index] = _next_free(proposed[index], taken)
            taken.add(names[index].casefold())
        shown = ", ".join(f"'{names[index]}'" for index in indexes)
        original = proposed[indexes[0]]
        if key == reserved:
            notes.append(f"'{original}' is a reserved name; the column is named {shown}")
        else:
            notes.append(f"'{original}' appears {len(indexes)} times; the columns are named {shown}")
    return names


def _next_free(name: str, taken: set[str]) -> str:
    counter = 2
    while f"{name} ({counter})".casefold() in taken:
        counter += 1
    return f"{name} ({counter})"


def _unnamed_note(letters: list[str]) -> str:
    if len(letters) == 1:
        return f"column {letters[0]} has no header; named it 'Column {letters[0]}'"
    shown = _list_letters(letters)
    return f"columns {shown} have no header; each is named after its letter, e.g. 'Column {letters[0]}'"


def _list_letters(letters: list[str], limit: int = 10) -> str:
    if len(letters) <= limit:
        return ", ".join(letters)
    return ", ".join(letters[:limit]) + f" and {len(letters) - limit} more"
