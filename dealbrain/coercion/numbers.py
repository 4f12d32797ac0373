"""Numbers and whole numbers, with US-style formatting and unit suffixes.

Three tiers keep the common cases cheap: a plain number is cast directly;
a cell like ``$1,064.00*`` is checked with one pattern and has ``$ , *``
removed; only what is left (units, signs, mistakes) runs through the full
pattern that names its parts. Thousands separators must be well placed
(``1,439`` yes, ``1,43`` no), so European decimals such as ``1.234,50`` are
reported rather than misread. A leading ``$`` and a trailing ``*`` (a
footnote mark in PassMark prices) are accepted on any number; unit suffixes
only where the field declares them in ``FieldSpec.units``.
"""

from __future__ import annotations

import math

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, Stage, sentence
from dealbrain.db.column_limits import column_limits
from dealbrain.specs.fields import FieldSpec

_GROUPED_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_FORMATTED_PATTERN = rf"^\$?{_GROUPED_DIGITS}(?:\.\d+)?\*?$"
"""The formatted cells the middle tier handles: ``$1,064.00*``, ``5,830``."""

_NUMBER_PATTERN = (
    r"^(?P<sign>[+-]?)\s*(?P<currency>\$?)\s*"
    rf"(?P<digits>{_GROUPED_DIGITS}(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)"
    r"\s*(?P<unit>[^\d\s.,+*-].*?)?\s*(?P<marks>\**)$"
)
"""Applied to lower-cased text; ``marks`` holds trailing footnote asterisks."""

_INTEGRAL_TOLERANCE = 1e-9
_INT64_LIMIT = 9.2e18
_INT64_RANGE = (-(2**63), 2**63 - 1)


def _unit_multiplier(unit: pl.Expr, units: dict[str, float]) -> pl.Expr:
    """The unit's factor; 1.0 without a unit, null for a unit the field does not know."""
    known = {suffix.lower(): factor for suffix, factor in units.items()}
    if known:
        lookup = unit.replace_strict(
            list(known), list(known.values()), default=None, return_dtype=pl.Float64
        )
    else:
        lookup = pl.lit(None, dtype=pl.Float64)
    return pl.when(unit.is_null()).then(pl.lit(1.0)).otherwise(lookup)


class _NumberColumns:
    """The scratch columns of a parsed number and the stages that fill them."""

    def __init__(self, text: pl.Expr, field: FieldSpec, scratch: Scratch) -> None:
        self.text = text
        self.field = field
        self.scratch = scratch
        self.direct = scratch.col("direct")
        self.formatted_digits = scratch.col("formatted_digits")
        """``$1,064.00*`` as ``1064.00``; null unless the middle tier read the cell."""
        self.formatted = scratch.col("formatted")
        self.parts = scratch.col("parts")
        self.multiplier = scratch.col("multiplier")
        self.value = scratch.col("number")
        self.reason = scratch.col("reason")
        self.plain = self.direct.is_finite().fill_null(False)
        self.unit = self.part("unit")

    def part(self, name: str) -> pl.Expr:
        return self.parts.struct.field(name)

    def parse_stages(self) -> tuple[Stage, ...]:
        """Direct cast, then the formatted tier, then the full pattern on what is left."""
        name = self.scratch.name
        not_plain = pl.when(~self.plain).then(self.text)
        formatted_digits = (
            pl.when(not_plain.str.contains(_FORMATTED_PATTERN))
            .then(not_plain)
            .str.strip_prefix("$")
            .str.strip_suffix("*")
            .str.replace_all(",", "", literal=True)
        )
        needs_pattern = self.text.is_not_null() & ~self.plain & self.formatted_digits.is_null()
        leftover = pl.when(needs_pattern).then(self.text.str.to_lowercase())
        digits = self.part("digits").str.replace_all(",", "", literal=True)
        magnitude = digits.cast(pl.Float64, strict=False)
        signed = pl.when(self.part("sign") == "-").then(-magnitude).otherwise(magnitude)
        return (
            {name("direct"): self.text.cast(pl.Float64, strict=False)},
            {name("formatted_digits"): formatted_digits},
            {
                name("formatted"): self.formatted_digits.cast(pl.Float64, strict=False),
                name("parts"): leftover.str.extract_groups(_NUMBER_PATTERN),
            },
            {name("multiplier"): _unit_multiplier(self.unit, self.field.units)},
            {
                name("number"): pl.coalesce(
                    pl.when(self.plain).then(self.direct), self.formatted, signed * self.multiplier
                )
            },
        )

    def shape_reason(self, kind: str) -> pl.Expr:
        """Why a cell is not a number at all, or carries a unit we cannot use.

        Each sentence is built from the text masked to its failing rows, so
        on clean data every piece is null and costs next to nothing.
        """
        has_text = self.text.is_not_null()
        recognised = self.plain | self.formatted.is_not_null() | self.part("digits").is_not_null()
        unit_known = self.multiplier.is_not_null()
        unreadable = pl.when(has_text & ~recognised).then(self.text)
        bad_unit = pl.when(has_text & recognised & ~unit_known).then(self.text)
        too_large = pl.when(has_text & unit_known & ~self.value.is_finite()).then(self.text)
        return pl.coalesce(
            sentence("'", unreadable, f"' is not {kind}"),
            self._unit_reason(bad_unit),
            sentence("'", too_large, "' is too large"),
        )

    def _unit_reason(self, shown: pl.Expr) -> pl.Expr:
        if self.field.units:
            accepted = ", ".join(self.field.units)
            return sentence(
                "'", shown, "' has an unknown unit '", self.unit, f"' (accepted: {accepted})"
            )
        return sentence(
            "'", shown, "' has a unit '", self.unit, f"' but {self.field.name} takes a plain number"
        )

    def formatting_conversions(self) -> tuple[Conversion, ...]:
        reformatted = self.text.is_not_null() & self.reason.is_null() & ~self.plain
        shown = pl.when(reformatted).then(self.text)
        separators = shown.str.starts_with("$") | shown.str.contains(",", literal=True)
        return (
            Conversion(separators, "had a currency sign or thousands separators removed"),
            Conversion(shown.str.ends_with("*"), "had a trailing '*' footnote mark removed"),
            Conversion(reformatted & self.unit.is_not_null(), "converted from units"),
        )


