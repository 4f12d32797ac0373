"""Guessing which character separates the values of a delimited text file."""

from __future__ import annotations

import re
from collections import Counter

CANDIDATES = (",", ";", "\t", "|")
"""Separators we recognise, in order of preference when two fit equally well."""

DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}
_QUOTED_FIELD = re.compile(r'"(?:[^"]|"")*"')
_SAMPLE_LINES = 100


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """The candidate separator used most consistently across the sample's lines.

    Quoted fields are ignored, so commas inside ``"..."`` do not count. A
    separator scores by the share of lines where it appears its usual number
    of times, then by that number; title lines without separators lower every
    candidate equally. Returns ``default`` when no candidate appears at all.
    """
    unquoted = _QUOTED_FIELD.sub("", sample)
    lines = [line for line in unquoted.splitlines() if line.strip()][:_SAMPLE_LINES]
    best, best_score = default, (0.0, 0)
    for candidate in CANDIDATES:
        counts = [line.count(candidate) for line in lines]
        usual = _most_common_nonzero(counts)
        if usual == 0:
            continue
        consistency = sum(1 for count in counts if count == usual) / len(counts)
        score = (consistency, usual)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _most_common_nonzero(counts: list[int]) -> int:
    tally = Counter(count for count in counts if count > 0)
    if not tally:
        return 0
    return max(tally.items(), key=lambda item: (item[1], item[0]))[0]
