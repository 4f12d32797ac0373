"""The one base of every error a person can cause and fix, as opposed to a failure of the infrastructure.

Its message says what was wrong, where (sheet, row, column or field) and what
to do. Each surface has one translator for it: a failed Dagster step with the
message and no traceback (`assets/failures.py`), CLI exit code 1 or 2
(`cli/output.py`), a JSON error response (the HTTP API). Anything
else that escapes is an infrastructure failure and is reported as one.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """Raised for input, requests or permissions a person can correct; the message is shown as it is."""
