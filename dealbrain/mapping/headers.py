"""Header text as the mapper sees it: normalized spellings and sheet signatures.

Normalization decides when two spellings are "the same header". Units in
parentheses are kept as words rather than dropped: several field names carry
their unit (``tdp_w``, ``price_usd``, ``ram_gb``), so ``"TDP (W)"``,
``"TDP W"`` and ``"tdp_w"`` all normalize to ``"tdp w"``, while
``"RAM (MB)"`` stays distinct from ``"RAM (GB)"`` and is never silently
mapped to a gigabyte field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

_LOWER_THEN_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")
"""``threadValue`` -> ``thread Value``; leaves ``iGPU`` alone."""
_ACRONYM_THEN_WORD = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")
"""``CPUMark`` -> ``CPU Mark``; ``G3DMark`` -> ``G3D Mark``."""
_APOSTROPHES = re.compile(r"['\u2019`]")
_SEPARATORS = re.compile(r"[\W_]+")


def normalize_header(text: str) -> str:
    """Reduce a header to lowercase words separated by single spaces.

    Steps: Unicode NFKC, split camelCase words (``cpuCount`` -> ``cpu count``,
    ``CPUMark`` -> ``cpu mark``), lowercase, drop apostrophes, then turn every
    run of spaces, underscores, dashes and other punctuation (including
    parentheses, ``#``, ``$`` and ``%``) into one space and trim. Units in
    parentheses survive as words: ``"TDP (W)"`` -> ``"tdp w"``.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _ACRONYM_THEN_WORD.sub(" ", _LOWER_THEN_WORD.sub(" ", text))
    text = _APOSTROPHES.sub("", text.casefold())
    return _SEPARATORS.sub(" ", text).strip()


def compact_header(normalized: str) -> str:
    """A normalized header without spaces: ``"multi thread mark"`` -> ``"multithreadmark"``.

    Two headers whose compact forms are equal differ only in word breaks
    (``"CPUMark"`` vs ``"cpu mark"``) and are treated as the same spelling.
    """
    return normalized.replace(" ", "")


def header_signature(headers: Sequence[str]) -> str:
    """A stable SHA-256 hex digest identifying a sheet's set of headers.

    The signature is order-insensitive (columns moved around keep their
    remembered mappings, because mappings are stored per column name) but
    counts duplicates, and it is computed on normalized headers, so
    ``"CPU Mark"`` and ``"cpu_mark"`` give the same signature.
    """
    normalized = sorted(normalize_header(header) for header in headers)
    payload = f"{len(normalized)}\x1e" + "\x1f".join(normalized)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
