"""Numbers and whole numbers, with US-style formatting and unit suffixes.

Plain numbers take a fast path (a direct cast); only cells that fail it run
through the regular expression that understands ``$1,064.00*``, ``16 GB``
or ``1.5e3``. Thousands separators must be well placed (``1,439`` yes,
``1,43`` no), so European decimals such as ``1.234,50`` are reported rather
than misread.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, sentence
from dealbrain.specs.fields import FieldSpec

_NUMBER_PATTERN = (
    r"^(?P<sign>[+-]?)\s*(?P<currency>\$?)\s*"
    r"(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?)"
    r"\s*(?P<unit>[^\d\s.,+*-].*?)?\s*(?P<marks>\**)$"
)
"""Applied to lower-cased text; ``marks`` holds trailing footnote asterisks."""

_INTEGRAL_TOLERANCE = 1e-9
_INT64_LIMIT = 9.2e18


@dataclass(frozen=True)
class _ParsedNumber:
    """Expressions describing how a cell was read as a number."""

    text: pl.Expr
    plain: pl.Expr
    """True where the cell was a plain number that cast directly."""
    recognised: pl.Expr
    """True where the cell has the shape of a number (plain or formatted)."""
    parts: pl.Expr
    """Struct of the pattern's groups; null for plain cells."""
    multiplier: pl.Expr
    """Unit multiplier; 1.0 without a unit, null for an unknown unit."""
    value: pl.Expr
    """Float64 value after removing formatting and applying the unit."""

    def part(self, name: str) -> pl.Expr:
        return self.parts.struct.field(name)


def _unit_multiplier(unit: pl.Expr, units: dict[str, float]) -> pl.Expr:
    known = {suffix.lower(): factor for suffix, factor in units.items()}
    if known:
        lookup = unit.replace_strict(
            list(known), list(known.values()), default=None, return_dtype=pl.Float64
        )
    else:
        lookup = pl.lit(None, dtype=pl.Float64)
    return pl.when(unit.is_null()).then(pl.lit(1.0)).otherwise(lookup)


def _parse(text: pl.Expr, field: FieldSpec) -> _ParsedNumber:
    direct = text.cast(pl.Float64, strict=False)
    plain = direct.is_finite().fill_null(False)
    parts = (
        pl.when(~plain)
        .then(text.str.to_lowercase())
        .str.extract_groups(_NUMBER_PATTERN)
    )
    digits = parts.struct.field("digits")
    magnitude = digits.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    signed = pl.when(parts.struct.field("sign") == "-").then(-magnitude).otherwise(magnitude)
    multiplier = _unit_multiplier(parts.struct.field("unit"), field.units)
    value = pl.when(plain).then(direct).otherwise(signed * multiplier)
    return _ParsedNumber(
        text=text,
        plain=plain,
        recognised=plain | digits.is_not_null(),
        parts=parts,
        multiplier=multiplier,
        value=value,
    )


def _shape_reason(parsed: _ParsedNumber, field: FieldSpec, kind: str) -> pl.Expr:
    """Why a cell is not a number at all, or carries a unit we cannot use."""
    unit = parsed.part("unit")
    accepted = ", ".join(field.units)
    if field.units:
        unit_reason = sentence(
            "'", parsed.text, "' has an unknown unit '", unit, f"' (accepted: {accepted})"
        )
    else:
        unit_reason = sentence(
            "'", parsed.text, "' has a unit '", unit, f"' but {field.name} takes a plain number"
        )
    return (
        pl.when(~parsed.recognised)
        .then(sentence("'", parsed.text, f"' is not {kind}"))
        .when(parsed.multiplier.is_null())
        .then(unit_reason)
        .when(~parsed.value.is_finite())
        .then(sentence("'", parsed.text, "' is too large"))
    )


def _formatting_conversions(parsed: _ParsedNumber, succeeded: pl.Expr) -> tuple[Conversion, ...]:
    separators = (parsed.part("currency") == "$") | parsed.part("digits").str.contains(",", literal=True)
    return (
        Conversion(
            succeeded & separators.fill_null(False),
            "had a currency sign or thousands separators removed",
        ),
        Conversion(
            succeeded & (parsed.part("marks") != "").fill_null(False),
            "had a trailing '*' footnote mark removed",
        ),
        Conversion(
            succeeded & parsed.part("unit").is_not_null(),
            "converted from units",
        ),
    )


def coerce_number(text: pl.Expr, field: FieldSpec) -> ColumnCoercion:
    """NUMBER fields: Float64."""
    parsed = _parse(text, field)
    reason = _shape_reason(parsed, field, "a number")
    succeeded = text.is_not_null() & reason.is_null()
    return ColumnCoercion(
        value=pl.when(reason.is_null()).then(parsed.value),
        reason=reason,
        conversions=_formatting_conversions(parsed, succeeded),
    )


def coerce_integer(text: pl.Expr, field: FieldSpec) -> ColumnCoercion:
    """INTEGER fields: Int64; a fraction left after units is a failure."""
    parsed = _parse(text, field)
    value = parsed.value
    integral = ((value - value.round()).abs() <= _INTEGRAL_TOLERANCE) & (value.abs() < _INT64_LIMIT)
    with_unit = parsed.part("unit").is_not_null()
    not_whole = (
        pl.when(with_unit)
        .then(sentence("'", text, "' converts to ", value.cast(pl.String), ", not a whole number"))
        .otherwise(sentence("'", text, "' is not a whole number"))
    )
    shape_reason = _shape_reason(parsed, field, "a whole number")
    reason = pl.when(shape_reason.is_null() & ~integral).then(not_whole).otherwise(shape_reason)
    exact_digits = pl.concat_str(
        parsed.part("sign"),
        parsed.part("digits").str.replace_all(",", "", literal=True),
    )
    exact = pl.when(with_unit).then(None).otherwise(
        pl.coalesce(text.cast(pl.Int64, strict=False), exact_digits.cast(pl.Int64, strict=False))
    )
    whole = pl.coalesce(exact, value.round().cast(pl.Int64, strict=False))
    succeeded = text.is_not_null() & reason.is_null()
    dropped_fraction = succeeded & ~with_unit.fill_null(False) & text.str.contains(r"[.eE]")
    return ColumnCoercion(
        value=pl.when(reason.is_null()).then(whole),
        reason=reason,
        conversions=(
            *_formatting_conversions(parsed, succeeded),
            Conversion(dropped_fraction, "written with a decimal point read as whole numbers"),
        ),
    )
