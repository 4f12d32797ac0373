"""The five reference tables as assets, downstream of the load: lineage from each import to what it changed."""


from collections.abc import Iterator

import dagster as dg
from sqlalchemy import func, select

from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.importing.existing_records import entity_table
from dealbrain.importing.stages.commit import CommitResult
from dealbrain.specs import ENTITY_SPECS, EntitySpec, FieldSpec
from pipelines.partitions import import_sessions
from resources.database import DatabaseResource

GROUP = "reference_tables"


def table_schema(entity: EntitySpec, custom_fields: list[FieldSpec]) -> dg.TableSchema:
    """Column schema of an entity: standard columns, then custom fields as ``attributes_json.<key>``."""
    columns = [
        dg.TableColumn(
            field.column_name, str(field.type), description=field.display_label,
            constraints=dg.TableColumnConstraints(nullable=not field.required, unique=field.name in entity.natural_key),
        )
        for field in entity.fields
    ]
    columns += [
        dg.TableColumn(f"attributes_json.{field.name}", str(field.type), description=f"custom: {field.display_label}")
        for field in custom_fields
    ]
    return dg.TableSchema(columns=columns)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            deps=["committed_import"],
            group_name=GROUP,
            kinds={"sql"},
            description=f"The {spec.label} reference table; one materialization per import that changed it.",
            skippable=True,
            partitions_def=import_sessions,
        )
        for name, spec in ENTITY_SPECS.items()
    ],
    can_subset=True,
)
def reference_tables(
    context: dg.AssetExecutionContext, committed_import: CommitResult, database: DatabaseResource
) -> Iterator[dg.MaterializeResult]:
    """Record, per table the import wrote to, its row count, this import's counts and its column schema."""
    counts = committed_import.counts()
    selected = {key.to_user_string() for key in context.selected_asset_keys}
    with transaction(database.engine()) as session:
        for name, entity_counts in counts.items():
            if name not in selected:
                continue
            entity = ENTITY_SPECS[name]
            total = session.scalar(select(func.count()).select_from(entity_table(entity)))
            yield dg.MaterializeResult(
                asset_key=name,
                metadata={
                    "dagster/row_count": total,
                    "dagster/column_schema": table_schema(entity, active_field_specs(session, name)),
                    **entity_counts,
                    "import_session": committed_import.session_id,
                },
            )
