"""`custom_field_catalog`: manage custom fields from the Dagster launchpad.

Materializing the asset applies one change (or none, for ``list``) through
`CustomFieldService`, the same service the CLI uses, so permissions, impact
checks and audit events are identical. Refusals (an invalid definition, an
unconfirmed impact, a missing permission) fail the run with the reason as
its description; the impact report is attached to the failure.
"""

from typing import Literal

import dagster as dg
from pydantic import Field

from assets.launch_config import as_launch_config
from assets.session_partitions import ADMIN_GROUP
from dealbrain.auth import PermissionDeniedError
from dealbrain.customfields import (
    CustomFieldError,
    CustomFieldService,
    FieldDefinition,
    FieldStatus,
    ImpactConfirmationRequired,
    ImpactReport,
)
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.customfields.presentation import DEFINITION_COLUMNS, definition_row, impact_markdown
from dealbrain.specs import UnknownEntityError
from dealbrain.tables import markdown_table
from resources.deployment import Deployment

Action = Literal["list", "create", "update", "impact", "delete", "restore", "approve"]


class CustomFieldChangeConfig(as_launch_config(FieldInputs)):  # type: ignore[misc]
    """One change to the custom-field catalog. Leave a setting empty to keep it as it is.

    The field settings are `FieldInputs` (the same model as the CLI's options and
    the HTTP API's bodies); this form adds what to do and to which field.
    """

    action: Action = Field(
        default="list", description="list, create, update, impact (a dry run), delete, restore or approve."
    )
    entity: str | None = Field(
        default=None, description="cpu, gpu, listing, valuation_rule or ports_profile (every entity for list if empty)."
    )
    key: str | None = Field(default=None, description="The field key: a-z, 0-9 and _, starting with a letter.")
    confirm: bool = Field(default=False, description="Apply an update even if stored values become invalid.")
    hard: bool = Field(default=False, description="Delete for good: remove the definition and every stored value.")
    include_deleted: bool = Field(default=False, description="Show soft-deleted fields in the catalog table.")

    def inputs(self) -> FieldInputs:
        """The field settings of this form, as the domain model."""
        settings = self.model_dump(mode="json", include=set(FieldInputs.model_fields))
        return FieldInputs.model_validate(settings)


@dg.asset(group_name=ADMIN_GROUP, kinds={"python", "sql"}, owners=["team:data-operations"])
def custom_field_catalog(
    context: dg.AssetExecutionContext,
    config: CustomFieldChangeConfig,
    deployment: dg.ResourceParam[Deployment],
) -> dg.MaterializeResult:
    """The custom-field definitions of every entity, after applying the configured change."""
    service = CustomFieldService(deployment.engine(), deployment.actor_for(context.run))
    try:
        outcome, changed, report = _apply(service, config)
        catalog = service.list_fields(config.entity, include_deleted=True)
    except ImpactConfirmationRequired as refusal:
        raise dg.Failure(description=str(refusal), metadata=_impact_metadata(refusal.report)) from None
    except (CustomFieldError, UnknownEntityError, PermissionDeniedError) as refusal:
        raise dg.Failure(description=str(refusal)) from None
    context.log.info(outcome)
    metadata: dict[str, object] = {
        "outcome": outcome,
        "definitions": dg.MetadataValue.md(_catalog_markdown(catalog, config.include_deleted)),
        **_counts(catalog),
    }
    if changed is not None:
        metadata["definition"] = dg.MetadataValue.json(changed.as_dict())
    if report is not None:
        metadata.update(_impact_metadata(report))
    return dg.MaterializeResult(metadata=metadata)


def _apply(
    service: CustomFieldService, config: CustomFieldChangeConfig
) -> tuple[str, FieldDefinition | None, ImpactReport | None]:
    """Run the configured action: (what happened, the field after it, the impact measured)."""
    if config.action == "list":
        return "Listed the custom fields.", None, None
    entity, key = _target(config)
    if config.action == "create":
        created = service.create(entity, key, config.inputs())
        return f"Created {entity} field {key!r} ({created.status.value}).", created, None
    if config.action in ("update", "impact"):
        change = config.inputs().change()
        report = service.impact(entity, key, change) if change.touches_rules else None
        if config.action == "impact":
            return report.summary() if report else "This change cannot invalidate stored values.", None, report
        updated = service.update(entity, key, change, confirm=config.confirm)
        return f"Updated {entity} field {key!r}.", updated, report
    if config.action == "delete":
        if config.hard:
            service.delete(entity, key, hard=True)
            return f"Removed {entity} field {key!r} and its stored values.", None, None
        return f"Deleted {entity} field {key!r}.", service.delete(entity, key), None
    acted = service.restore(entity, key) if config.action == "restore" else service.approve(entity, key)
    return f"{config.action.capitalize()}d {entity} field {key!r}.", acted, None


def _target(config: CustomFieldChangeConfig) -> tuple[str, str]:
    if not config.entity or not config.key:
        raise CustomFieldError(f"The {config.action} action needs both `entity` and `key` in the launch config.")
    return config.entity, config.key


def _catalog_markdown(catalog: list[FieldDefinition], include_deleted: bool) -> str:
    shown = [definition for definition in catalog if include_deleted or definition.status is not FieldStatus.DELETED]
    if not shown:
        return "_No custom fields._"
    return markdown_table([definition_row(definition) for definition in shown], DEFINITION_COLUMNS)


def _counts(catalog: list[FieldDefinition]) -> dict[str, int]:
    return {
        f"{status.value}_fields": sum(1 for definition in catalog if definition.status is status)
        for status in FieldStatus
    }


def _impact_metadata(report: ImpactReport) -> dict[str, object]:
    return {
        "impact": dg.MetadataValue.md(impact_markdown(report)),
        "records_total": report.total_records,
        "records_failing": report.failing_records,
    }
