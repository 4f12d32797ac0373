"""JSON documents built as text by polars expressions, for bulk writes that never leave Rust per row.

Objects come from ``struct.json_encode`` (compact); members are added by
editing the text before its closing brace. ``merged`` appends another
object's members, relying on what PostgreSQL's ``jsonb`` guarantees for
duplicate keys: the last one wins, as in Python's ``stored | incoming``.
"""

from __future__ import annotations

import json

import polars as pl

_VALUE = "v"
_VALUE_PREFIX = '{"v":'


def json_value(value: pl.Expr) -> pl.Expr:
    """``value`` as JSON text (``null`` for null)."""
    return pl.struct(value.alias(_VALUE)).struct.json_encode().str.strip_prefix(_VALUE_PREFIX).str.strip_suffix("}")


def json_object(members: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """An object of every member, nulls kept."""
    if not members:
        return pl.lit("{}", dtype=pl.String)
    return pl.struct([value.alias(name) for name, value in members]).struct.json_encode()


def without_nulls(members: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """An object of the members whose value is not null."""
    if not members:
        return pl.lit("{}", dtype=pl.String)
    pieces = [
        pl.when(value.is_not_null()).then(pl.lit(json.dumps(name) + ":") + json_value(value))
        for name, value in members
    ]
    return pl.concat_str([pl.lit("{"), pl.concat_str(pieces, separator=",", ignore_nulls=True), pl.lit("}")])


def _open(document: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """The object's text without its closing brace, and the separator a new member needs."""
    opened = document.str.strip_chars_end().str.strip_suffix("}")
    separator = pl.when(opened.str.strip_chars_end().str.ends_with("{")).then(pl.lit("")).otherwise(pl.lit(","))
    return opened, separator


def with_member(document: pl.Expr, name: str, value: pl.Expr) -> pl.Expr:
    """``document`` (an object's text) with the member ``name`` set to ``value`` (JSON text)."""
    opened, separator = _open(document)
    return pl.concat_str([opened, separator, pl.lit(json.dumps(name) + ":"), value, pl.lit("}")])


def merged(document: pl.Expr, extra: pl.Expr) -> pl.Expr:
    """``document`` followed by the members of the object ``extra``; parsed as jsonb, ``extra`` wins."""
    inner = extra.str.strip_chars().str.strip_prefix("{").str.strip_suffix("}")
    opened, separator = _open(document)
    joined = pl.concat_str([opened, separator, inner, pl.lit("}")])
    return pl.when(inner.str.strip_chars() == "").then(document).otherwise(joined)
