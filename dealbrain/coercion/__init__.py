"""Raw spreadsheet text to typed values, with every problem reported.

``coerce_frame`` turns a frame of text cells into typed columns according to
their ``FieldSpec``; cells that cannot be read become null and a row of
``issues``; conversions that change what was typed are counted in ``notes``.
``coerce_value`` does the same for one cell. No Dagster here.
"""

from dealbrain.coercion.frame import ISSUE_SCHEMA, SOURCE_ROW, CoercionResult, coerce_frame
from dealbrain.coercion.missing import MISSING_TOKENS
from dealbrain.coercion.registry import POLARS_DTYPES
from dealbrain.coercion.value import coerce_value

__all__ = [
    "ISSUE_SCHEMA",
    "MISSING_TOKENS",
    "POLARS_DTYPES",
    "SOURCE_ROW",
    "CoercionResult",
    "coerce_frame",
    "coerce_value",
]
