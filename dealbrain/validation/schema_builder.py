"""Build the pandera schema of an entity from its field specs, at run time.

The schema depends on the active custom-field definitions, so it cannot be a
static class: `build_entity_schema` derives it from `FieldSpec` metadata.
Natural-key uniqueness is checked elsewhere, against the database as well as
within the sheet, so it is not part of the schema.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandera.polars as pa
import polars as pl

from dealbrain.db.column_limits import column_limits
from dealbrain.errors import UserFacingError
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.validation import checks
from dealbrain.validation.field_types import as_date, polars_dtype
from dealbrain.validation.storage_checks import storage_checks

_TEXT_TYPES = frozenset({FieldType.STRING, FieldType.TEXT, FieldType.REFERENCE, FieldType.ENUM})
_ORDERED_TYPES = frozenset({FieldType.INTEGER, FieldType.NUMBER, FieldType.DATE})


class SchemaDefinitionError(UserFacingError, ValueError):
    """The field specs cannot make a schema (for example two fields share a name)."""


def build_entity_schema(
    entity: EntitySpec,
    custom_fields: Sequence[FieldSpec] = (),
    *,
    present_columns: Collection[str] | None = None,
) -> pa.DataFrameSchema:
    """The pandera schema a coerced frame of ``entity`` must satisfy.

    Required fields are required, non-null columns; optional fields are
    nullable and may be absent. With ``present_columns`` (the columns mapped
    from the sheet), optional fields that were not mapped are left out, while
    required ones stay so that their absence is reported. Columns the schema
    does not name (``__source_row__``, unmapped extras) are allowed.
    """
    fields = _all_fields(entity, custom_fields)
    present = None if present_columns is None else frozenset(present_columns)
    columns = {
        spec.name: _column(spec)
        for spec in fields
        if spec.required or present is None or spec.name in present
    }
    return pa.DataFrameSchema(
        columns,
        name=entity.name,
        title=entity.label,
        strict=False,
        coerce=False,
        metadata={"entity": entity.name, "custom_fields": [spec.name for spec in custom_fields]},
    )


def _all_fields(entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> list[FieldSpec]:
    taken = set(entity.field_names)
    for spec in custom_fields:
        if spec.name in taken:
            raise SchemaDefinitionError(
                f"custom field {spec.name!r} clashes with another {entity.name} field of that name; "
                "rename the custom field"
            )
        taken.add(spec.name)
    return [*entity.fields, *custom_fields]


def _column(spec: FieldSpec) -> pa.Column:
    return pa.Column(
        polars_dtype(spec.type),
        checks=_field_checks(spec),
        nullable=not spec.required,
        required=spec.required,
        name=spec.name,
        title=spec.display_label,
        description=spec.description or None,
        metadata={"type": str(spec.type), "custom": spec.custom},
    )


def _field_checks(spec: FieldSpec) -> list[pa.Check]:
    """The value rules of one field, in the order a person would fix them.

    The spec's own rules come first, then what the column can store on both
    databases (see `dealbrain.db.column_limits`) where the spec does not
    already say as much.
    """
    return [*_spec_checks(spec), *storage_checks(spec, column_limits(spec))]


def _spec_checks(spec: FieldSpec) -> list[pa.Check]:
    found: list[pa.Check] = []
    if spec.type in _TEXT_TYPES:
        if spec.type is FieldType.ENUM and spec.options:
            found.append(checks.one_of(spec.options))
        if spec.max_length is not None:
            found.append(checks.max_length(spec.max_length))
        if spec.pattern:
            _ensure_regex(spec)
            found.append(checks.full_match(spec.pattern))
    elif spec.type in _ORDERED_TYPES:
        is_date = spec.type is FieldType.DATE
        is_float = spec.type is FieldType.NUMBER
        bound = as_date if is_date else (lambda value: value)
        if is_float:
            found.append(checks.finite())
        if spec.minimum is not None:
            found.append(checks.at_least(bound(spec.minimum), dates=is_date, floats=is_float))
        if spec.maximum is not None:
            found.append(checks.at_most(bound(spec.maximum), dates=is_date, floats=is_float))
    elif spec.type is FieldType.MULTI_ENUM and spec.options:
        found.append(checks.each_one_of(spec.options))
    elif spec.type is FieldType.PORTS:
        found.extend([checks.port_type(), checks.port_count()])
    return found


def _ensure_regex(spec: FieldSpec) -> None:
    """Polars runs patterns with the Rust regex engine: no look-arounds or backreferences."""
    try:
        pl.select(pl.lit("").str.contains(spec.pattern))
    except pl.exceptions.PolarsError as exc:
        raise SchemaDefinitionError(
            f"field {spec.name!r} has a pattern polars cannot run ({spec.pattern!r}); "
            f"rewrite it without look-arounds or backreferences: {exc}"
        ) from None
