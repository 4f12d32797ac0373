"""One entry of the hostile corpus, and the small builders every part of the corpus shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dealbrain.ingest import ReadLimits


@dataclass(frozen=True)
class HostileFile:
    """One hostile upload and the refusal it must get from the whole import."""

    id: str
    build: Callable[[Path], Path]
    """Writes the file into the folder given and returns its path."""
    reason: str
    """``FileRejected.reason`` expected."""
    says: tuple[str, ...]
    """Substrings of the message: the problem, the place and the fix."""
    source_name: str | None = None
    """The name the operator gave the upload, when it differs from the file's."""
    limits: ReadLimits | None = None
    """Small limits, so a limit case stays fast."""
    where: dict[str, Any] = field(default_factory=dict)
    """Expected ``sheet``/``row``/``column`` attributes of the refusal."""
    read_in_child: bool = False
    """True when the refusal comes from the limited reading child (it got past every count)."""
    request_fields: dict[str, Any] = field(default_factory=dict)
    """Import request settings the case needs (a JSON record path, say)."""


def _as_bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _csv(name: str, text: str) -> Callable[[Path], Path]:
    return _as_bytes(name, text.encode("utf-8"))
