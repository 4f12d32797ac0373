"""Compiling a parsed filter into a polars expression for one entity's fields.

Semantics, chosen to be predictable for someone fixing a sheet:

* Every condition is true or false, never null. A condition on an empty
  cell is false (``cores != 4`` and ``cores not in (4)`` skip rows without
  cores); only ``is null`` matches empty cells. ``not (...)`` is the exact
  opposite of what it wraps, so it does include them.
* Text equality, ``in``, ordering and ``contains`` ignore letter case.
  Enum literals must name an option (any case or separators).
* ``contains`` is a substring test on text and enum fields, and an item
  test on multi_enum fields (the literal must be an option).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from dealbrain.overrides.errors import FilterSyntaxError
from dealbrain.overrides.filter_ast import (
    And,
    Comparison,
    ComparisonOperator,
    Contains,
    FieldRef,
    InList,
    IsNull,
    LiteralValue,
    Node,
    Not,
    Or,
)
from dealbrain.overrides.filter_literals import (
    NUMERIC_TYPES,
    ORDERED_TYPES,
    TEXT_TYPES,
    resolve_field,
    text_literal,
    typed_literal,
)
from dealbrain.overrides.filter_parser import parse_filter
from dealbrain.specs.fields import FieldSpec, FieldType

_CASELESS_TYPES = TEXT_TYPES | {FieldType.ENUM}
_COMPARABLE_TYPES = ORDERED_TYPES | {FieldType.ENUM, FieldType.BOOLEAN}
_LIST_DTYPES: dict[FieldType, pl.DataType] = {
    FieldType.INTEGER: pl.Int64(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.DATE: pl.Date(),
}


def compile_filter(text: str, fields: Mapping[str, FieldSpec]) -> pl.Expr:
    """A boolean polars expression selecting the rows ``text`` describes.

    ``fields`` maps each field name (standard and custom) of the entity to
    its spec; identifiers must name one of them. Raises `FilterSyntaxError`
    with the position, a caret line and a hint for any syntax error, unknown
    field, or literal that does not fit its field.
    """
    return _Compiler(text, fields).compile(parse_filter(text))


class _Compiler:
    def __init__(self, text: str, fields: Mapping[str, FieldSpec]) -> None:
        self.text = text
        self.fields = fields

    def compile(self, node: Node) -> pl.Expr:
        if isinstance(node, Or):
            return pl.any_horizontal([self.compile(operand) for operand in node.operands])
        if isinstance(node, And):
            return pl.all_horizontal([self.compile(operand) for operand in node.operands])
        if isinstance(node, Not):
            return ~self.compile(node.operand)
        if isinstance(node, IsNull):
            column = pl.col(self.field(node.field).name)
            return column.is_not_null() if node.negated else column.is_null()
        if isinstance(node, Comparison):
            return self.comparison(node).fill_null(False)
        if isinstance(node, InList):
            found = self.in_list(node)
            return (~found if node.negated else found).fill_null(False)
        found = self.contains(node)
        return (~found if node.negated else found).fill_null(False)

    def field(self, ref: FieldRef) -> FieldSpec:
        return resolve_field(ref, self.fields, self.text)

    def refuse(self, ref: FieldRef, field: FieldSpec, what: str, hint: str) -> FilterSyntaxError:
        kind = field.type.value.replace("_", " ")
        return FilterSyntaxError(
            f"{what} does not work on the {kind} field {field.name!r}", self.text, ref.offset, hint
        )

    def comparison(self, node: Comparison) -> pl.Expr:
        field = self.field(node.field)
        operator = node.operator
        if field.type not in _COMPARABLE_TYPES or (
            operator.is_ordering and field.type not in ORDERED_TYPES
        ):
            raise self.refuse(node.field, field, f"'{operator.value}'", _usable(field))
        value = typed_literal(node.literal, field, self.text)
        column = pl.col(field.name)
        if field.type in _CASELESS_TYPES:
            column = column.str.to_lowercase()
            value = str(value).lower()
        return _compare(column, operator, pl.lit(value))

    def in_list(self, node: InList) -> pl.Expr:
        field = self.field(node.field)
        if field.type not in _COMPARABLE_TYPES:
            raise self.refuse(node.field, field, "'in'", _usable(field))
        values = [typed_literal(literal, field, self.text) for literal in node.literals]
        column = pl.col(field.name)
        if field.type in _CASELESS_TYPES:
            return column.str.to_lowercase().is_in(
                _series([str(v).lower() for v in values], pl.String())
            )
        numbers = [float(v) for v in values if isinstance(v, int | float)]
        if field.type is FieldType.INTEGER and any(isinstance(v, float) for v in values):
            return column.cast(pl.Float64).is_in(_series(numbers, pl.Float64()))
        if field.type is FieldType.NUMBER:
            return column.is_in(_series(numbers, pl.Float64()))
        return column.is_in(_series(values, _LIST_DTYPES[field.type]))

    def contains(self, node: Contains) -> pl.Expr:
        field = self.field(node.field)
        column = pl.col(field.name)
        if field.type is FieldType.MULTI_ENUM:
            option = typed_literal(node.literal, field, self.text)
            return column.list.contains(pl.lit(option, dtype=pl.String))
        if field.type not in _CASELESS_TYPES:
            raise self.refuse(node.field, field, "'contains'", _usable(field))
        needle = text_literal(node.literal, field, self.text).lower()
        return column.str.to_lowercase().str.contains(needle, literal=True)


def _series(values: Sequence[LiteralValue], dtype: pl.DataType) -> pl.Expr:
    return pl.lit(pl.Series(values, dtype=dtype)).implode()


def _compare(column: pl.Expr, operator: ComparisonOperator, value: pl.Expr) -> pl.Expr:
    if operator is ComparisonOperator.EQ:
        return column == value
    if operator is ComparisonOperator.NE:
        return column != value
    if operator is ComparisonOperator.LT:
        return column < value
    if operator is ComparisonOperator.LE:
        return column <= value
    if operator is ComparisonOperator.GT:
        return column > value
    return column >= value


def _usable(field: FieldSpec) -> str:
    """What does work on ``field``, for the hint of a refused operator."""
    name = field.name
    if field.type is FieldType.MULTI_ENUM:
        return f'Use {name} contains "option", or {name} is null.'
    if field.type is FieldType.BOOLEAN:
        return f"Use {name} = true, {name} = false, or {name} is null."
    if field.type is FieldType.ENUM:
        return f'Use =, !=, in (...) or contains with {name}, e.g. {name} in ("a", "b").'
    if field.type in NUMERIC_TYPES or field.type is FieldType.DATE:
        return f"Use = != < <= > >= or in (...) with {name}."
    return f"Only {name} is null and {name} is not null work on it."
