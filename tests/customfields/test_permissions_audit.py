"""Who may do what with custom fields, and the audit trail every change leaves."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, PermissionDeniedError
from dealbrain.customfields import (
    CustomFieldService,
    FieldStatus,
    InvalidFieldState,
    active_field_specs,
)
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from tests.customfields.actors import ADMIN, ANALYST, OPERATOR

Services = Callable[[Actor], CustomFieldService]


def test_an_operator_proposes_a_pending_field_that_an_admin_approves(
    service_as: Services, db: Engine, audit_events: Callable
) -> None:
    proposed = service_as(OPERATOR).create("gpu", "vram_gb", FieldInputs(type="integer", minimum=1))
    assert proposed.status is FieldStatus.PENDING
    assert (proposed.is_active, proposed.deleted_at, proposed.created_by) == (False, None, "otto")
    with transaction(db) as session:
        assert active_field_specs(session, "gpu") == []
    assert [field.status for field in service_as(ANALYST).list_fields("gpu")] == [FieldStatus.PENDING]

    approved = service_as(ADMIN).approve("gpu", "vram_gb")
    assert approved.status is FieldStatus.ACTIVE
    with transaction(db) as session:
        assert [spec.name for spec in active_field_specs(session, "gpu")] == ["vram_gb"]
    (event,) = audit_events("custom_field_approved")
    assert event.actor == "ada" and event.entity == "gpu"
    assert (event.payload_json["before"]["status"], event.payload_json["after"]["status"]) == ("pending", "active")
    with pytest.raises(InvalidFieldState, match="already active"):
        service_as(ADMIN).approve("gpu", "vram_gb")


@pytest.mark.parametrize(
    ("actor", "attempt"),
    [
        (OPERATOR, lambda service: service.update("cpu", "socket_gen", label="Gen")),
        (OPERATOR, lambda service: service.delete("cpu", "socket_gen")),
        (OPERATOR, lambda service: service.delete("cpu", "socket_gen", hard=True)),
        (OPERATOR, lambda service: service.restore("cpu", "socket_gen")),
        (OPERATOR, lambda service: service.approve("cpu", "socket_gen")),
        (ANALYST, lambda service: service.create("cpu", "other", FieldInputs(type="string"))),
        (ANALYST, lambda service: service.update("cpu", "socket_gen", label="Gen")),
        (ANALYST, lambda service: service.impact("cpu", "socket_gen", max_length=3)),
        (ANALYST, lambda service: service.delete("cpu", "socket_gen")),
        (ANALYST, lambda service: service.approve("cpu", "socket_gen")),
    ],
)
def test_roles_without_the_permission_are_refused_and_audited(
    service_as: Services, audit_events: Callable, actor: Actor, attempt: Callable
) -> None:
    service_as(ADMIN).create("cpu", "socket_gen", FieldInputs(type="string"))
    with pytest.raises(PermissionDeniedError) as refusal:
        attempt(service_as(actor))
    assert f"{actor.name} ({actor.role.value}) may not" in str(refusal.value)
    (denied,) = audit_events("permission_denied")
    assert (denied.actor, denied.entity) == (actor.name, "cpu")
    assert denied.payload_json["role"] == actor.role.value
    assert service_as(ADMIN).get("cpu", "socket_gen").label == "Socket gen"


def test_analysts_can_list_and_read(service_as: Services, audit_events: Callable) -> None:
    service_as(ADMIN).create("cpu", "socket_gen", FieldInputs(type="string"))
    assert [field.key for field in service_as(ANALYST).list_fields()] == ["socket_gen"]
    assert service_as(ANALYST).get("cpu", "socket_gen").key == "socket_gen"
    assert audit_events("permission_denied") == []


def test_operators_may_measure_impact(service_as: Services) -> None:
    service_as(ADMIN).create("cpu", "socket_gen", FieldInputs(type="string"))
    assert service_as(OPERATOR).impact("cpu", "socket_gen", max_length=3).failing_records == 0


def test_every_change_is_audited_with_before_and_after(
    admin_service: CustomFieldService, add_records: Callable, audit_events: Callable
) -> None:
    admin_service.create("cpu", "tier", FieldInputs(type="enum", options=["low", "high"]))
    add_records("cpu", {"i3": {"tier": "low"}})
    admin_service.update("cpu", "tier", rename_options={"low": "entry"}, label="Tier")
    admin_service.delete("cpu", "tier")
    admin_service.restore("cpu", "tier")
    admin_service.delete("cpu", "tier", hard=True)

    (created,) = audit_events("custom_field_created")
    assert created.actor == "ada" and created.entity == "cpu"
    assert created.payload_json["before"] is None
    assert created.payload_json["after"]["options"] == ["low", "high"]

    (updated,) = audit_events("custom_field_updated")
    assert updated.payload_json["before"]["options"] == ["low", "high"]
    assert updated.payload_json["after"]["options"] == ["entry", "high"]
    assert updated.payload_json["after"]["label"] == "Tier"
    assert updated.payload_json["change"] == {"label": "Tier", "rename_options": {"low": "entry"}}
    assert updated.payload_json["records_rewritten"] == 1

    soft, hard = audit_events("custom_field_deleted")
    assert (soft.payload_json["before"]["status"], soft.payload_json["after"]["status"]) == ("active", "deleted")
    assert soft.payload_json["hard"] is False
    assert hard.payload_json["after"] is None and hard.payload_json["hard"] is True
    assert hard.payload_json["records_cleared"] == 1

    (restored,) = audit_events("custom_field_restored")
    statuses = (restored.payload_json["before"]["status"], restored.payload_json["after"]["status"])
    assert statuses == ("deleted", "active")


def test_refused_changes_leave_no_change_event(
    admin_service: CustomFieldService, add_records: Callable, audit_events: Callable
) -> None:
    admin_service.create("cpu", "cache_mb", FieldInputs(type="integer"))
    add_records("cpu", {"i3": {"cache_mb": 12}})
    with pytest.raises(ValueError):
        admin_service.update("cpu", "cache_mb", maximum=8)
    with pytest.raises(ValueError):
        admin_service.create("cpu", "cache_mb", FieldInputs(type="integer"))
    assert audit_events("custom_field_updated") == []
    assert len(audit_events("custom_field_created")) == 1
