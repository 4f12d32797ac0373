"""Creating, listing, deleting, restoring and hard-deleting custom fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from dealbrain.customfields import (
    CustomFieldService,
    DuplicateField,
    FieldNotFound,
    FieldStatus,
    InvalidFieldState,
    active_field_specs,
)
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.specs import FieldType, UnknownEntityError


def active_keys(db: Engine, entity: str) -> list[str]:
    with transaction(db) as session:
        return [spec.name for spec in active_field_specs(session, entity)]


def test_an_admin_creates_an_active_field(admin_service: CustomFieldService, db: Engine) -> None:
    created = admin_service.create(
        "cpu", "ram_gb", FieldInputs(
            type="integer", label="RAM (GB)", description="Installed memory", minimum=1, maximum=512, default="16",
            visibility="import_only", display_order=3, label_translations=["fr=Mémoire"],
        ),
    )
    assert created.status is FieldStatus.ACTIVE
    assert (created.type, created.default, created.minimum, created.maximum) == (FieldType.INTEGER, 16, 1, 512)
    assert created.created_by == "ada"
    fetched = admin_service.get("CPU", "ram_gb")
    timestamps = {"created_at", "updated_at"}
    assert {name: value for name, value in fetched.as_dict().items() if name not in timestamps} == {
        name: value for name, value in created.as_dict().items() if name not in timestamps
    }
    assert (fetched.label, fetched.visibility, fetched.display_order) == ("RAM (GB)", "import_only", 3)
    assert fetched.label_translations == {"fr": "Mémoire"}
    with transaction(db) as session:
        (spec,) = active_field_specs(session, "cpu")
    assert (spec.name, spec.custom, spec.default, spec.label, spec.minimum) == ("ram_gb", True, 16, "RAM (GB)", 1)


def test_active_field_specs_are_ordered_by_display_order_then_key(
    admin_service: CustomFieldService, db: Engine
) -> None:
    admin_service.create("gpu", "zeta", FieldInputs(type="string", display_order=1))
    admin_service.create("gpu", "beta", FieldInputs(type="string", display_order=2))
    admin_service.create("gpu", "alpha", FieldInputs(type="string", display_order=1))
    admin_service.create("cpu", "other", FieldInputs(type="string"))
    assert active_keys(db, "gpu") == ["alpha", "zeta", "beta"]
    assert [field.key for field in admin_service.list_fields()] == ["other", "alpha", "zeta", "beta"]
    assert [field.key for field in admin_service.list_fields("gpu")] == ["alpha", "zeta", "beta"]


def test_keys_are_unique_per_entity_not_globally(admin_service: CustomFieldService) -> None:
    admin_service.create("cpu", "warranty", FieldInputs(type="string"))
    admin_service.create("gpu", "warranty", FieldInputs(type="string"))
    with pytest.raises(DuplicateField, match="already has a custom field 'warranty' \\(active\\)"):
        admin_service.create("cpu", "warranty", FieldInputs(type="integer"))


def test_unknown_entities_and_fields_are_named(admin_service: CustomFieldService) -> None:
    with pytest.raises(UnknownEntityError, match="valid entities are: cpu, gpu"):
        admin_service.create("laptop", "x", FieldInputs(type="string"))
    with pytest.raises(FieldNotFound, match="cpu has no custom field 'ghost'"):
        admin_service.get("cpu", "ghost")
    with pytest.raises(FieldNotFound):
        admin_service.delete("cpu", "ghost")


def test_soft_delete_hides_the_field_and_restore_brings_back_its_values(
    admin_service: CustomFieldService, db: Engine, add_records: Callable, attributes: Callable
) -> None:
    admin_service.create("cpu", "warranty_years", FieldInputs(type="integer"))
    add_records("cpu", {"i7": {"warranty_years": 3}, "i5": {"warranty_years": 1}})

    deleted = admin_service.delete("cpu", "warranty_years")
    assert deleted.status is FieldStatus.DELETED
    assert active_keys(db, "cpu") == []
    assert admin_service.list_fields("cpu") == []
    assert [field.key for field in admin_service.list_fields("cpu", include_deleted=True)] == ["warranty_years"]
    assert attributes("cpu") == {"i7": {"warranty_years": 3}, "i5": {"warranty_years": 1}}
    with pytest.raises(InvalidFieldState, match="already deleted"):
        admin_service.delete("cpu", "warranty_years")
    with pytest.raises(InvalidFieldState, match="restore it before changing it"):
        admin_service.update("cpu", "warranty_years", label="Warranty")
    with pytest.raises(DuplicateField, match="restore it, or delete it with --hard"):
        admin_service.create("cpu", "warranty_years", FieldInputs(type="integer"))

    restored = admin_service.restore("cpu", "warranty_years")
    assert restored.status is FieldStatus.ACTIVE
    assert active_keys(db, "cpu") == ["warranty_years"]
    assert attributes("cpu")["i7"] == {"warranty_years": 3}
    with pytest.raises(InvalidFieldState, match="not deleted"):
        admin_service.restore("cpu", "warranty_years")


def test_hard_delete_removes_the_definition_and_every_value(
    admin_service: CustomFieldService, add_records: Callable, attributes: Callable
) -> None:
    admin_service.create("listing", "seller", FieldInputs(type="string"))
    admin_service.create("listing", "color", FieldInputs(type="string"))
    add_records("listing", {"deal a": {"seller": "bob", "color": "red"}, "deal b": {"color": "blue"}, "deal c": {}})

    removed = admin_service.delete("listing", "seller", hard=True)
    assert removed.key == "seller"
    assert attributes("listing") == {"deal a": {"color": "red"}, "deal b": {"color": "blue"}, "deal c": {}}
    with pytest.raises(FieldNotFound):
        admin_service.get("listing", "seller")
    admin_service.create("listing", "seller", FieldInputs(type="integer"))  # the key is free again


def test_hard_delete_of_a_soft_deleted_field(
    admin_service: CustomFieldService, add_records: Callable, attributes: Callable
) -> None:
    admin_service.create("gpu", "vram_gb", FieldInputs(type="integer"))
    add_records("gpu", {"rtx": {"vram_gb": 12}})
    admin_service.delete("gpu", "vram_gb")
    admin_service.delete("gpu", "vram_gb", hard=True)
    assert attributes("gpu") == {"rtx": {}}
    assert admin_service.list_fields(include_deleted=True) == []


def test_create_joins_the_callers_transaction(admin_service: CustomFieldService, db: Engine) -> None:
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction(db) as session:
        admin_service.create("cpu", "promoted", FieldInputs(type="string"), session=session)
        assert [spec.name for spec in active_field_specs(session, "cpu")] == ["promoted"]
        raise Abort
    assert admin_service.list_fields(include_deleted=True) == []

    with transaction(db) as session:
        admin_service.create("cpu", "promoted", FieldInputs(type="string"), session=session)
        admin_service.update("cpu", "promoted", label="Promoted column", session=session)
    assert admin_service.get("cpu", "promoted").label == "Promoted column"


def test_an_empty_update_is_refused(admin_service: CustomFieldService) -> None:
    admin_service.create("cpu", "x", FieldInputs(type="string"))
    with pytest.raises(ValueError, match="Nothing to change"):
        admin_service.update("cpu", "x")
