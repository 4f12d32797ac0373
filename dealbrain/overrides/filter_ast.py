"""The parsed form of a filter: small frozen dataclasses, never Python code.

Every node keeps ``offset``, the 0-based position in the filter text where
it starts, so later checks (unknown field, a literal of the wrong type) can
point at the exact spot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class LiteralKind(StrEnum):
    """What a literal was written as."""

    NUMBER = "number"
    STRING = "string"
    BOOLEAN = "boolean"
    NULL = "null"


class ComparisonOperator(StrEnum):
    """The six comparison operators, spelled as in the filter."""

    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    @property
    def is_ordering(self) -> bool:
        """True for ``<``, ``<=``, ``>``, ``>=`` (meaningless for yes/no or choice fields)."""
        return self not in (ComparisonOperator.EQ, ComparisonOperator.NE)


LiteralValue = int | float | str | bool | date | None


@dataclass(frozen=True)
class FieldRef:
    """An identifier: the name of a field as written."""

    name: str
    offset: int


@dataclass(frozen=True)
class Literal:
    """A number, quoted string, ``true``/``false`` or ``null`` as written."""

    value: LiteralValue
    kind: LiteralKind
    offset: int


@dataclass(frozen=True)
class Comparison:
    """``field <op> literal``."""

    field: FieldRef
    operator: ComparisonOperator
    literal: Literal


@dataclass(frozen=True)
class InList:
    """``field [not] in (literal, ...)``."""

    field: FieldRef
    literals: tuple[Literal, ...]
    negated: bool = False


@dataclass(frozen=True)
class Contains:
    """``field [not] contains literal``."""

    field: FieldRef
    literal: Literal
    negated: bool = False


@dataclass(frozen=True)
class IsNull:
    """``field is [not] null``."""

    field: FieldRef
    negated: bool = False


@dataclass(frozen=True)
class Not:
    """``not <condition>``."""

    operand: Node
    offset: int


@dataclass(frozen=True)
class And:
    """Two or more conditions that must all hold."""

    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Two or more conditions of which one must hold."""

    operands: tuple[Node, ...]


Predicate = Comparison | InList | Contains | IsNull
Node = Predicate | Not | And | Or
