"""Which required fields a set of column mappings leaves without a column."""

from __future__ import annotations

from collections.abc import Sequence

from dealbrain.mapping.column_mapping import ColumnMapping
from dealbrain.specs import EntitySpec


def missing_required_fields(entity: EntitySpec, mappings: Sequence[ColumnMapping]) -> list[str]:
    """Names of required standard fields that no applied column feeds, in spec order.

    Both MAPPED and SUGGESTED columns count, because suggestions are applied
    by default unless the operator overrides them.
    """
    fed = {name for mapping in mappings if mapping.applied and not mapping.custom for name in mapping.fields}
    return [field.name for field in entity.required_fields if field.name not in fed]
