"""Comparable keys for CPU, GPU and ports-profile names.

``normalize_component_name`` turns the many spellings of one part into one
key, so that ``"Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"``, ``"Intel Core i7
8700"`` and ``"Core i7-8700"`` all read ``"i7 8700"``. The key keeps every
model-number detail: suffix letters stay glued to their number (``"8700k"``,
``"5600g"``, ``"3060ti"``), so different models never share a key.

What is dropped, and why:

* trademark marks, clock speeds (``"@ 3.20GHz"``, ``"2112 MHz"``) and words that
  only say what kind of part it is (``"CPU"``, ``"Processor"``, ``"APU"``);
* vendor and brand words (``intel``, ``amd``, ``nvidia``, ``geforce``,
  ``radeon``, ``ati``): the model number names the part on its own, and
  listings leave them out more often than not;
* ``"core"`` before ``i3``/``i5``/``i7``/``i9``, which the ``i`` already says;
* an integrated-graphics tail such as ``"with Radeon Graphics"``.

If dropping words would leave nothing (``"AMD Radeon Graphics"``), the words
are kept, so a name never normalizes to an empty key unless it has no
letters or digits at all.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = re.compile(r"\((?:r|tm|c)\)|[®™©℠]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d_]")
_CLOCK = re.compile(r"@?\s*(\d+(?:\.\d+)?)\+?\s*([gm])hz\b")
_BARE_AT = re.compile(r"@")
_IGPU_TAIL = re.compile(r"\b(?:with|w/)\s+(?:amd\s+)?radeon(?:\s+\w+)?\s+graphics\b")
_SEPARATORS = re.compile(r"[^a-z0-9.+]+")
_VERSION_SUFFIX = re.compile(r"(?<=\d\d)(v\d)\b")
_SERIES_PREFIX = re.compile(r"\b(rtx|gtx|gt|rx|mx|gts|hd|uhd|arc)(?=\d)")
_CORE_GENERATION = re.compile(r"\bcore(?=\d\b)")
_LONE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")

BRAND_WORDS: frozenset[str] = frozenset({"intel", "amd", "nvidia", "geforce", "radeon", "ati"})
"""Vendor and brand words left out of the key."""

NOISE_WORDS: frozenset[str] = frozenset({"cpu", "processor", "apu", "gpu", "graphics", "card"})
"""Words that say what kind of part it is, not which one."""

SUFFIX_WORDS: frozenset[str] = frozenset(
    {
        "k", "kf", "ks", "f", "t", "g", "ge", "u", "h", "hk", "hq", "hs", "hx",
        "x", "xm", "qm", "m", "x3d", "xt", "xtx", "ti", "super",
    }
)
"""Model suffixes that, written apart (``"3060 Ti"``, ``"8700 K"``), join the number before them."""

_TIER_WORDS = frozenset({"i3", "i5", "i7", "i9"})


def normalize_component_name(text: str) -> str:
    """The comparable key of a component name: lower case, vendor noise and clocks removed.

    >>> normalize_component_name("Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz")
    'i7 8700'
    >>> normalize_component_name("NVIDIA GeForce RTX 3060 Ti")
    'rtx 3060ti'
    """
    cleaned = _MARKS.sub(" ", text.lower())
    cleaned = unicodedata.normalize("NFKC", cleaned).lower()
    cleaned = _MARKS.sub(" ", cleaned)
    cleaned = _DASHES.sub("-", cleaned)
    cleaned = _IGPU_TAIL.sub(" ", cleaned)
    cleaned = _CLOCK.sub(" ", cleaned)
    cleaned = _BARE_AT.sub(" ", cleaned)
    cleaned = _SEPARATORS.sub(" ", cleaned)
    cleaned = _LONE_DOTS.sub(" ", cleaned)
    cleaned = _VERSION_SUFFIX.sub(r" \1", cleaned)
    cleaned = _SERIES_PREFIX.sub(r"\1 ", cleaned)
    cleaned = _CORE_GENERATION.sub("core ", cleaned)
    words = _glue_suffixes(cleaned.split())
    kept = _drop_vendor_words(words)
    return " ".join(kept or words)


def clock_mhz(text: str) -> int | None:
    """The first clock speed written in a name, in MHz (``"@ 3.20GHz"`` -> 3200), or None.

    The key leaves clocks out; this lets a caller tell apart records whose
    names differ only by clock (``"Pentium 4 2.60GHz"`` and ``"Pentium 4 3.00GHz"``).
    """
    found = _CLOCK.search(text.lower())
    if found is None:
        return None
    value, unit = float(found.group(1)), found.group(2)
    return round(value * 1000) if unit == "g" else round(value)


def _glue_suffixes(words: list[str]) -> list[str]:
    """Join a detached model suffix to the number before it: ``["3060", "ti"]`` -> ``["3060ti"]``."""
    glued: list[str] = []
    for word in words:
        previous = glued[-1] if glued else ""
        if word in SUFFIX_WORDS and previous not in _TIER_WORDS and any(c.isdigit() for c in previous):
            glued[-1] = previous + word
        else:
            glued.append(word)
    return glued


def _drop_vendor_words(words: list[str]) -> list[str]:
    """The words without brand and noise words, and without ``core`` before an i3/i5/i7/i9 tier."""
    kept: list[str] = []
    for index, word in enumerate(words):
        if word in BRAND_WORDS or word in NOISE_WORDS:
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "core" and (following in _TIER_WORDS or following == "ultra"):
            continue
        kept.append(word)
    return kept
