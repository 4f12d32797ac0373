"""The import runner of the importing tests, for the preview tests."""

from tests.importing.conftest import run, upload_store  # noqa: F401 - fixtures
