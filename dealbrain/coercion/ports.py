"""PORTS fields: a list of ``{type, count, spec_notes}`` structs.

Each distinct cell is parsed once in Python (``ports_text``) and the answers
are joined back, so the cost follows the number of distinct profiles rather
than the number of rows. JSON decoding in polars was not enough on its own:
it cannot say *which* item of a cell is wrong, and a malformed cell fails
the whole column instead of one row.
"""

from __future__ import annotations

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, sentence
from dealbrain.coercion.ports_text import PortsError, parse_ports
from dealbrain.specs.fields import FieldSpec

PORT_DTYPE = pl.Struct({"type": pl.String, "count": pl.Int64, "spec_notes": pl.String})
PORTS_DTYPE = pl.List(PORT_DTYPE)

_PARSED_DTYPE = pl.Struct({"ports": PORTS_DTYPE, "problem": pl.String, "respelled": pl.Boolean})


def _parse_column(cells: pl.Series) -> pl.Series:
    """Parse every distinct cell once; answer one struct per row."""
    distinct = cells.drop_nulls().unique().to_list()
    ports, problems, respelled = [], [], []
    for cell in distinct:
        try:
            parsed = parse_ports(cell)
        except PortsError as error:
            ports.append(None)
            problems.append(str(error))
            respelled.append(False)
        else:
            ports.append(parsed.ports)
            problems.append(None)
            respelled.append(parsed.respelled)
    lookup = pl.DataFrame(
        {"cell": distinct, "ports": ports, "problem": problems, "respelled": respelled},
        schema={"cell": pl.String, "ports": PORTS_DTYPE, "problem": pl.String, "respelled": pl.Boolean},
    )
    joined = cells.rename("cell").to_frame().join(lookup, on="cell", how="left", maintain_order="left")
    return joined.select(pl.struct("ports", "problem", "respelled")).to_series()


def coerce_ports(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """PORTS fields: List(Struct(type, count, spec_notes))."""
    parsed = scratch.col("parsed")
    problem = parsed.struct.field("problem")
    return ColumnCoercion(
        value=parsed.struct.field("ports"),
        reason=pl.when(problem.is_not_null()).then(sentence("'", text, "' ", problem)),
        conversions=(
            Conversion(
                parsed.struct.field("respelled").fill_null(False),
                "had port types respelled as lower-case with underscores",
            ),
        ),
        stages=({scratch.name("parsed"): text.map_batches(_parse_column, return_dtype=_PARSED_DTYPE)},),
    )
