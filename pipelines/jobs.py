"""Jobs: preview (and commit when asked) a file, commit a stored preview, undo, manage custom fields, check quality.

Jobs take the deployment's executor (`pipelines/executors.py`): by default
every step runs in the run's own process and hands its result over in
memory (the stages are small; a process per step would only add start-up
time); with Celery, each step is a task on a worker. Runs that write reference records carry the `dealbrain/writes` tag, so
a run queue can let one of them run at a time.
"""

import dagster as dg

from assets.import_stages import COMMIT_JOB
from assets.session_partitions import IMPORT_GROUP, WRITES_DATABASE, WRITES_TAG
from dealbrain.importing.spine import COMMIT_STAGE

IMPORT_STAGES = dg.AssetSelection.groups(IMPORT_GROUP)

import_workbook_job = dg.define_asset_job(
    name="import_workbook",
    selection=IMPORT_STAGES,
    description=(
        "Parse, resolve entities, map columns, apply custom fields and validate one file (the preview); "
        "with `commit: true` in the uploaded_workbook config, also load it."
    ),
    tags={"dealbrain/job": "import"},
)

commit_import_job = dg.define_asset_job(
    name=COMMIT_JOB,
    selection=dg.AssetSelection.assets(COMMIT_STAGE),
    description="Commit the last preview of an import session exactly as previewed (refused if it is blocked or records changed since).",
    tags={"dealbrain/job": "commit", WRITES_TAG: WRITES_DATABASE},
)

undo_import_job = dg.define_asset_job(
    name="undo_import",
    selection=dg.AssetSelection.assets("undone_import"),
    description="Revert a committed import exactly (refused if later changes touched its records, unless only_untouched).",
    tags={"dealbrain/job": "undo", WRITES_TAG: WRITES_DATABASE},
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

metrics_job = dg.define_asset_job(
    name="refresh_metrics",
    selection=dg.AssetSelection.assets("import_metrics"),
    description="Recompute the import metrics (imports per day, rows per entity, custom field usage, edits, times).",
    tags={"dealbrain/job": "metrics"},
)
