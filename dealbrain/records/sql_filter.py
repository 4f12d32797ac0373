"""The filter language compiled to SQL for standard fields, so a listing filters, sorts and pages in the database.

The same parsed filter (`dealbrain.overrides.filter_parser`) and the same
literal checks as the polars compiler; this one builds a SQLAlchemy clause
with the same meaning (see `dealbrain.overrides.filter_compile`): every
condition is true or false, never null (a condition on an empty cell is
false, and ``not`` is its exact opposite); text, enum and reference
comparisons ignore letter case and order by code point (``COLLATE "C"`` on
PostgreSQL, SQLite's default). Conditions on custom attributes, multi-enum
or ports fields are not compiled: `sql_filter` answers None and the listing
falls back to polars for that filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, not_, or_, true

from dealbrain.overrides.filter_ast import (
    And,
    Comparison,
    ComparisonOperator,
    Contains,
    InList,
    IsNull,
    Node,
    Not,
    Or,
)
from dealbrain.overrides.filter_literals import TEXT_TYPES, resolve_field, text_literal, typed_literal
from dealbrain.overrides.filter_parser import parse_filter
from dealbrain.specs import FieldSpec, FieldType

CASELESS_TYPES = TEXT_TYPES | {FieldType.ENUM}
SQL_TYPES = CASELESS_TYPES | {FieldType.INTEGER, FieldType.NUMBER, FieldType.BOOLEAN, FieldType.DATE}
"""Field types whose stored column the database can compare (lists and custom attributes cannot)."""


class NotInSql(Exception):
    """The filter names a field SQL cannot compare; the caller filters in polars instead."""


def sql_filter(
    text: str, fields: Mapping[str, FieldSpec], columns: Mapping[str, ColumnElement[Any]], *, postgresql: bool
) -> ColumnElement[bool] | None:
    """The WHERE clause ``text`` means over ``columns`` (field name -> SQL expression), or None when it cannot be SQL.

    ``text`` must already have been checked by the polars compiler, so every
    error is reported the same way whichever path runs.
    """
    try:
        return _SqlCompiler(text, fields, columns, postgresql).compile(parse_filter(text))
    except NotInSql:
        return None


def caseless(column: ColumnElement[Any], *, postgresql: bool) -> ColumnElement[Any]:
    """``lower(column)`` ordered by code point, as polars orders text."""
    lowered = func.lower(column)
    return lowered.collate("C") if postgresql else lowered


class _SqlCompiler:
    def __init__(
        self, text: str, fields: Mapping[str, FieldSpec], columns: Mapping[str, ColumnElement[Any]], postgresql: bool
    ) -> None:
        self.text, self.fields, self.columns, self.postgresql = text, fields, columns, postgresql

    def compile(self, node: Node) -> ColumnElement[bool]:
        if isinstance(node, Or):
            return or_(*(self.compile(operand) for operand in node.operands))
        if isinstance(node, And):
            return and_(*(self.compile(operand) for operand in node.operands))
        if isinstance(node, Not):
            return not_(self.compile(node.operand))
        field, column = self.column(node.field)
        if isinstance(node, IsNull):
            return column.is_not(None) if node.negated else column.is_(None)
        if isinstance(node, Comparison):
            found = self.comparison(node, field, column)
        elif isinstance(node, InList):
            found = self.in_list(node, field, column)
        else:
            found = self.contains(node, field, column)
        if isinstance(node, InList | Contains) and node.negated:
            found = not_(found)
        return and_(column.is_not(None), found)  # an empty cell: false, never null

    def column(self, ref: Any) -> tuple[FieldSpec, ColumnElement[Any]]:
        field = resolve_field(ref, self.fields, self.text)
        if field.type not in SQL_TYPES or field.name not in self.columns:
            raise NotInSql(field.name)
        return field, self.columns[field.name]

    def comparison(self, node: Comparison, field: FieldSpec, column: ColumnElement[Any]) -> ColumnElement[bool]:
        value: Any = typed_literal(node.literal, field, self.text)
        if field.type in CASELESS_TYPES:
            column, value = caseless(column, postgresql=self.postgresql), str(value).lower()
        operator = node.operator
        if field.type is FieldType.BOOLEAN:
            value = true() if value else false()
        match operator:
            case ComparisonOperator.EQ:
                return column == value
            case ComparisonOperator.NE:
                return column != value
            case ComparisonOperator.LT:
                return column < value
            case ComparisonOperator.LE:
                return column <= value
            case ComparisonOperator.GT:
                return column > value
        return column >= value

    def in_list(self, node: InList, field: FieldSpec, column: ColumnElement[Any]) -> ColumnElement[bool]:
        values = [typed_literal(literal, field, self.text) for literal in node.literals]
        if field.type in CASELESS_TYPES:
            return func.lower(column).in_([str(value).lower() for value in values])
        return column.in_(values)

    def contains(self, node: Contains, field: FieldSpec, column: ColumnElement[Any]) -> ColumnElement[bool]:
        needle = text_literal(node.literal, field, self.text).lower()
        return func.lower(column).contains(needle, autoescape=True)
