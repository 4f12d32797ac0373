"""Reading table metadata in tests: the rows an operator sees on the asset page, as plain dicts."""

from __future__ import annotations

from typing import Any

import dagster as dg


def table_rows(value: Any) -> list[dict[str, Any]]:
    """The records of a table metadata entry; anything else (a Markdown "none" sentence, say) fails the test."""
    assert isinstance(value, dg.TableMetadataValue), f"expected table metadata, got {value!r}"
    return [dict(record.data) for record in value.records]


def table_columns(value: Any) -> list[str]:
    """The column names of a table metadata entry, in the order the asset page shows them."""
    assert isinstance(value, dg.TableMetadataValue), f"expected table metadata, got {value!r}"
    return [column.name for column in value.schema.columns]


def has_row(rows: list[dict[str, Any]], /, **expected: Any) -> bool:
    """Whether some row holds every ``expected`` column with its value."""
    return any(all(row.get(name) == value for name, value in expected.items()) for row in rows)
