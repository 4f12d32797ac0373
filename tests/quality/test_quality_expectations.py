"""The declared expectations: one set per entity, over real columns, with readable, distinct descriptions."""

from __future__ import annotations

from datetime import date

import pytest

from dealbrain.specs import ENTITY_NAMES, FieldType, get_entity_spec
from validations import EXPECTATIONS, Check, YearsFromNow, expectations_for

NUMERIC = {FieldType.INTEGER, FieldType.NUMBER}


def test_every_entity_has_expectations_and_nothing_else() -> None:
    assert set(EXPECTATIONS) == set(ENTITY_NAMES)
    assert all(EXPECTATIONS[name] for name in ENTITY_NAMES)


@pytest.mark.parametrize("entity", ENTITY_NAMES)
def test_expectations_name_standard_columns(entity: str) -> None:
    spec = get_entity_spec(entity)
    types = {field.column_name: field.type for field in spec.fields}
    for expectation in expectations_for(entity):
        assert set(expectation.columns) <= set(types), expectation
        assert len(expectation.columns) == (2 if expectation.check is Check.AT_LEAST_COLUMN else 1)
        if expectation.check in {Check.BETWEEN, Check.IN_SET, Check.AT_LEAST_COLUMN}:
            assert all(types[column] in NUMERIC for column in expectation.columns), expectation
        assert 0 < expectation.mostly <= 1


@pytest.mark.parametrize("entity", ENTITY_NAMES)
def test_descriptions_are_sentences_and_distinct(entity: str) -> None:
    descriptions = [expectation.description for expectation in expectations_for(entity)]
    assert len(set(descriptions)) == len(descriptions)
    assert all(text[0].isupper() and text.endswith(".") for text in descriptions)


@pytest.mark.parametrize("entity", ENTITY_NAMES)
def test_the_natural_key_is_present_and_unique(entity: str) -> None:
    (key,) = get_entity_spec(entity).natural_key
    checks = {expectation.check for expectation in expectations_for(entity) if expectation.columns == (key,)}
    assert {Check.NOT_NULL, Check.UNIQUE} <= checks


def test_release_year_bound_follows_the_calendar() -> None:
    (release_year,) = [e for e in expectations_for("cpu") if e.columns == ("release_year",)]
    assert release_year.bounds(date(2025, 3, 1)) == (1990, 2026)
    assert YearsFromNow().resolve(date(2030, 1, 1)) == 2030


def test_the_bounds_asked_for() -> None:
    by_column = {(e.check, e.columns): e for name in ENTITY_NAMES for e in expectations_for(name)}
    assert by_column[(Check.BETWEEN, ("tdp_w",))].mostly == 0.99
    assert by_column[(Check.BETWEEN, ("price_usd",))].bounds(date.today()) == (1, 20_000)
    assert by_column[(Check.BETWEEN, ("condition_used",))].bounds(date.today()) == (0, 2)
    assert (Check.AT_LEAST_COLUMN, ("threads", "cores")) in by_column
    assert (Check.AT_LEAST_COLUMN, ("cpu_mark_multi", "cpu_mark_single")) in by_column


def test_an_entity_without_expectations_is_named() -> None:
    with pytest.raises(KeyError, match="'laptop'"):
        expectations_for("laptop")
