"""MULTI_ENUM fields, also from JSON lists: ``["Desktop", "Server"]`` reads like ``Desktop, Server``.

A JSON source keeps a list as its JSON text, so a cell may hold a JSON
array instead of a comma-joined list. With options declared, the items are
matched to them exactly as ``choices.coerce_multi_enum`` does. Without
options (a standard field such as a rule's ``dependencies``) any items are
kept, in order, stripped, blanks dropped, from a JSON array or a cell
joined by ``,``, ``;`` or ``|``.
"""

from __future__ import annotations

import json
import re

import polars as pl

from dealbrain.coercion.choices import MULTI_VALUE_SEPARATORS, coerce_multi_enum
from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, sentence
from dealbrain.specs.fields import FieldSpec

_ITEMS = pl.List(pl.String)
_SPLIT = "[" + re.escape(MULTI_VALUE_SEPARATORS) + "]"


def coerce_list(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """MULTI_ENUM fields: options matched when declared, free items otherwise; JSON arrays accepted."""
    json_items = scratch.col("json_items")
    parse = {scratch.name("json_items"): text.map_batches(_json_arrays, return_dtype=_ITEMS)}
    is_array_text = text.str.starts_with("[") & text.str.ends_with("]")
    bad_json = is_array_text & json_items.is_null()
    from_json = Conversion(json_items.is_not_null(), "read from a JSON list")
    if field.options:
        joined = scratch.col("joined")
        inner = coerce_multi_enum(joined, field, Scratch(scratch.name("choices_")))
        return ColumnCoercion(
            value=pl.when(~bad_json).then(inner.value),
            reason=pl.coalesce(_bad_json_reason(text, bad_json), inner.reason),
            conversions=(*inner.conversions, from_json),
            stages=(
                parse,
                {scratch.name("joined"): pl.when(json_items.is_not_null()).then(json_items.list.join(",")).otherwise(text)},
                *inner.stages,
            ),
        )
    split = text.str.replace_all(_SPLIT, ",").str.split(",")
    items = pl.when(json_items.is_not_null()).then(json_items).otherwise(
        split.list.eval(pl.element().str.strip_chars()).list.eval(pl.element().filter(pl.element() != ""))
    )
    return ColumnCoercion(
        value=pl.when(~bad_json & (scratch.col("items").list.len() > 0)).then(scratch.col("items")),
        reason=_bad_json_reason(text, bad_json),
        conversions=(from_json,),
        stages=(parse, {scratch.name("items"): items}),
    )


def _bad_json_reason(text: pl.Expr, bad_json: pl.Expr) -> pl.Expr:
    return sentence("'", pl.when(bad_json).then(text), "' looks like a JSON list but is not a valid list of values")


def _json_arrays(cells: pl.Series) -> pl.Series:
    """Each distinct cell that is a JSON array of scalars, as its items (text); null otherwise."""
    answers = {cell: _items(cell) for cell in cells.drop_nulls().unique().to_list() if cell.startswith("[")}
    return pl.Series([answers.get(cell) if cell is not None else None for cell in cells.to_list()], dtype=_ITEMS)


def _items(cell: str) -> list[str] | None:
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list) or any(isinstance(item, (dict, list)) for item in value):
        return None
    texts = ["true" if item is True else "false" if item is False else str(item).strip() for item in value if item is not None]
    return [text for text in texts if text]
