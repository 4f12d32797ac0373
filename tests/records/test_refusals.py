"""Edits the data refuses, or that cannot be understood: a clear message, and the database unchanged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select

from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent, ImportChange, ImportSession
from dealbrain.records import (
    InvalidValueError,
    RecordNotFoundError,
    RecordService,
    RecordUsageError,
    RecordValidationError,
    UnknownFieldError,
)
from dealbrain.specs import UnknownEntityError
from tests.records.conftest import stored


def _state(engine: Engine) -> tuple:
    """Everything an edit could write: the records, sessions, changesets and audit events."""
    with transaction(engine) as session:
        counts = tuple(session.scalar(select(func.count()).select_from(model)) for model in (ImportSession, ImportChange, ImportAuditEvent))
    return counts, {entity: stored(engine, entity) for entity in ("cpu", "gpu", "listing")}


@pytest.fixture
def unchanged(engine: Engine, imported: str):
    """Asserts, after the test, that the database is exactly as the import left it."""
    before = _state(engine)
    yield
    assert _state(engine) == before


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("cores", "0", "must be at least 1 (at_least)"),
        ("release_year", "2101", "must be at most 2100 (at_most)"),
        ("tdp_w", "-5 W", "must be at least 0 (at_least)"),
    ],
)
def test_a_value_outside_its_bounds_names_the_field_and_the_rule(
    records: RecordService, unchanged: None, field: str, value: str, words: str
) -> None:
    with pytest.raises(RecordValidationError) as refusal:
        records.update("cpu", "Intel Core i7-8700", {field: value})
    message = str(refusal.value)
    assert "nothing was changed" in message and "Intel Core i7-8700" in message and field in message
    assert words in message
    assert refusal.value.failures[0]["field"] == field and refusal.value.failures[0]["changed"]


def test_an_enum_value_that_is_not_an_option_lists_the_options(records: RecordService, unchanged: None) -> None:
    with pytest.raises(InvalidValueError, match=r"condition: 'mint' is not one of new, refurb, used"):
        records.update("listing", "Beelink SER5", {"condition": "mint"})


def test_unreadable_values_are_all_reported_at_once(records: RecordService, unchanged: None) -> None:
    with pytest.raises(InvalidValueError) as refusal:
        records.update("listing", "Beelink SER5", {"ram_gb": "lots", "price_usd": "cheap"})
    assert "ram_gb: 'lots'" in str(refusal.value) and "price_usd: 'cheap'" in str(refusal.value)
    assert "units" in str(refusal.value) or "unit" in str(refusal.value)


def test_a_required_field_cannot_be_cleared(records: RecordService, unchanged: None) -> None:
    with pytest.raises(RecordValidationError, match=r"price_usd\s+\(empty\)\s+is required but is empty \(not_null\)"):
        records.update("listing", "Beelink SER5", {"price_usd": ""})


def test_custom_field_rules_apply_to_edits(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("cpu", "stepping", "string", pattern="[A-Z][0-9]", max_length=2)
    custom_field("cpu", "l3_cache_mb", "integer", minimum=1, maximum=256)
    before = _state(engine)

    with pytest.raises(RecordValidationError) as refusal:
        records.update("cpu", "Intel Core i7-8700", {"stepping": "u0x", "l3_cache_mb": "512"})

    fields = {failure["field"]: failure["rule"] for failure in refusal.value.failures}
    assert fields == {"stepping": fields["stepping"], "l3_cache_mb": "at_most"}
    assert "must match the pattern" in str(refusal.value) or "at most 2 characters" in str(refusal.value)
    assert _state(engine) == before


def test_a_required_custom_field_missing_from_a_stored_record_must_be_set_with_the_edit(
    records: RecordService, engine: Engine, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("gpu", "vram_gb", "integer", required=True)

    with pytest.raises(RecordValidationError, match=r"vram_gb .*stored value: set it in this edit too"):
        records.update("gpu", "AMD Radeon RX 6600", {"gpu_mark": "17000"})
    assert stored(engine, "gpu")["AMD Radeon RX 6600"]["gpu_mark"] == 16500

    change = records.update("gpu", "AMD Radeon RX 6600", {"gpu_mark": "17000", "vram_gb": "8"})
    assert change.after == {"gpu_mark": 17000, "vram_gb": 8}


def test_an_unknown_field_lists_the_valid_ones(records: RecordService, unchanged: None) -> None:
    with pytest.raises(UnknownFieldError, match=r"no editable field 'ram'\. Did you mean 'ram_gb'\? Valid fields are: price_usd, condition, cpu"):
        records.update("listing", "Beelink SER5", {"ram": "16"})


def test_the_natural_key_cannot_be_edited(records: RecordService, unchanged: None) -> None:
    with pytest.raises(UnknownFieldError, match="'title' is the natural key of Listing records"):
        records.update("listing", "Beelink SER5", {"title": "Beelink SER5 Pro"})


def test_a_reference_to_no_record_is_refused_with_the_closest_names(records: RecordService, unchanged: None) -> None:
    with pytest.raises(InvalidValueError, match=r"cpu: no CPU is named 'Intel Core i7-870'\. Closest: 'Intel Core i7-8700'"):
        records.update("listing", "Beelink SER5", {"cpu": "Intel Core i7-870"})


def test_an_unknown_record_or_entity_or_an_empty_change_is_refused(records: RecordService, unchanged: None) -> None:
    with pytest.raises(RecordNotFoundError, match=r"No CPU has the name 'Intel Core i7-870'\. Closest: 'Intel Core i7-8700'"):
        records.update("cpu", "Intel Core i7-870", {"cores": "8"})
    with pytest.raises(RecordNotFoundError):
        records.get("gpu", "GeForce 256")
    with pytest.raises(UnknownEntityError, match="valid entities are"):
        records.update("motherboard", "X", {"socket": "AM5"})
    with pytest.raises(RecordUsageError, match="Nothing to change"):
        records.update("cpu", "Intel Core i7-8700", {})


@pytest.mark.parametrize(("hide", "said"), [("delete", "is deleted; restore it first"), ("disable", "is disabled; enable it first")])
def test_a_reference_to_a_deleted_or_disabled_record_is_refused(
    records: RecordService, engine: Engine, imported: str, hide: str, said: str
) -> None:
    getattr(records, hide)("cpu", "Intel Core i5-12400")
    before = _state(engine)
    with pytest.raises(InvalidValueError, match=f"cpu: the CPU 'Intel Core i5-12400' {said}, or name another"):
        records.update("listing", "Beelink SER5", {"cpu": "intel core i5-12400"})
    assert _state(engine) == before
