"""The operator's ``value_mappings`` applied to choice columns, and the values still matching no option.

An entry reads incoming values as options of an enum or multi_enum field
("Refurbished" -> ``refurb``), for a field in every sheet or for one sheet's
column. It becomes part of the field's synonyms for that column, ahead of the
built-in ones, so coercion reads those cells as the option and reports them
as converted. What still matches nothing is listed with the closest option
and its row count (and stays a validation failure until it is mapped).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from dealbrain.coercion.choices import option_key
from dealbrain.coercion.unknown_choices import unknown_choices
from dealbrain.importing.request import ImportRequest, ImportRequestError
from dealbrain.specs import FieldSpec, FieldType

CHOICE_TYPES = (FieldType.ENUM, FieldType.MULTI_ENUM)


def check_value_mapping_fields(request: ImportRequest, fields: dict[str, FieldSpec]) -> None:
    """A per-field entry must name a choice field of an imported entity: anything else is a typo to report."""
    for rule in request.value_mappings:
        if rule.field is None or rule.sheet is not None:
            continue
        spec = fields.get(rule.field)
        if spec is None or spec.type not in CHOICE_TYPES:
            choice_fields = ", ".join(sorted(name for name, f in fields.items() if f.type in CHOICE_TYPES)) or "none"
            raise ImportRequestError(
                f"value_mappings: field {rule.field!r} is not an enum or multi_enum field of the imported sheets "
                f"(choice fields: {choice_fields})."
            )


def column_choice_field(request: ImportRequest, sheet: str, column: str, field: FieldSpec) -> FieldSpec:
    """``field`` with the operator's value mappings for this column added to its synonyms (they win)."""
    if field.type not in CHOICE_TYPES:
        return field
    wanted = request.value_mapping_for(sheet, column, field.name)
    if not wanted:
        return field
    canonical = {option_key(option): option for option in field.options}
    synonyms: dict[str, str] = {}
    for value, target in wanted.items():
        option = canonical.get(option_key(target))
        if option is None:
            raise ImportRequestError(
                f"value_mappings: column {column!r} of sheet {sheet!r} maps {value!r} to {target!r}, which is not an "
                f"option of {field.name} ({', '.join(field.options)}); name one of those options."
            )
        synonyms[value] = option
    for value, option in field.synonyms.items():
        synonyms.setdefault(value, option)
    return replace(field, synonyms=synonyms)


def unknown_choice_rows(sheet: str, column: str, field: FieldSpec, cells: pl.Series) -> list[dict[str, Any]]:
    """One row per distinct unmatched value: sheet, column, field, value, rows, closest option (or none)."""
    return [
        {
            "sheet": sheet, "column": column, "field": field.name, "value": found.value, "rows": found.rows,
            "closest": found.closest,
        }
        for found in unknown_choices(cells, field)
    ]
