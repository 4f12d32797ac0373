#!/usr/bin/env bash
# The schemathesis run over the API's OpenAPI document (no 5xx, responses match the schema), on SQLite
# and, when IMPORTER_TEST_DATABASE_URL names a PostgreSQL, there. Call it from the repository root.
set -euo pipefail
exec .venv/bin/python -m pytest tests/api/test_schemathesis.py tests/api/test_schemathesis_stateful.py -q -p no:cacheprovider "$@"
