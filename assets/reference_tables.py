"""The five reference tables as assets: lineage from the runs that change them to what they changed.

The tables are not computed by any job. The run that changes one (a commit,
an undo) reports a materialization of each table it changed, with the row
count, its own counts and the column schema, so a table's history lists
exactly the runs that changed it and a refused or no-op commit leaves it as
it was. Record edits and undos made outside a run are reported the same way,
as runless events (`pipelines.table_events`).

Each materialization carries column lineage: every stored column mapped to
the source columns (``Sheet.Column`` of the session's `uploaded_workbook`)
of the latest import that wrote it (`dealbrain.provenance.latest_column_sources`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import dagster as dg
from sqlalchemy import Engine, func, select

from assets.session_partitions import REFERENCE_GROUP
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.provenance import ColumnSource, latest_column_sources
from dealbrain.specs import ENTITY_SPECS, EntitySpec, FieldSpec
from dealbrain.store.records import entity_table

REFERENCE_TABLES = [
    dg.AssetSpec(
        name,
        deps=["committed_import"],
        group_name=REFERENCE_GROUP,
        kinds={"sql"},
        owners=["team:data-operations"],
        description=f"The {spec.label} reference table; one materialization per run that changed it.",
    )
    for name, spec in ENTITY_SPECS.items()
]


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


def column_lineage(
    entity: EntitySpec, custom_fields: list[FieldSpec], sources: Mapping[str, list[ColumnSource]]
) -> dg.TableColumnLineage:
    """Each stored column (named as in `table_schema`) -> the source columns of the import that last set it."""
    names = {field.name: field.column_name for field in entity.fields}
    names |= {field.name: f"attributes_json.{field.name}" for field in custom_fields}
    return dg.TableColumnLineage(
        deps_by_column={
            names[field]: [
                dg.TableColumnDep(asset_key=dg.AssetKey("uploaded_workbook"), column_name=f"{source.sheet}.{source.column}")
                for source in columns
            ]
            for field, columns in sources.items()
            if field in names
        }
    )


def changed_tables(counts: Mapping[str, Mapping[str, int]], changed: Iterable[str]) -> list[str]:
    """The entities whose counts show a change (any of ``changed``, e.g. inserted or updated, above zero)."""
    keys = list(changed)
    return [name for name, entity_counts in counts.items() if any(entity_counts.get(key, 0) for key in keys)]


def table_materializations(
    engine: Engine, counts: Mapping[str, Mapping[str, int]], changed: Iterable[str], **context: str
) -> list[dg.AssetMaterialization]:
    """One materialization per table that changed, with its row count, the run's counts and the schema."""
    events = []
    with transaction(engine) as session:
        for name in changed_tables(counts, changed):
            entity = ENTITY_SPECS[name]
            custom = active_field_specs(session, name)
            sources = latest_column_sources(session, name)
            events.append(
                dg.AssetMaterialization(
                    asset_key=name,
                    metadata={
                        "dagster/row_count": session.scalar(select(func.count()).select_from(entity_table(entity))),
                        "dagster/column_schema": table_schema(entity, custom),
                        "dagster/column_lineage": column_lineage(entity, custom, sources),
                        "source_files": ", ".join(sorted({s.file for c in sources.values() for s in c})) or "none",
                        **counts[name],
                        **context,
                    },
                )
            )
    return events
