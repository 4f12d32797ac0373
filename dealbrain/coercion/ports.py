"""PORTS fields: a list of ``{type, count, spec_notes}`` structs.

Each distinct cell is parsed once in Python (``ports_text``) and the answers
are spread back to every row, so the cost follows the number of distinct
profiles rather than the number of rows. Polars' own JSON decoding was not
enough: it cannot say *which* item of a cell is wrong, a malformed cell
fails the whole column instead of one row, and it does not read the compact
``usb_a x4`` form.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, per_distinct, sentence
from dealbrain.coercion.ports_text import PortsError, parse_ports
from dealbrain.frames import PORT_STRUCT as PORT_DTYPE
from dealbrain.frames import PORTS_DTYPE
from dealbrain.specs.fields import FieldSpec


_PARSED_DTYPE = pl.Struct({"ports": PORTS_DTYPE, "problem": pl.String, "respelled": pl.Boolean})


def _parse_cell(cell: str) -> dict[str, Any]:
    try:
        parsed = parse_ports(cell)
    except PortsError as error:
        return {"ports": None, "problem": str(error), "respelled": False}
    return {"ports": parsed.ports, "problem": None, "respelled": parsed.respelled}


def _answer(cell: pl.Expr) -> pl.Expr:
    parsed = cell.map_elements(_parse_cell, return_dtype=_PARSED_DTYPE)
    problem = parsed.struct.field("problem")
    return pl.struct(
        value=parsed.struct.field("ports"),
        reason=pl.when(problem.is_not_null()).then(sentence("'", cell, "' ", problem)),
        respelled=parsed.struct.field("respelled").fill_null(False),
    )


def coerce_ports(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """PORTS fields: List(Struct(type, count, spec_notes))."""
    answer = scratch.col("answer").struct.field
    return ColumnCoercion(
        value=answer("value"),
        reason=answer("reason"),
        conversions=(
            Conversion(
                answer("respelled"), "had port types respelled as lower-case with underscores"
            ),
        ),
        stages=({scratch.name("answer"): per_distinct(text, _answer)},),
    )
