"""Turning names that users chose into names that are safe to show, store and log."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from dealbrain.ingest.errors import FileRejected

MAX_DISPLAY_NAME_CHARS = 255
MAX_SHEET_LABEL_CHARS = 64
_UNSAFE_LABEL_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index: 0 → ``A``, 26 → ``AA``."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def sanitize_display_name(name: str) -> str:
    """The file name a user gave, reduced to something safe to display and store.

    Directories and path traversal are dropped (``../../etc/passwd`` → ``passwd``),
    as are control characters and leading dots or spaces. Raises
    ``FileRejected(reason="bad_name")`` when nothing usable is left.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = re.split(r"[/\\]", text)[-1]
    text = text.strip().lstrip(". ").rstrip(". ")
    if not text:
        raise FileRejected(
            f"the file name {name!r} has no usable characters",
            reason="bad_name",
            fix="rename the file to something like 'cpus.xlsx' and upload it again",
        )
    return _shorten_keeping_extension(text, MAX_DISPLAY_NAME_CHARS)


def safe_sheet_label(name: str) -> str:
    """A version of a sheet name safe for file names and log lines (ASCII, no spaces).

    ``"Prix €/CPU"`` → ``"Prix_CPU"``. Names with no ASCII letters or digits
    become ``sheet-<hash>`` so different sheets still get different labels.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii")
    label = _UNSAFE_LABEL_CHARS.sub("_", ascii_only).strip("._-")
    if not label:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        return f"sheet-{digest}"
    return label[:MAX_SHEET_LABEL_CHARS]


def _shorten_keeping_extension(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and stem and len(extension) <= 10:
        return stem[: limit - len(extension) - 1] + "." + extension
    return text[:limit]
