"""What a field's column can hold on *both* databases, derived from its SQL type.

SQLite stores almost anything: 64-bit integers in an INTEGER column, any
length in a VARCHAR, a NUL inside text. PostgreSQL refuses at commit time
what its types cannot hold: an INTEGER is 32 bits, VARCHAR(n) is n
characters, and neither text nor JSONB may contain the NUL character. So that
an import or an edit is refused (or accepted) alike on both, validation
enforces the narrower of the two, read here from the very column types
`dealbrain.db.entity_tables` creates the tables with, and from the JSON
document custom fields live in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, BigInteger, Integer, SmallInteger, String
from sqlalchemy.types import TypeEngine

from dealbrain.db.entity_tables import column_type
from dealbrain.specs import FieldSpec, FieldType

NUL = "\x00"

JSON_SAFE_INTEGER = 2**53 - 1
"""Largest whole number a JSON reader that uses doubles (browsers, most tools) keeps exact.

Custom fields live in ``attributes_json``; PostgreSQL's JSONB would keep a
larger one exactly, but the value must survive every reader of the document.
"""

_INTEGER_BITS: tuple[tuple[type[TypeEngine], int], ...] = ((BigInteger, 64), (SmallInteger, 16), (Integer, 32))
"""Most specific first: BigInteger and SmallInteger are subclasses of Integer."""


@dataclass(frozen=True)
class ColumnLimits:
    """The storage limits one field's values must respect."""

    smallest: int | None = None
    """Smallest whole number the column holds (integer fields only)."""
    largest: int | None = None
    """Largest whole number the column holds (integer fields only)."""
    max_length: int | None = None
    """Most characters a text value may have (VARCHAR columns only)."""
    no_nul: bool = False
    """Text (or text inside a JSON value) must not contain the NUL character."""
    storage: str = "the database"
    """Where the value lives, for messages: ``the database`` or ``a custom field``."""


def _integer_range(sql_type: TypeEngine) -> tuple[int, int] | None:
    for kind, bits in _INTEGER_BITS:
        if isinstance(sql_type, kind):
            return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    return None


def column_limits(field: FieldSpec) -> ColumnLimits:
    """The limits of ``field``'s values as validated (before references become ids)."""
    text_like = field.type in {FieldType.STRING, FieldType.TEXT, FieldType.ENUM, FieldType.REFERENCE}
    holds_text = text_like or field.type in {FieldType.MULTI_ENUM, FieldType.PORTS}
    if field.custom:
        whole = field.type is FieldType.INTEGER
        return ColumnLimits(
            smallest=-JSON_SAFE_INTEGER if whole else None,
            largest=JSON_SAFE_INTEGER if whole else None,
            no_nul=holds_text,
            storage="a custom field",
        )
    if field.type is FieldType.REFERENCE:
        # The sheet holds the referenced record's name: it is matched, or becomes a new record's name.
        return ColumnLimits(no_nul=True)
    _, sql_type = column_type(field)
    integers = _integer_range(sql_type) if field.type is FieldType.INTEGER else None
    length = sql_type.length if isinstance(sql_type, String) else None
    return ColumnLimits(
        smallest=integers[0] if integers else None,
        largest=integers[1] if integers else None,
        max_length=length,
        no_nul=holds_text or isinstance(sql_type, (String, JSON)),
    )