def coerce_number(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """NUMBER fields: Float64."""
    number = _NumberColumns(text, field, scratch)
    return ColumnCoercion(
        value=pl.when(number.reason.is_null()).then(number.value),
        reason=number.reason,
        conversions=number.formatting_conversions(),
        stages=(*number.parse_stages(), {scratch.name("reason"): number.shape_reason("a number")}),
    )


def coerce_integer(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """INTEGER fields: Int64; a fraction left after applying units is a failure."""
    number = _NumberColumns(text, field, scratch)
    value = number.value
    integral = (
        ((value - value.round()).abs() <= _INTEGRAL_TOLERANCE) & (value.abs() < _INT64_LIMIT)
    ).fill_null(True)
    with_unit = number.unit.is_not_null()
    fractional = text.is_not_null() & ~integral
    converted = fractional & with_unit
    not_whole = pl.coalesce(
        sentence(
            "'", pl.when(converted).then(text), "' converts to ",
            pl.when(converted).then(value).cast(pl.String), ", not a whole number",
        ),
        sentence("'", pl.when(fractional).then(text), "' is not a whole number"),
    )
    reason = pl.coalesce(number.shape_reason("a whole number"), _out_of_range(text, value, field), not_whole)
    # Digits cast straight to Int64 keep integers beyond 2**53 exact; null when
    # the cell had a fraction, an exponent or a unit.
    exact = pl.coalesce(
        text.cast(pl.Int64, strict=False), number.formatted_digits.cast(pl.Int64, strict=False)
    )
    succeeded = text.is_not_null() & number.reason.is_null()
    dropped_fraction = succeeded & scratch.col("exact").is_null() & ~with_unit.fill_null(False)
    return ColumnCoercion(
        value=pl.when(number.reason.is_null()).then(scratch.col("whole")),
        reason=number.reason,
        conversions=(
            *number.formatting_conversions(),
            Conversion(dropped_fraction, "had a zero fraction or exponent dropped"),
        ),
        stages=(
            *number.parse_stages(),
            {scratch.name("reason"): reason, scratch.name("exact"): exact},
            {
                scratch.name("whole"): pl.coalesce(
                    scratch.col("exact"), value.round().cast(pl.Int64, strict=False)
                )
            },
        ),
    )


def _out_of_range(text: pl.Expr, value: pl.Expr, field: FieldSpec) -> pl.Expr:
    """Why a whole number too big for any integer column fails, with the bound the field stores.

    Numbers inside 64 bits but outside the field's column pass here and are
    refused by validation with the same bound (`dealbrain.validation.storage_checks`).
    """
    limits = column_limits(field)
    smallest, largest = (
        (limits.smallest, limits.largest) if limits.largest is not None else _INT64_RANGE
    )
    if field.minimum is not None:
        smallest = max(smallest, math.ceil(field.minimum))
    if field.maximum is not None:
        largest = min(largest, math.floor(field.maximum))
    huge = value.is_finite() & (value.abs() >= _INT64_LIMIT)
    return pl.coalesce(
        sentence(
            "'", pl.when(huge & (value > 0)).then(text),
            f"' is too large: {field.name} takes whole numbers up to {largest:,}",
        ),
        sentence(
            "'", pl.when(huge & (value < 0)).then(text),
            f"' is too small: {field.name} takes whole numbers from {smallest:,}",
        ),
    )
