"""Numbers and whole numbers, with US-style formatting and unit suffixes.

Plain numbers take a fast path (a direct cast); only cells that fail it run
through the regular expression that understands ``$1,064.00*``, ``16 GB``
or ``1.5e3``. Thousands separators must be well placed (``1,439`` yes,
``1,43`` no), so European decimals such as ``1.234,50`` are reported rather
than misread. A leading ``$`` is accepted on any number; other unit
suffixes only where the field declares them in ``FieldSpec.units``.
"""

from __future__ import annotations

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, Stage, sentence
from dealbrain.specs.fields import FieldSpec

_NUMBER_PATTERN = (
    r"^(?P<sign>[+-]?)\s*(?P<currency>\$?)\s*"
    r"(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)"
    r"\s*(?P<unit>[^\d\s.,+*-].*?)?\s*(?P<marks>\**)$"
)
"""Applied to lower-cased text; ``marks`` holds trailing footnote asterisks."""

_INTEGRAL_TOLERANCE = 1e-9
_INT64_LIMIT = 9.2e18


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
        self.direct = scratch.col("direct")
        self.parts = scratch.col("parts")
        self.multiplier = scratch.col("multiplier")
        self.value = scratch.col("number")
        self.reason = scratch.col("reason")
        self.plain = self.direct.is_finite().fill_null(False)
        self.unit = self.part("unit")
        self.recognised = self.plain | self.part("digits").is_not_null()
        self.scratch = scratch

    def part(self, name: str) -> pl.Expr:
        return self.parts.struct.field(name)

    def parse_stages(self) -> tuple[Stage, ...]:
        """Direct cast, then the pattern on the rest, then value with units applied."""
        name = self.scratch.name
        magnitude = (
            self.part("digits").str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
        )
        signed = pl.when(self.part("sign") == "-").then(-magnitude).otherwise(magnitude)
        return (
            {name("direct"): self.text.cast(pl.Float64, strict=False)},
            {
                name("parts"): pl.when(~self.plain)
                .then(self.text.str.to_lowercase())
                .str.extract_groups(_NUMBER_PATTERN)
            },
            {name("multiplier"): _unit_multiplier(self.unit, self.field.units)},
            {name("number"): pl.when(self.plain).then(self.direct).otherwise(signed * self.multiplier)},
        )

    def shape_reason(self, kind: str) -> pl.Expr:
        """Why a cell is not a number at all, or carries a unit we cannot use."""
        if self.field.units:
            accepted = ", ".join(self.field.units)
            unit_reason = sentence(
                "'", self.text, "' has an unknown unit '", self.unit, f"' (accepted: {accepted})"
            )
        else:
            unit_reason = sentence(
                "'", self.text, "' has a unit '", self.unit,
                f"' but {self.field.name} takes a plain number",
            )
        return (
            pl.when(self.text.is_null())
            .then(None)
            .when(~self.recognised)
            .then(sentence("'", self.text, f"' is not {kind}"))
            .when(self.multiplier.is_null())
            .then(unit_reason)
            .when(~self.value.is_finite())
            .then(sentence("'", self.text, "' is too large"))
        )

    def formatting_conversions(self) -> tuple[Conversion, ...]:
        succeeded = self.text.is_not_null() & self.reason.is_null()
        separators = (self.part("currency") == "$") | self.part("digits").str.contains(",", literal=True)
        return (
            Conversion(succeeded & separators, "had a currency sign or thousands separators removed"),
            Conversion(succeeded & (self.part("marks") != ""), "had a trailing '*' footnote mark removed"),
            Conversion(succeeded & self.unit.is_not_null(), "converted from units"),
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
    integral = ((value - value.round()).abs() <= _INTEGRAL_TOLERANCE) & (value.abs() < _INT64_LIMIT)
    with_unit = number.unit.is_not_null()
    not_whole = (
        pl.when(with_unit)
        .then(sentence("'", text, "' converts to ", value.cast(pl.String), ", not a whole number"))
        .otherwise(sentence("'", text, "' is not a whole number"))
    )
    shape_reason = number.shape_reason("a whole number")
    reason = pl.when(shape_reason.is_null() & ~integral).then(not_whole).otherwise(shape_reason)
    exact_digits = pl.concat_str(
        number.part("sign"), number.part("digits").str.replace_all(",", "", literal=True)
    )
    exact = pl.when(with_unit).then(None).otherwise(
        pl.coalesce(text.cast(pl.Int64, strict=False), exact_digits.cast(pl.Int64, strict=False))
    )
    succeeded = text.is_not_null() & number.reason.is_null()
    dropped_fraction = succeeded & ~with_unit & text.str.contains(r"[.eE]")
    return ColumnCoercion(
        value=pl.when(number.reason.is_null()).then(scratch.col("whole")),
        reason=number.reason,
        conversions=(
            *number.formatting_conversions(),
            Conversion(dropped_fraction, "had a zero fraction or exponent dropped"),
        ),
        stages=(
            *number.parse_stages(),
            {
                scratch.name("reason"): reason,
                scratch.name("whole"): pl.coalesce(exact, value.round().cast(pl.Int64, strict=False)),
            },
        ),
    )
