"""Running the declared expectations over a stored table with Great Expectations.

Great Expectations is imported inside the functions that use it (it takes
seconds to import), so importing this module, and the Dagster code location,
stays cheap. One ephemeral context per process is reused across runs.
"""

from __future__ import annotations

import json
import math
import threading
import warnings
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Engine, select

from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.specs import FieldSpec, get_entity_spec
from validations.custom_fields import NUMERIC, custom_column, custom_field_expectations
from validations.data_docs import validate_into_docs
from validations.expectations import Check, QualityExpectation, expectations_for
from validations.report import ExpectationOutcome, QualityReport

if TYPE_CHECKING:
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.core.expectation_validation_result import (
        ExpectationValidationResult,
    )
    from great_expectations.expectations import Expectation

EXAMPLES = 5
"""Offending rows reported per expectation."""

DECLARATION = "declaration"
"""Key in each GE expectation's ``meta`` pointing back at its declaration."""

_lock = threading.Lock()
"""Serialises use of the shared context (its registries are not thread-safe)."""


class QualityRunError(RuntimeError):
    """An expectation could not be evaluated (e.g. a declared column is missing): a bug, not bad data."""


def load_table_frame(engine: Engine, entity: str, custom_fields: Sequence[FieldSpec] = ()) -> pd.DataFrame:
    """The stored table of ``entity``: ``id``, every standard column and one ``attributes_json.<key>`` per custom field."""
    spec = get_entity_spec(entity)
    table = ENTITY_MODELS[spec.name].__table__
    columns = [table.c.id, *(table.c[field.column_name] for field in spec.fields)]
    with engine.connect() as connection:
        frame = pd.read_sql(select(*columns).order_by(table.c.id), connection)
        attributes = [_attributes(value) for value in connection.scalars(select(table.c.attributes_json).order_by(table.c.id))]
    for field in custom_fields:
        values = pd.Series([row.get(field.name) for row in attributes], dtype=object, index=frame.index)
        frame[custom_column(field)] = pd.to_numeric(values) if field.type in NUMERIC else values
    return frame


def _attributes(value: Any) -> dict[str, Any]:
    return json.loads(value or "{}") if isinstance(value, str) else dict(value or {})


def run_quality_suite(
    entity: str,
    frame: pd.DataFrame,
    *,
    today: date | None = None,
    custom_fields: Sequence[FieldSpec] = (),
    docs_dir: Path | None = None,
) -> QualityReport:
    """Validate ``frame`` (an entity's stored table) against the entity's declared expectations.

    ``custom_fields`` (the entity's active ones, their columns in ``frame``)
    add the expectations their rules imply. With ``docs_dir``, the run also
    updates the Great Expectations Data Docs site there.
    ``today`` fixes the date that relative bounds (such as "next year") are resolved against.
    Raises ``QualityRunError`` when an expectation fails to evaluate rather than to pass.
    """
    spec = get_entity_spec(entity)
    declarations = expectations_for(spec.name) + custom_field_expectations(custom_fields)
    _require_columns(spec.name, declarations, frame)
    key_columns = [column for column in spec.natural_key if column in frame.columns]
    result_format = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": EXAMPLES,
        **({"unexpected_index_column_names": key_columns} if key_columns else {}),
    }
    with _lock:
        definition = _batch_definition(spec.name)  # creates the context the suite needs first
        suite = _build_suite(spec.name, declarations, today or date.today())
        if docs_dir is None:
            batch = definition.get_batch(batch_parameters={"dataframe": frame})
            validation = batch.validate(suite, result_format=result_format)
        else:
            validation = validate_into_docs(_context(), definition, suite, frame, result_format, docs_dir)
    ordered = sorted(validation.results, key=lambda result: result.expectation_config.meta[DECLARATION])
    outcomes = [_outcome(spec.name, declarations, result, key_columns) for result in ordered]
    return QualityReport(
        entity=spec.name,
        success=all(outcome.success for outcome in outcomes),
        results=outcomes,
        evaluated_rows=len(frame),
    )


def _require_columns(entity: str, declarations: tuple[QualityExpectation, ...], frame: pd.DataFrame) -> None:
    needed = dict.fromkeys(column for declaration in declarations for column in declaration.columns)
    if missing := [column for column in needed if column not in frame.columns]:
        raise QualityRunError(
            f"{entity}: the frame lacks column(s) {', '.join(missing)} that the quality expectations check; "
            "pass the table as read by load_table_frame."
        )


