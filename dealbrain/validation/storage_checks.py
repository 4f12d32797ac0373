"""Checks that keep values inside what both databases can store (see `dealbrain.db.column_limits`).

A value SQLite would take and PostgreSQL would refuse at commit (a CPU Mark
of 3,000,000,000 in a 32-bit column, a name with a NUL character from an
``_x0000_`` escape) is a row failure here, with the limit in its reason, so
the outcome and the message are the same on either database.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from dealbrain.db.column_limits import NUL, ColumnLimits
from dealbrain.specs import FieldSpec, FieldType

STORAGE_MIN = "storage_min"
STORAGE_MAX = "storage_max"
STORAGE_LENGTH = "storage_length"
NO_NUL = "no_nul"

_NUL_REASON = (
    "must not contain the NUL character (code 0, written _x0000_ in xlsx files): "
    "{storage} cannot store it; remove it from the cell"
)


def storage_checks(spec: FieldSpec, limits: ColumnLimits) -> list[pa.Check]:
    """The storage rules of one field that its own spec rules do not already imply."""
    found: list[pa.Check] = []
    if _options_imply_text(spec, limits):
        return found
    if limits.no_nul:
        found.append(_no_nul(spec, limits))
    if limits.max_length is not None and (spec.max_length is None or spec.max_length > limits.max_length):
        found.append(
            pa.Check.str_length(
                max_value=limits.max_length,
                name=STORAGE_LENGTH,
                error=f"must be at most {limits.max_length} characters, the most {limits.storage} stores here",
            )
        )
    if limits.smallest is not None and (spec.minimum is None or spec.minimum < limits.smallest):
        found.append(_whole_number_bound(limits.smallest, limits, largest=False))
    if limits.largest is not None and (spec.maximum is None or spec.maximum > limits.largest):
        found.append(_whole_number_bound(limits.largest, limits, largest=True))
    return found


def _options_imply_text(spec: FieldSpec, limits: ColumnLimits) -> bool:
    """Choices from a fixed list that the column can hold already refuse any other text."""
    if not spec.options or spec.type not in {FieldType.ENUM, FieldType.MULTI_ENUM}:
        return False
    longest = max(len(option) for option in spec.options)
    storable = not any(NUL in option for option in spec.options)
    return storable and (limits.max_length is None or longest <= limits.max_length)


def _whole_number_bound(bound: int, limits: ColumnLimits, *, largest: bool) -> pa.Check:
    """A whole-number bound of the column, named after the comparison a person reads."""
    if largest:
        return pa.Check.le(
            bound, name=STORAGE_MAX,
            error=f"must be at most {bound:,}, the largest whole number {limits.storage} stores here",
        )
    return pa.Check.ge(
        bound, name=STORAGE_MIN,
        error=f"must be at least {bound:,}, the smallest whole number {limits.storage} stores here",
    )


def _contains_nul(spec: FieldSpec, column: str) -> pl.Expr:
    """True where the value (or any text inside it) holds a NUL; null for a null value."""
    cell = pl.col(column)
    if spec.type is FieldType.MULTI_ENUM:
        return cell.list.eval(pl.element().str.contains(NUL, literal=True).fill_null(False)).list.any()
    if spec.type is FieldType.PORTS:
        port = pl.element().struct
        in_port = port.field("type").str.contains(NUL, literal=True).fill_null(False) | port.field(
            "spec_notes"
        ).str.contains(NUL, literal=True).fill_null(False)
        return cell.list.eval(in_port).list.any()
    return cell.str.contains(NUL, literal=True)


def _no_nul(spec: FieldSpec, limits: ColumnLimits) -> pa.Check:
    def free_of_nul(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~_contains_nul(spec, data.key).fill_null(False))

    return pa.Check(free_of_nul, name=NO_NUL, error=_NUL_REASON.format(storage=limits.storage))
