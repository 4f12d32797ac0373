"""The provenance tests reuse the record-edit fixtures: an imported workbook and the record service."""

from tests.importing.conftest import run, upload_store  # noqa: F401 - fixtures used here
from tests.records.conftest import custom_field, imported, records  # noqa: F401 - fixtures used here
