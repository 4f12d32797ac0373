"""A delimited file cut into blocks of whole records: every cut falls where a record ends, whatever the block size."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.record_blocks import record_blocks

TRICKY = (
    'name,notes\n'
    '"Core ""i7"" 12700","two\nlines"\n'
    'Ryzen 5,"comma, and ""quotes""\n\nand a blank line"\n'
    'plain,\n'
    '"ends with a quote""",last\n'
)
SCHEMA = {"name": pl.String, "notes": pl.String}


def _parsed(data: bytes) -> pl.DataFrame:
    return pl.read_csv(data, has_header=False, schema=SCHEMA, raise_if_empty=False)


@pytest.mark.parametrize("block_bytes", [1, 2, 3, 5, 8, 13, 21, 34, 1 << 20])
def test_blocks_cut_only_where_records_end(tmp_path: Path, block_bytes: int) -> None:
    path = tmp_path / "tricky.csv"
    path.write_bytes(TRICKY.encode())
    blocks = list(record_blocks(path, path.name, quote='"', max_record_bytes=1 << 20, block_bytes=block_bytes))
    assert b"".join(blocks) == TRICKY.encode()
    assert pl.concat([_parsed(block) for block in blocks]).equals(_parsed(TRICKY.encode()))
    if block_bytes < 8:
        assert len(blocks) == 5  # one record per block: no block can hold two


def test_a_quote_never_closed_is_refused_with_the_row_it_follows(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.csv"
    path.write_bytes(b"name,notes\nfine,one\n" + b'broken,"never closed\n' + b"x,y\n" * 200)
    with pytest.raises(FileRejected) as refused:
        list(record_blocks(path, path.name, quote='"', max_record_bytes=256, block_bytes=64))
    assert refused.value.reason == "corrupt"
    assert refused.value.row == 3
    assert "never closed" in str(refused.value)
