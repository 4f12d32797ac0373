"""Custom-field keys: safe identifiers only, never a standard field or system column."""

from __future__ import annotations

import pytest

from dealbrain.customfields import (
    CustomFieldService,
    InvalidKey,
    check_key,
    reserved_keys,
)
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.specs import get_entity_spec

CPU = get_entity_spec("cpu")
LISTING = get_entity_spec("listing")


@pytest.mark.parametrize("key", ["ram", "ram_gb", "r2d2", "a", "x" * 64, "has_wifi_6e"])
def test_safe_keys_are_accepted(key: str) -> None:
    assert check_key(key, CPU) == key


@pytest.mark.parametrize(
    ("key", "rule"),
    [
        ("../x", "contains '.'"),
        ("a b", "contains a space"),
        ('"; drop table', "contains '\"'"),
        ("x" * 500, "500 characters long; keys may have at most 64"),
        ("x" * 65, "at most 64"),
        ("", "The key is empty"),
        ("Ram", "uppercase"),
        ("ram-gb", "contains '-'"),
        ("1ram", "must start with a lowercase letter"),
        ("_ram", "must start with a lowercase letter"),
        ("ram\n", "contains '\\n'"),
        ("r\u0430m", "U+0430 CYRILLIC SMALL LETTER A"),
        ("\uff52\uff41\uff4d", "U+FF52 FULLWIDTH LATIN SMALL LETTER R"),
        ("ram\u200b", "U+200B ZERO WIDTH SPACE"),
        ("caf\u00e9", "U+00E9"),
    ],
)
def test_hostile_keys_are_refused_naming_the_rule(key: str, rule: str) -> None:
    with pytest.raises(InvalidKey) as refusal:
        check_key(key, CPU)
    assert rule in str(refusal.value)


def test_look_alikes_are_not_normalised_into_acceptance() -> None:
    for look_alike in ("r\u0430m", "\uff52\uff41\uff4d"):
        with pytest.raises(InvalidKey, match="not a plain ASCII letter"):
            check_key(look_alike, CPU)


@pytest.mark.parametrize("key", ["name", "cores", "notes", "id", "attributes_json", "created_at", "updated_at"])
def test_standard_fields_and_system_columns_are_reserved(key: str) -> None:
    with pytest.raises(InvalidKey, match="reserved on cpu"):
        check_key(key, CPU)


@pytest.mark.parametrize("key", ["cpu", "cpu_id", "gpu_id", "ports_profile_id", "title", "price_usd"])
def test_reference_fields_and_their_columns_are_reserved_on_listing(key: str) -> None:
    assert key in reserved_keys(LISTING)
    with pytest.raises(InvalidKey, match="reserved"):
        check_key(key, LISTING)


def test_reference_column_names_are_reserved_on_every_entity() -> None:
    with pytest.raises(InvalidKey, match="reserved"):
        check_key("listing_id", CPU)


def test_a_standard_field_of_another_entity_is_a_fine_key() -> None:
    assert check_key("price_usd", CPU) == "price_usd"


@pytest.mark.parametrize("key", ["name", "../x", "a b", '"; drop table', "x" * 500, "r\u0430m", "\uff52\uff41\uff4d"])
def test_the_service_refuses_hostile_keys_and_stores_nothing(admin_service: CustomFieldService, key: str) -> None:
    with pytest.raises(InvalidKey):
        admin_service.create("cpu", key, FieldInputs(type="string"))
    assert admin_service.list_fields(include_deleted=True) == []
