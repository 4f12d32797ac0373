"""Property-based run of schemathesis against the served OpenAPI document: no 5xx, responses match it.

Every operation gets generated requests (valid and invalid); each answer must
not be a server error and must match the status codes, content types, headers
and body schemas the document declares. ``IMPORTER_SCHEMATHESIS_EXAMPLES``
is not read: the example count is fixed here to keep the run within minutes
on two cores (each generated upload is a real import run).
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import load_sample

pytestmark = pytest.mark.slow  # Dagster runs, a live server or the whole PassMark file: `make test-all`

EXAMPLES = 8
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]


def _exercise(operation: object, mode: GenerationMode) -> str | None:
    """Run the generated cases of one operation; the first failure as text, or None."""

    @given(case=operation.as_strategy(generation_mode=mode))  # type: ignore[attr-defined]
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE, "only an operation without inputs has no invalid request"
        return None
    except Exception as failure:  # noqa: BLE001 - collected and reported per operation below
        return f"{operation.label} ({mode.value}): {failure}"[:2000]  # type: ignore[attr-defined]
    return None


def test_every_operation_answers_within_its_schema(client: TestClient) -> None:
    load_sample(client)  # records, sessions and audit events for the generated requests to meet
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = [
        problem for operation in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (problem := _exercise(operation, mode))
    ]
    assert not failures, f"{len(failures)} operation(s) failed:\n\n" + "\n\n".join(failures)
