"""The inbox folder: which files in it can be imported, and the session each one becomes.

A session made from an inbox file is named so a person recognises it: the
file's name, the day it was registered and a short digest of its bytes
(``cpus-20261202-3fa9c1``). The same name leads back to the file, whatever
the day, so a run launched for such a session needs no file path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dealbrain.ingest.file_kind import FORMAT_BY_EXTENSION

IMPORTABLE_SUFFIXES = frozenset(FORMAT_BY_EXTENSION)
SESSION_STEM_LENGTH = 40
DIGEST_LENGTH = 6
_SESSION = re.compile(rf"^(?P<stem>.+)-(?P<day>\d{{8}})-(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}})$")


@dataclass(frozen=True)
class InboxFile:
    """One importable file in the inbox and the session it becomes when registered today."""

    path: Path
    session_id: str

    @property
    def name(self) -> str:
        return self.path.name


def importable_files(inbox: Path) -> list[Path]:
    """The files in ``inbox`` the importer can read, by name; the folder is created when missing."""
    inbox.mkdir(parents=True, exist_ok=True)
    return sorted(
        path for path in inbox.iterdir() if path.is_file() and path.suffix.lower() in IMPORTABLE_SUFFIXES
    )


def session_id_for(path: Path, today: datetime | None = None) -> str:
    """The session a file becomes: its name, the day and a short digest of its bytes."""
    return f"{_stem(path)}-{(today or datetime.now(UTC)):%Y%m%d}-{_digest(path)}"


def inbox_listing(inbox: Path, today: datetime | None = None) -> list[InboxFile]:
    """Every importable file in ``inbox`` with the session it would become today."""
    return [InboxFile(path, session_id_for(path, today)) for path in importable_files(inbox)]


def same_file(session_a: str, session_b: str) -> bool:
    """Whether two session ids name the same file and bytes (registered on any days)."""
    first, second = _SESSION.match(session_a), _SESSION.match(session_b)
    if first is None or second is None:
        return session_a == session_b
    return (first["stem"], first["digest"]) == (second["stem"], second["digest"])


def file_for_session(inbox: Path, session_id: str) -> Path | None:
    """The inbox file whose name and bytes ``session_id`` was made from, or None."""
    named = _SESSION.match(session_id)
    if named is None:
        return None
    for path in importable_files(inbox):
        if _stem(path) == named["stem"] and _digest(path) == named["digest"]:
            return path
    return None


def _stem(path: Path) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in path.stem.lower()).strip("-")
    return stem[:SESSION_STEM_LENGTH] or "upload"


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:DIGEST_LENGTH]
