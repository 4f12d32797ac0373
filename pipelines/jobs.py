"""Jobs: import a workbook (preview, and commit when asked), commit a stored preview, manage custom fields, check quality."""

import dagster as dg

IMPORT_STAGES = dg.AssetSelection.groups("import_session") - dg.AssetSelection.assets("undone_import")
REFERENCE_TABLES = dg.AssetSelection.groups("reference_tables")

import_workbook_job = dg.define_asset_job(
    name="import_workbook",
    selection=IMPORT_STAGES | REFERENCE_TABLES,
    description=(
        "Parse, resolve entities, map columns, apply custom fields and validate one uploaded file (the preview); "
        "with `commit: true` in the uploaded_workbook config, also load it."
    ),
    tags={"dealbrain/job": "import"},
)

commit_import_job = dg.define_asset_job(
    name="commit_import",
    selection=dg.AssetSelection.assets("committed_import") | REFERENCE_TABLES,
    description="Commit the last preview of an import session exactly as previewed (refused if records changed since).",
    config={"ops": {"committed_import": {"config": {"commit_last_preview": True}}}},
    tags={"dealbrain/job": "commit"},
)

manage_custom_fields_job = dg.define_asset_job(
    name="manage_custom_fields",
    selection=dg.AssetSelection.assets("custom_field_catalog"),
    description="List, create, change, delete, restore or approve custom fields, with the same checks as the CLI.",
)

reference_quality_job = dg.define_asset_job(
    name="check_reference_data",
    selection=dg.AssetSelection.assets("reference_data_quality"),
    description="Run the data-quality expectations over the stored reference tables.",
)

undo_import_job = dg.define_asset_job(
    name="undo_import",
    selection=dg.AssetSelection.assets("undone_import"),
    description="Revert a committed import exactly (refused if later changes touched its records, unless only_untouched).",
    tags={"dealbrain/job": "undo"},
)
