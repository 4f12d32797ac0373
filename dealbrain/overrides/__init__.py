"""Bulk overrides for the import preview: fix, relink or drop many rows at once.

An `Override` selects rows of one sheet, by Excel row numbers (``rows``,
see `parse_row_selection`) or by a filter (``where``, see `compile_filter`),
and sets a field, sets a listing's component, or discards them.
`apply_overrides` applies a list of them in order to a sheet's typed frame
and reports what each one changed. The filter language is parsed into a
small syntax tree and compiled to a polars expression; nothing a person
types is ever run as code. No Dagster here.
"""

from dealbrain.overrides.apply import apply_overrides
from dealbrain.overrides.errors import FilterSyntaxError, OverrideError, RowSelectionError
from dealbrain.overrides.filter_compile import compile_filter
from dealbrain.overrides.filter_parser import MAX_DEPTH, MAX_FILTER_LENGTH, parse_filter
from dealbrain.overrides.model import Override, OverrideAction, OverrideEffect, OverrideOutcome
from dealbrain.overrides.plan import COMPONENT_FIELDS
from dealbrain.overrides.rows import MAX_RANGE_ROWS, parse_row_selection

__all__ = [
    "COMPONENT_FIELDS",
    "MAX_DEPTH",
    "MAX_FILTER_LENGTH",
    "MAX_RANGE_ROWS",
    "FilterSyntaxError",
    "Override",
    "OverrideAction",
    "OverrideEffect",
    "OverrideError",
    "OverrideOutcome",
    "RowSelectionError",
    "apply_overrides",
    "compile_filter",
    "parse_filter",
    "parse_row_selection",
]
