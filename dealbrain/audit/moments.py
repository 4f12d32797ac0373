"""Reading the --since/--until bounds people type: a date or an ISO datetime, UTC unless said otherwise."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
EXPECTED = "a date (YYYY-MM-DD) or an ISO datetime (YYYY-MM-DDTHH:MM[:SS][+HH:MM]; UTC when no offset is given)"


def parse_moment(text: str, *, end_of_day: bool = False) -> datetime:
    """An aware UTC datetime; a bare date means its first instant, or its last with ``end_of_day``.

    Raises ValueError naming the expected formats.
    """
    value = (text or "").strip()
    try:
        if _DATE_ONLY.fullmatch(value):
            day = date.fromisoformat(value)
            if end_of_day:
                return datetime.combine(day + timedelta(days=1), time.min, UTC) - timedelta(microseconds=1)
            return datetime.combine(day, time.min, UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not {EXPECTED}") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
