"""The metrics tests reuse the import runner and the record-edit fixtures."""

from tests.importing.conftest import run, upload_store  # noqa: F401 - fixtures used here
from tests.records.conftest import custom_field, records  # noqa: F401 - fixtures used here
