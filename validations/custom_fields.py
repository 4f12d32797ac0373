"""Quality expectations of the active custom fields, from the rules each field declares.

A custom field's values live in ``attributes_json``; `load_table_frame`
gives each active field a column ``attributes_json.<key>`` and these
expectations check it as stored: required fields are present, numbers lie
within their bounds, text fits its length and pattern, an enum holds one of
its options. (A rule tightened after values were stored is exactly what this
finds.) Dates and multi-choice lists are checked at import and edit time
only. Nothing here depends on Great Expectations or Dagster.
"""

from __future__ import annotations

from collections.abc import Sequence

from dealbrain.specs import FieldSpec, FieldType
from validations.expectations import (
    Check,
    QualityExpectation,
    between,
    in_set,
    not_null,
)

NUMERIC = {FieldType.NUMBER, FieldType.INTEGER}
TEXTUAL = {FieldType.STRING, FieldType.TEXT}
CUSTOM_PREFIX = "attributes_json."


def custom_column(spec: FieldSpec) -> str:
    """The frame column holding a custom field's stored values."""
    return f"{CUSTOM_PREFIX}{spec.name}"


def custom_field_expectations(fields: Sequence[FieldSpec]) -> tuple[QualityExpectation, ...]:
    """The expectations each field's rules imply, field by field in the given order."""
    expectations: list[QualityExpectation] = []
    for spec in fields:
        column, label = custom_column(spec), f"custom field {spec.display_label!r}"
        if spec.required:
            expectations.append(not_null(column, f"Every record has a value for the {label}."))
        if spec.type in NUMERIC and (spec.minimum is not None or spec.maximum is not None):
            expectations.append(between(column, spec.minimum, spec.maximum, f"The {label} lies {_range(spec)}."))
        if spec.type is FieldType.ENUM and spec.options:
            expectations.append(in_set(column, tuple(spec.options), f"The {label} is one of {', '.join(spec.options)}."))
        if spec.type in TEXTUAL and spec.max_length:
            expectations.append(QualityExpectation(
                Check.MAX_LENGTH, (column,), f"The {label} is at most {spec.max_length} characters long.",
                maximum=spec.max_length,
            ))
        if spec.type in TEXTUAL and spec.pattern:
            expectations.append(QualityExpectation(
                Check.MATCHES, (column,), f"The {label} matches the pattern {spec.pattern}.", pattern=spec.pattern,
            ))
    return tuple(expectations)


def _range(spec: FieldSpec) -> str:
    if spec.minimum is not None and spec.maximum is not None:
        return f"between {spec.minimum:g} and {spec.maximum:g}"
    return f"at least {spec.minimum:g}" if spec.minimum is not None else f"at most {spec.maximum:g}"
