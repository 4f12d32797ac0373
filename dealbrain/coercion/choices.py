"""ENUM and MULTI_ENUM fields: cells matched to the field's options.

Matching is predictable: letter case is ignored and runs of spaces, dashes
and underscores count as one separator, so ``Refurb``, `` refurb `` and
``OS-License`` find ``refurb`` and ``os_license``. A field's synonyms
(``FieldSpec.synonyms``: the spec's built-in ones, such as ``Refurbished`` for
``refurb``, and the operator's ``value_mappings``) are matched the same way.
There is no prefix or fuzzy matching; anything else is reported (and
``unknown_choices`` proposes the closest option for it). Each distinct cell is
matched once, so long columns of a few repeated choices stay cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, per_distinct, sentence
from dealbrain.specs.fields import FieldSpec

MULTI_VALUE_SEPARATORS = ",;|"
"""Characters that separate the choices of a MULTI_ENUM cell."""

_SEPARATOR_RUN = r"[\s_-]+"


def option_key(option: str) -> str:
    """The comparison key of an option, the Python twin of ``_key_expr``."""

    return re.sub(_SEPARATOR_RUN, "_", option.strip().lower()).strip("_")


def _key_expr(text: pl.Expr) -> pl.Expr:
    return text.str.to_lowercase().str.replace_all(_SEPARATOR_RUN, "_").str.strip_chars("_")


def _options_by_key(field: FieldSpec) -> dict[str, str]:
    """Canonical option per comparison key; two options sharing a key is a spec error."""
    by_key: dict[str, str] = {}
    for option in field.options:
        key = option_key(option)
        if key in by_key and by_key[key] != option:
            raise ValueError(
                f"Field {field.name!r} has options {by_key[key]!r} and {option!r} "
                "that differ only in case or separators; rename one of them."
            )
        by_key[key] = option
    for spelling, option in field.synonyms.items():
        if option not in field.options:
            raise ValueError(f"Field {field.name!r} maps {spelling!r} to {option!r}, which is not one of its options.")
        by_key.setdefault(option_key(spelling), option)  # an option's own spelling wins over a synonym
    return by_key


def _synonym_keys(field: FieldSpec) -> list[str]:
    """Keys read through a synonym rather than an option's own spelling."""
    own = {option_key(option) for option in field.options}
    return sorted({option_key(spelling) for spelling in field.synonyms} - own)


def matches_option(value: str, field: FieldSpec) -> bool:
    """True when ``value`` reads as one of the field's options or synonyms."""
    return option_key(value) in _options_by_key(field)


def _canonical(text: pl.Expr, field: FieldSpec) -> pl.Expr:
    by_key = _options_by_key(field)
    if not by_key:
        return pl.lit(None, dtype=pl.String)
    return _key_expr(text).replace_strict(
        list(by_key), list(by_key.values()), default=None, return_dtype=pl.String
    )


def _options_text(field: FieldSpec) -> str:
    return ", ".join(field.options) if field.options else "(no options declared)"


def _enum_answer(field: FieldSpec) -> Callable[[pl.Expr], pl.Expr]:
    def answer(cell: pl.Expr) -> pl.Expr:
        value = _canonical(cell, field)
        reason = pl.when(cell.is_not_null() & value.is_null()).then(
            sentence("'", cell, f"' is not one of {_options_text(field)}")
        )
        synonym = value.is_not_null() & _key_expr(cell).is_in(_synonym_keys(field))
        respelled = value.is_not_null() & (value != cell) & ~synonym
        return pl.struct(value=value, reason=reason, respelled=respelled, synonym=synonym)

    return answer


def coerce_enum(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """ENUM fields: the option's canonical spelling as pl.String."""
    answer = scratch.col("answer").struct.field
    return ColumnCoercion(
        value=answer("value"),
        reason=answer("reason"),
        conversions=(
            Conversion(answer("respelled"), "matched to an option ignoring case or separators"),
            Conversion(answer("synonym"), "read as an option through a synonym or value_mappings"),
        ),
        stages=({scratch.name("answer"): per_distinct(text, _enum_answer(field))},),
    )


def _split_items(text: pl.Expr) -> pl.Expr:
    """The cell's items, stripped, blanks dropped."""
    first, *others = MULTI_VALUE_SEPARATORS
    others_pattern = "[" + re.escape("".join(others)) + "]"
    return (
        text.str.replace_all(others_pattern, first)
        .str.split(first)
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def _multi_enum_answer(field: FieldSpec) -> Callable[[pl.Expr], pl.Expr]:
    """Items matched to options, then put in the options' order without repeats, so equal sets compare equal."""
    order = {option: index for index, option in enumerate(field.options)}

    def answer(cell: pl.Expr) -> pl.Expr:
        items = _split_items(cell)
        matched = items.list.eval(_canonical(pl.element(), field))
        unknown = items.list.eval(pl.element().filter(_canonical(pl.element(), field).is_null()))
        has_unknown = unknown.list.len() > 0
        reason = pl.when(has_unknown).then(
            sentence(
                "'", cell, "' has '", unknown.list.join("', '"),
                f"' which is not one of {_options_text(field)}",
            )
        )
        in_option_order = matched.list.eval(
            pl.element().sort_by(pl.element().replace_strict(order, default=len(order), return_dtype=pl.Int64))
            .unique(maintain_order=True)
        )
        value = pl.when(~has_unknown & (items.list.len() > 0)).then(in_option_order)
        synonym = value.is_not_null() & items.list.eval(_key_expr(pl.element()).is_in(_synonym_keys(field))).list.any()
        respelled = value.is_not_null() & (matched.list.join("\x1f") != items.list.join("\x1f")) & ~synonym
        return pl.struct(value=value, reason=reason, respelled=respelled, synonym=synonym)

    return answer


def coerce_multi_enum(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """MULTI_ENUM fields: a list of canonical options; one unknown item fails the cell."""
    answer = scratch.col("answer").struct.field
    return ColumnCoercion(
        value=answer("value"),
        reason=answer("reason"),
        conversions=(
            Conversion(answer("respelled"), "matched to options ignoring case or separators"),
            Conversion(answer("synonym"), "read as options through a synonym or value_mappings"),
        ),
        stages=({scratch.name("answer"): per_distinct(text, _multi_enum_answer(field))},),
    )
