"""Data-quality expectations over the stored reference tables, run with Great Expectations.

Import validation (pandera, in ``dealbrain.validation``) judges incoming rows;
this package judges the tables as stored, after imports and on a schedule. It
sits outside the domain because Great Expectations is a heavy dependency of
the quality asset only; it is imported lazily, on the first run.
"""

from validations.expectations import (
    EXPECTATIONS,
    Check,
    QualityExpectation,
    YearsFromNow,
    expectations_for,
)
from validations.report import ExpectationOutcome, QualityReport
from validations.suite import QualityRunError, load_table_frame, run_quality_suite

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
