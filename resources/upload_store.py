"""The folder where uploaded files are kept under their sha256."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import Field

from dealbrain.ingest import UploadStore


class UploadStoreResource(dg.ConfigurableResource):
    """Content-addressed store of uploaded spreadsheets."""

    root: str = Field(description="Folder holding uploads, one file per sha256.")
    inbox: str = Field(default="", description="Folder the inbox sensor watches for new files (empty: none).")

    def store(self) -> UploadStore:
        return UploadStore(Path(self.root))
