"""The HTTP API (FastAPI): thin routes over the same services the CLI and the Dagster assets use."""
