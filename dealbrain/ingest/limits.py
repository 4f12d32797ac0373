"""Size limits that keep a hostile or accidental upload from exhausting the machine."""

from __future__ import annotations

from dataclasses import dataclass, fields

MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True)
class ReadLimits:
    """Upper bounds enforced while reading an upload; every field must be positive."""

    max_file_bytes: int = 200 * MB
    """Size of the uploaded file itself."""
    max_uncompressed_bytes: int = 1 * GB
    """Sum of the sizes an xlsx's zip directory claims for its members, checked before unpacking."""
    max_compression_ratio: float = 200.0
    """A large zip member that expands more than this many times is treated as a zip bomb."""
    ratio_check_min_bytes: int = 10 * MB
    """Members that expand to less than this are too small to be worth a ratio check."""
    max_zip_members: int = 10_000
    """Number of entries in an xlsx's zip directory."""
    max_rows: int = 2_000_000
    """Data rows per sheet (the header and blank rows are not counted)."""
    max_columns: int = 500
    """Non-empty columns per sheet."""
    max_cell_chars: int = 32_767
    """Characters in one cell; Excel itself refuses longer cells."""
    max_sheets: int = 100
    """Sheets in one workbook."""
    max_cells: int = 20_000_000
    """Cells in the rectangle an xlsx sheet's real values span (rows × columns).

    The xlsx reader allocates the whole rectangle up front, so one stray value
    in cell XFD1048576 would otherwise ask for hundreds of gigabytes. The
    rectangle is counted from the sheet's XML, never taken from its
    ``<dimension>``; it also bounds the size of the shared-string table. At
    about 70 bytes a cell, the default keeps a sheet within
    ``max_parse_memory_bytes``: 2,000,000 rows of 10 columns still fit.
    """
    max_decoded_chars: int = 200_000_000
    """Characters of text an xlsx sheet's cells decode to, each shared-string reference counted."""
    max_parse_memory_bytes: int = 2 * GB
    """Memory an xlsx is expected to need (checked before reading) and may use (enforced while reading)."""
    max_parse_seconds: int = 120
    """CPU seconds the reader of an xlsx may use; twice this in wall-clock time ends it too."""

    batch_above_bytes: int = 64 * MB
    """A CSV or TSV file at least this large is read and imported in batches (`dealbrain.ingest.batched_text`)."""
    batch_rows: int = 200_000
    """Rows per batch when a file is read in batches."""
    batch_block_bytes: int = 16 * MB
    """Bytes read at a time (cut at a record's end) when a delimited file is read in batches."""

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if not value > 0:
                raise ValueError(f"ReadLimits.{spec.name} must be positive, got {value!r}")
