"""What is recorded about a preview: the fingerprint the commit must find unchanged, and the session's summary."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from dealbrain.jsonsafe import to_jsonable

if TYPE_CHECKING:
    from dealbrain.importing.stages.typing import TypedWorkbook
    from dealbrain.importing.stages.validation import EntityPreview, ImportPreview


def preview_fingerprint(typed: TypedWorkbook, entities: dict[str, EntityPreview]) -> str:
    """What the commit must find unchanged: the request, the stored records, the custom fields."""
    request = typed.request
    document = {
        "request": to_jsonable({k: v for k, v in vars(request).items() if k not in {"commit", "actor"}}),
        "stored": {name: preview.plan.fingerprint for name, preview in sorted(entities.items())},
        "components": {name: preview.components.to_create for name, preview in sorted(entities.items())},
        "custom_fields": {
            entity: [to_jsonable(vars(spec)) for spec in specs] for entity, specs in sorted(typed.custom_fields.items())
        },
    }
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def preview_summary(preview: ImportPreview) -> dict[str, object]:
    return {
        "fingerprint": preview.fingerprint,
        "commit_requested": preview.request.commit,
        "counts": preview.counts(),
        "blocking": preview.blocking,
        "failures": preview.total_failures,
        "failures_csv": str(preview.failures_csv) if preview.failures_csv else None,
        "error_workbook": str(preview.error_workbook) if preview.error_workbook else None,
        "auto_created": preview.auto_created(),
        "created_records": to_jsonable(preview.created_records()),
        "left_out_rows": preview.set_aside_rows().height,
        "near_duplicates": {
            name: p.near_duplicates.rows.height for name, p in preview.entities.items() if p.near_duplicates and p.near_duplicates.rows.height
        },
    }
