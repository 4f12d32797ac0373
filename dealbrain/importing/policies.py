"""The choices an import's policies take, kept free of heavy imports (the CLI builds its options from them)."""

from __future__ import annotations

from enum import StrEnum


class DuplicatePolicy(StrEnum):
    """What to do with rows repeating a natural key inside one sheet."""

    ERROR = "error"
    FIRST = "first"
    LAST = "last"


class InvalidRowPolicy(StrEnum):
    """What to do with rows that fail validation."""

    ERROR = "error"
    SKIP = "skip"


class ConflictPolicy(StrEnum):
    """What to do with a row that would change a stored record."""

    UPDATE = "update"
    SKIP = "skip"
    KEEP = "keep"
    MERGE = "merge"


class UnknownComponentPolicy(StrEnum):
    """Whether a commit may create the CPU, GPU or ports profile records that listings name but nobody imported.

    Unset, records that would carry something besides their name (a
    component's metadata such as ``gpu_mark``) are created and records that
    would carry nothing but a name block the commit.
    """

    CREATE = "create"
    BLOCK = "block"


class NearDuplicatePolicy(StrEnum):
    """What to do with a new record whose name is nearly a stored record's name (``i7-8700 @ 3.20GHz`` / ``i7-8700``)."""

    BLOCK = "block"
    """Block the commit until each is decided."""
    INSERT = "insert"
    """Insert it anyway, as a record of its own."""
    UPDATE = "update"
    """Treat it as the stored record: update that record."""
    SKIP = "skip"
    """Leave the row out."""
