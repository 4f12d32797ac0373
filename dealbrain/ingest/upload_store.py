"""Content-addressed storage for uploaded files.

Each upload is kept once, under its SHA-256: ``<root>/<sha[:2]>/<sha><.ext>``.
Writes go to a temporary file that is renamed into place, so a reader never
sees half a file. The store does not validate content; callers read the file
with ``read_workbook`` first and ``discard`` what they do not want.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from dealbrain.ingest.names import sanitize_display_name

_CHUNK_BYTES = 1024 * 1024
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_SAFE_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")
_INCOMING_DIR = ".incoming"
_FILE_MODE = 0o644


@dataclass(frozen=True)
class StoredUpload:
    """Where an upload was kept and whether the same bytes had been uploaded before."""

    sha256: str
    path: Path
    original_name: str
    """The sanitized name the user gave the file (for display only)."""
    size_bytes: int
    already_present: bool
    """True when identical bytes were already in the store; the earlier copy is kept."""


class UploadStore:
    """Keeps uploaded files under their SHA-256 so each distinct file is stored once."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def store(self, source: Path, original_name: str | None = None) -> StoredUpload:
        """Copy ``source`` into the store atomically and describe where it went.

        ``original_name`` defaults to the source file's name; it is sanitized
        (raises ``FileRejected(reason="bad_name")`` if nothing usable is left)
        and its extension, lower-cased, becomes the stored file's extension.
        """
        display_name = sanitize_display_name(original_name or Path(source).name)
        incoming = self.root / _INCOMING_DIR
        incoming.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=incoming, prefix="upload-", suffix=".part")
        temp_path = Path(temp_name)
        try:
            os.fchmod(handle, _FILE_MODE)
            with os.fdopen(handle, "wb") as target:
                sha256, size = _copy_and_hash(Path(source), target)
            existing = self.path_for(sha256)
            if existing is not None:
                return StoredUpload(sha256, existing, display_name, size, already_present=True)
            final = self._shard(sha256) / (sha256 + _extension_of(display_name))
            final.parent.mkdir(parents=True, exist_ok=True)
            if not _publish(temp_path, final):
                return StoredUpload(sha256, final, display_name, size, already_present=True)
            return StoredUpload(sha256, final, display_name, size, already_present=False)
        finally:
            temp_path.unlink(missing_ok=True)

    def already_stored(self, path: Path, original_name: str | None = None) -> StoredUpload | None:
        """``path`` described as a `StoredUpload` when it is a file of this store, else None.

        A caller that kept an upload here first (the HTTP API, so a session's
        re-previews read the same bytes) names the stored file in its import;
        the import then refers to it instead of storing it a second time.
        """
        path = Path(path)
        sha256 = path.name.split(".", 1)[0]
        stored = self.path_for(sha256) if _SHA256_HEX.match(sha256) else None
        if stored is None or path.resolve() != stored.resolve():
            return None
        display_name = sanitize_display_name(original_name or path.name)
        return StoredUpload(sha256, stored, display_name, stored.stat().st_size, already_present=False)

    def path_for(self, sha256: str) -> Path | None:
        """The stored file with this SHA-256 (64 lower-case hex digits), or None."""
        shard = self._shard(_checked_sha256(sha256))
        if not shard.is_dir():
            return None
        matches = sorted(
            entry for entry in shard.iterdir()
            if entry.is_file() and entry.name.split(".", 1)[0] == sha256
        )
        return matches[0] if matches else None

    def discard(self, sha256: str) -> bool:
        """Delete the stored file with this SHA-256; True if there was one."""
        path = self.path_for(sha256)
        if path is None:
            return False
        path.unlink(missing_ok=True)
        return True

    def _shard(self, sha256: str) -> Path:
        return self.root / sha256[:2]


def _copy_and_hash(source: Path, target: BinaryIO) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader:
        while chunk := reader.read(_CHUNK_BYTES):
            digest.update(chunk)
            target.write(chunk)
            size += len(chunk)
    target.flush()
    os.fsync(target.fileno())
    return digest.hexdigest(), size


def _publish(temp_path: Path, final: Path) -> bool:
    """Move a finished file into place; False if identical bytes got there first."""
    try:
        os.link(temp_path, final)  # fails rather than overwrites when a twin upload won the race
    except FileExistsError:
        return False
    except OSError:  # the filesystem has no hard links
        os.replace(temp_path, final)
    return True


def _extension_of(display_name: str) -> str:
    suffix = Path(display_name).suffix.lower()
    return suffix if _SAFE_EXTENSION.match(suffix) else ""


def _checked_sha256(sha256: str) -> str:
    if not isinstance(sha256, str) or not _SHA256_HEX.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


__all__ = ["StoredUpload", "UploadStore"]
