"""Data quality of the stored reference tables: Great Expectations suites run after imports and every morning."""

from __future__ import annotations

import dagster as dg

from assets.presentation import bullet_list, markdown, records_markdown
from dealbrain.specs import ENTITY_NAMES, ENTITY_SPECS
from resources.deployment import Deployment
from validations.quality import QualityReport, load_table_frame, run_quality_suite

ASSET = "reference_data_quality"
CHECK = "expectations_met"
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
    reports = [run_quality_suite(name, load_table_frame(engine, name)) for name in ENTITY_NAMES]
    failures = [(report, outcome) for report in reports for outcome in report.failures]
    return dg.MaterializeResult(
        metadata={
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
