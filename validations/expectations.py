"""Data-quality expectations over the stored reference tables, declared as data.

These are not import validation (pandera does that, row by row, before a
write). They describe what a healthy table looks like as a whole, so that
drift slipping past the import rules (an implausible benchmark pair, a price
typo, a multiplier entered as a percentage) is noticed after imports and on a
schedule. ``validations.suite`` turns them into a Great Expectations
suite; nothing here depends on Great Expectations or Dagster.

Columns are database column names of the entity's standard fields.
Missing values are ignored by every expectation except ``not_null``:
optional fields may be empty, but a value that is present must be plausible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Check(StrEnum):
    """What an expectation asserts about its column(s)."""

    NOT_NULL = "not_null"
    UNIQUE = "unique"
    BETWEEN = "between"
    """Values within ``minimum``..``maximum`` (inclusive; either bound may be open)."""
    IN_SET = "in_set"
    AT_LEAST_COLUMN = "at_least_column"
    """The first column is greater than or equal to the second, row by row."""
    MAX_LENGTH = "max_length"
    """Text values at most ``maximum`` characters long."""
    MATCHES = "matches"
    """Text values matching the regular expression ``pattern``."""


@dataclass(frozen=True)
class YearsFromNow:
    """A bound relative to the calendar year the suite runs in (``YearsFromNow(1)`` is next year)."""

    offset: int = 0

    def resolve(self, today: date) -> int:
        return today.year + self.offset


Bound = float | YearsFromNow | None


@dataclass(frozen=True)
class QualityExpectation:
    """One expectation about a stored table, with the sentence shown to a person when it fails."""

    check: Check
    columns: tuple[str, ...]
    description: str
    minimum: Bound = None
    maximum: Bound = None
    values: tuple[float | str, ...] = ()
    pattern: str | None = None
    mostly: float = 1.0
    """Share of (non-missing) values that must meet the expectation; below 1 tolerates a few outliers."""

    def bounds(self, today: date) -> tuple[float | None, float | None]:
        """The ``minimum`` and ``maximum`` as numbers for a run on ``today``."""
        return _resolve(self.minimum, today), _resolve(self.maximum, today)

    @property
    def column_label(self) -> str:
        return ", ".join(self.columns)


def _resolve(bound: Bound, today: date) -> float | None:
    return bound.resolve(today) if isinstance(bound, YearsFromNow) else bound


def not_null(column: str, description: str) -> QualityExpectation:
    return QualityExpectation(Check.NOT_NULL, (column,), description)


def unique(column: str, description: str) -> QualityExpectation:
    return QualityExpectation(Check.UNIQUE, (column,), description)


def between(
    column: str, minimum: Bound, maximum: Bound, description: str, *, mostly: float = 1.0
) -> QualityExpectation:
    return QualityExpectation(Check.BETWEEN, (column,), description, minimum, maximum, mostly=mostly)


def in_set(column: str, values: tuple[float | str, ...], description: str, *, mostly: float = 1.0) -> QualityExpectation:
    return QualityExpectation(Check.IN_SET, (column,), description, values=values, mostly=mostly)


def at_least_column(column: str, other: str, description: str) -> QualityExpectation:
    """``column >= other`` on every row where both are present."""
    return QualityExpectation(Check.AT_LEAST_COLUMN, (column, other), description)


def _named(column: str, label: str) -> tuple[QualityExpectation, ...]:
    """The natural key: present and unique (exact, case-sensitive comparison)."""
    return (
        not_null(column, f"Every {label} has a {column}."),
        unique(column, f"No two {label}s share a {column}."),
    )


COMMON_RAM_SIZES_GB: tuple[float, ...] = (
    1, 2, 3, 4, 6, 8, 12, 16, 18, 20, 24, 32, 36, 40, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024,
)
"""RAM sizes machines are actually sold with; anything else is usually a typo or a unit mix-up."""

MAX_LISTING_PRICE_USD = 20_000
"""Above this a listing is almost certainly a price typo (or not a single machine)."""

EXPECTATIONS: dict[str, tuple[QualityExpectation, ...]] = {
    "cpu": (
        *_named("name", "CPU"),
        between("cores", 1, 256, "A CPU has between 1 and 256 cores."),
        at_least_column("threads", "cores", "A CPU has at least as many threads as cores."),
        at_least_column(
            "cpu_mark_multi", "cpu_mark_single", "The multi-thread CPU Mark is at least the single-thread one."
        ),
        between(
            "release_year", 1990, YearsFromNow(1), "A CPU was released between 1990 and next year."
        ),
        between("tdp_w", 1, 500, "TDP lies between 1 and 500 W (1% outliers tolerated).", mostly=0.99),
    ),
    "gpu": (
        *_named("name", "GPU"),
        between("gpu_mark", 0, None, "The G3D Mark is not negative."),
        between("metal_score", 0, None, "The Metal score is not negative."),
    ),
    "listing": (
        *_named("title", "listing"),
        between(
            "price_usd", 1, MAX_LISTING_PRICE_USD,
            f"The price lies between $1 and ${MAX_LISTING_PRICE_USD:,} (1% outliers tolerated).", mostly=0.99,
        ),
        between("ram_gb", 1, 1024, "RAM lies between 1 and 1024 GB."),
        in_set(
            "ram_gb", COMMON_RAM_SIZES_GB,
            "RAM is a size machines are sold with, such as 8, 16 or 32 GB (10% exceptions tolerated).", mostly=0.9,
        ),
    ),
    "valuation_rule": (
        *_named("name", "valuation rule"),
        between("unit_value_usd", 0, None, "The unit value is not negative."),
        *(
            between(
                f"condition_{condition}", 0, 2,
                f"The {condition} multiplier lies between 0 and 2 (a factor, not a percentage).",
            )
            for condition in ("new", "refurb", "used")
        ),
    ),
    "ports_profile": _named("name", "ports profile"),
}
"""The expectations of each entity, by entity name."""


def expectations_for(entity: str) -> tuple[QualityExpectation, ...]:
    """The declared expectations of ``entity`` (a name from ``dealbrain.specs.ENTITY_NAMES``)."""
    try:
        return EXPECTATIONS[entity]
    except KeyError:
        raise KeyError(f"No quality expectations are declared for {entity!r}.") from None
