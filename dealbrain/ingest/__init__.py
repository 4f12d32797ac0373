"""Intake and parsing of uploaded spreadsheets, free of Dagster.

``UploadStore`` keeps uploads by content hash; ``read_workbook`` turns an
xlsx, csv or tsv into ``RawSheet``s of text cells with their source row
numbers; anything an operator got wrong raises ``FileRejected``.
"""

from dealbrain.ingest.errors import FileRejected, describe_location
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import column_letter, safe_sheet_label, sanitize_display_name
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet, Workbook
from dealbrain.ingest.upload_store import StoredUpload, UploadStore
from dealbrain.ingest.workbook import read_workbook

__all__ = [
    "SOURCE_ROW",
    "FileRejected",
    "RawSheet",
    "ReadLimits",
    "StoredUpload",
    "UploadStore",
    "Workbook",
    "column_letter",
    "describe_location",
    "read_workbook",
    "safe_sheet_label",
    "sanitize_display_name",
]
