"""Editing stored records after an import: one record or many, checked like an import, undoable, audited.

`RecordService` reads changes typed as text (``16GB``, ``$1,064.00*``), reads
them with the import's coercion, validates whole records with the generated
pandera schema, writes in one transaction and records the edit as an
import session with a changeset, so provenance and `importer undo` cover
edits too. No Dagster here.
"""

from dealbrain.records.errors import (
    InvalidFilterError,
    InvalidValueError,
    NothingSelectedError,
    RecordEditError,
    RecordNotFoundError,
    RecordRefusedError,
    RecordUsageError,
    RecordValidationError,
    UnknownFieldError,
)

_LAZY = {"BulkChange": "results", "RecordChange": "results", "RecordService": "service"}
"""Loaded on first use: the service validates with pandera, which commands that only catch these errors never need."""


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"dealbrain.records.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BulkChange",
    "InvalidFilterError",
    "InvalidValueError",
    "NothingSelectedError",
    "RecordChange",
    "RecordEditError",
    "RecordNotFoundError",
    "RecordRefusedError",
    "RecordService",
    "RecordUsageError",
    "RecordValidationError",
    "UnknownFieldError",
]