@cache
def _context() -> Any:
    with warnings.catch_warnings():
        # Its own import trips DeprecationWarnings of the standard library (sre_constants): not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@cache
def _batch_definition(entity: str) -> BatchDefinition:
    """A whole-dataframe batch definition for ``entity``, registered once per process (call under the lock)."""
    source = _context().data_sources.add_pandas(f"{entity}_table")
    return source.add_dataframe_asset(entity).add_batch_definition_whole_dataframe("whole_table")


def _build_suite(entity: str, declarations: tuple[QualityExpectation, ...], today: date) -> Any:
    """An unsaved suite; its expectations are passed in whole, so no store is consulted."""
    import great_expectations as gx

    expectations = [_gx_expectation(declaration, index, today) for index, declaration in enumerate(declarations)]
    return gx.ExpectationSuite(name=f"{entity}_reference_quality", expectations=expectations)


def _gx_expectation(declaration: QualityExpectation, index: int, today: date) -> Expectation:
    import great_expectations.expectations as gxe

    common: dict[str, Any] = {
        "description": declaration.description,
        "meta": {DECLARATION: index},
        "mostly": declaration.mostly,
    }
    column = declaration.columns[0]
    match declaration.check:
        case Check.NOT_NULL:
            return gxe.ExpectColumnValuesToNotBeNull(column=column, **common)
        case Check.UNIQUE:
            return gxe.ExpectColumnValuesToBeUnique(column=column, **common)
        case Check.BETWEEN:
            minimum, maximum = declaration.bounds(today)
            return gxe.ExpectColumnValuesToBeBetween(column=column, min_value=minimum, max_value=maximum, **common)
        case Check.IN_SET:
            return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(declaration.values), **common)
        case Check.MAX_LENGTH:
            return gxe.ExpectColumnValueLengthsToBeBetween(column=column, max_value=declaration.maximum, **common)
        case Check.MATCHES:
            return gxe.ExpectColumnValuesToMatchRegex(column=column, regex=f"^(?:{declaration.pattern})$", **common)
        case Check.AT_LEAST_COLUMN:
            return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=column, column_B=declaration.columns[1], or_equal=True,
                ignore_row_if="either_value_is_missing", **common,
            )
    raise ValueError(f"no Great Expectations counterpart for {declaration.check}")


def _outcome(
    entity: str,
    declarations: tuple[QualityExpectation, ...],
    result: ExpectationValidationResult,
    key_columns: list[str],
) -> ExpectationOutcome:
    config = result.expectation_config
    declaration = declarations[config.meta[DECLARATION]]
    if errors := _exception_messages(result.exception_info or {}):
        raise QualityRunError(
            f"{entity}: could not evaluate {declaration.description!r} on {declaration.column_label}: "
            + "; ".join(errors)
        )
    details = result.result
    examples = details.get("partial_unexpected_index_list") or details.get("partial_unexpected_list") or []
    return ExpectationOutcome(
        description=declaration.description,
        expectation_type=config.type,
        column=declaration.column_label,
        success=bool(result.success),
        unexpected_count=int(details.get("unexpected_count") or 0),
        unexpected_examples=_distinct([_key_first(_plain(example), key_columns) for example in examples]),
    )


def _exception_messages(info: dict[str, Any]) -> list[str]:
    """Messages of the errors GE caught: ``info`` is one error, or one per metric it needed."""
    if "raised_exception" in info:
        return [str(info.get("exception_message"))] if info["raised_exception"] else []
    nested = [item for item in info.values() if isinstance(item, dict)]
    return sorted({message for item in nested for message in _exception_messages(item)})


def _plain(value: Any) -> Any:
    """``value`` with numpy scalars as Python ones and NaN as None, so it can go into metadata."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _key_first(example: Any, key_columns: list[str]) -> Any:
    """A row example with the record's natural key first, then the checked values."""
    if not isinstance(example, dict):
        return example
    return {key: example[key] for key in key_columns if key in example} | example


def _distinct(examples: list[Any]) -> list[Any]:
    distinct: list[Any] = []
    for example in examples:
        if example not in distinct:
            distinct.append(example)
    return distinct
