"""Data-quality expectations over the stored reference tables, run with Great Expectations.

Import validation (pandera, in ``validations``) judges incoming rows; this
subpackage judges the tables as stored, after imports and on a schedule.
Great Expectations is imported lazily, on the first run.
"""

from validations.quality.expectations import EXPECTATIONS, Check, QualityExpectation, YearsFromNow, expectations_for
from validations.quality.report import ExpectationOutcome, QualityReport
from validations.quality.suite import QualityRunError, load_table_frame, run_quality_suite

__all__ = [
    "EXPECTATIONS",
    "Check",
    "ExpectationOutcome",
    "QualityExpectation",
    "QualityReport",
    "QualityRunError",
    "YearsFromNow",
    "expectations_for",
    "load_table_frame",
    "run_quality_suite",
]
