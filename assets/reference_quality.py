"""Data quality of the stored reference tables: Great Expectations suites run after imports and every morning.

The expectations are the declared ones (`validations.expectations`)
plus those the active custom fields' rules imply; every run updates the Data
Docs site in the data folder (``quality_docs/index.html``), linked from the
materialization.
"""

from __future__ import annotations

import dagster as dg

from assets.presentation import bullet_list, markdown, records_markdown
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.specs import ENTITY_NAMES, ENTITY_SPECS
from resources.deployment import Deployment
from validations import QualityReport, load_table_frame, run_quality_suite
from validations.data_docs import docs_index

ASSET = "reference_data_quality"
CHECK = "expectations_met"
DOCS_FOLDER = "quality_docs"
SHOWN_COLUMNS = ["expectation", "column", "success", "unexpected", "examples"]


@dg.asset(
    name=ASSET,
    group_name="quality",
    kinds={"great_expectations", "sql"},
    owners=["team:data-operations"],
    deps=[dg.AssetKey(name) for name in ENTITY_NAMES],
    check_specs=[
        dg.AssetCheckSpec(
            CHECK,
            asset=ASSET,
            description="Every reference table meets its data-quality expectations (a warning, never blocking).",
        )
    ],
)
def reference_data_quality(deployment: dg.ResourceParam[Deployment]) -> dg.MaterializeResult:
    """Runs the declared data-quality expectations over each stored reference table and reports, per table,
    which held, how many records broke each one and a few of those records."""
    engine = deployment.engine()
    docs = deployment.settings.resolved_data_dir / DOCS_FOLDER
    with transaction(engine) as session:
        custom = {name: active_field_specs(session, name) for name in ENTITY_NAMES}
    reports = [
        run_quality_suite(name, load_table_frame(engine, name, custom[name]), custom_fields=custom[name], docs_dir=docs)
        for name in ENTITY_NAMES
    ]
    failures = [(report, outcome) for report in reports for outcome in report.failures]
    return dg.MaterializeResult(
        metadata={
            "data_docs": dg.MetadataValue.url(docs_index(docs).as_uri()),
            "data_docs_path": dg.MetadataValue.path(str(docs_index(docs))),
            "custom_field_expectations": sum(
                1 for report in reports for outcome in report.results if outcome.column.startswith("attributes_json.")
            ),
            "summary": markdown(records_markdown([_summary_row(report) for report in reports])),
            **{f"{report.entity}_expectations": markdown(_report_markdown(report)) for report in reports},
            "failed_expectations": len(failures),
            "evaluated_rows": sum(report.evaluated_rows for report in reports),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=CHECK,
                passed=not failures,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "failed_expectations": len(failures),
                    "failures": markdown(
                        bullet_list(
                            [
                                f"{ENTITY_SPECS[report.entity].label}: {outcome.description} "
                                f"({outcome.unexpected_count} unexpected)"
                                for report, outcome in failures
                            ]
                        )
                    ),
                },
            )
        ],
    )


def _summary_row(report: QualityReport) -> dict[str, object]:
    return {
        "table": report.entity,
        "rows": report.evaluated_rows,
        "expectations": len(report.results),
        "failed": len(report.failures),
    }


def _report_markdown(report: QualityReport) -> str:
    heading = f"**{ENTITY_SPECS[report.entity].label}**: {report.evaluated_rows} row(s), "
    heading += "all expectations met." if report.success else f"{len(report.failures)} expectation(s) failed."
    return f"{heading}\n\n{records_markdown(report.rows(), SHOWN_COLUMNS)}"
