"""Hostile JSON and JSON Lines files, each with the refusal it must get; they join the hostile corpus.

The entries have the shape of ``tests.hostile.corpus.HostileFile`` (plus
``request_fields`` for settings such as a record path), and
``tests/hostile/corpus.py`` appends them to ``CORPUS``, so every one goes
through the whole import there: a clear refusal, and nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dealbrain.ingest import ReadLimits
from tests.hostile.hostile_file import HostileFile

MB = 1024 * 1024
DEPTH = 100_000
"""Levels of nesting in the deeply nested case (10^5)."""


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def write_large_array(path: Path, size: int) -> Path:
    """A JSON array of PassMark-like records of at least ``size`` bytes, written in chunks (never held whole)."""
    record = '{"name": "CPU %08d", "cpumark": "5,830", "thread": "720", "date": "Aug 2025", "cat": "Desktop, Server"}'
    chunk_records = 10_000
    written, number = 0, 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        written += 1
        while written < size:
            items = ",\n".join(record % (number + index) for index in range(chunk_records))
            handle.write(("," if number else "") + items)
            written += len(items) + 1
            number += chunk_records
        handle.write("]\n")
    return path


def _deeply_nested(folder: Path) -> Path:
    path = folder / "deep.json"
    path.write_text('[{"name": "deep", "specs": ' + "[" * DEPTH + "]" * DEPTH + "}]", encoding="utf-8")
    return path


def _deep_line(folder: Path) -> Path:
    path = folder / "deep.jsonl"
    path.write_text('{"name": "ok"}\n{"name": "deep", "specs": ' + "{\"a\": " * DEPTH + "1" + "}" * DEPTH + "}\n", encoding="utf-8")
    return path


JSON_CORPUS: tuple[HostileFile, ...] = (
    HostileFile(
        "json_nested_100000_levels", _deeply_nested, "too_deep",
        ("File 'deep.json'", "line 1", "nests objects or arrays too deeply", "flatten the data"),
    ),
    HostileFile(
        "jsonl_nested_100000_levels", _deep_line, "too_deep",
        ("File 'deep.jsonl'", "line 2", "too deeply", "fix that line"),
    ),
    HostileFile(
        "json_nested_beyond_the_depth_limit",
        _bytes("nested.json", b'[{"name": "n", "specs": ' + b'{"a": ' * 80 + b"1" + b"}" * 80 + b"}]"),
        "too_deep", ("File 'nested.json'", "more than 64 levels deep", "flatten the data"),
    ),
    HostileFile(
        "json_huge_string", _bytes("long.json", b'[{"name": "ok"}, {"name": "long", "notes": "' + b"x" * 40_000 + b'"}]'),
        "cell_too_large", ("File 'long.json'", "record 2", "'notes' is too large", "40,000 characters", "shorten the value"),
    ),
    HostileFile(
        "json_record_beyond_the_value_limit",
        _bytes("huge.json", b'[{"name": "huge", "notes": "' + b"y" * 5_000 + b'"}]'),
        "value_too_large", ("File 'huge.json'", "line 1", "larger than 2,000 characters", "smaller records"),
        limits=ReadLimits(max_columns=2, max_cell_chars=1_000),
    ),
    HostileFile(
        "json_duplicate_keys", _bytes("dupes.json", b'[{"name": "i7", "cores": "6"},\n {"name": "i5", "name": "i3"}]'),
        "duplicate_key", ("File 'dupes.json'", "line 2", 'the key "name" twice', "its own key"),
    ),
    HostileFile(
        "json_duplicate_top_level_members", _bytes("twice.json", b'{"data": [{"name": "a"}],\n"data": [{"name": "b"}]}'),
        "duplicate_key", ("File 'twice.json'", "line 2", "member 'data' twice", "its own key"),
    ),
    HostileFile(
        "json_array_beyond_the_file_size_limit", lambda folder: write_large_array(folder / "big.json", 200 * MB + 1),
        "too_large", ("File 'big.json'", "the limit is 209,715,200", "split the data"),
    ),
    HostileFile(
        "json_array_beyond_the_row_limit", lambda folder: write_large_array(folder / "rows.json", 2 * MB),
        "too_many_rows", ("File 'rows.json'", "data rows; the limit is 1,000", "split the data"),
        limits=ReadLimits(max_rows=1_000),
    ),
    HostileFile(
        "json_latin1", _bytes("latin1.json", b'[{"name": "ok"},\n{"name": "Caf\xe9 CPU"}]'),
        "bad_encoding", ("File 'latin1.json'", "line 2", "not UTF-8", "byte 0xE9", "byte offset 30", "save the file as UTF-8"),
    ),
    HostileFile(
        "json_utf16", _bytes("utf16.json", '[{"name": "i7"}]'.encode("utf-16")),
        "bad_encoding", ("File 'utf16.json'", "UTF-16", "must be UTF-8"),
    ),
    HostileFile(
        "jsonl_latin1", _bytes("latin1.jsonl", b'{"name": "ok"}\n{"name": "Caf\xe9"}\n'),
        "bad_encoding", ("File 'latin1.jsonl'", "line 2", "byte 0xE9", "UTF-8"),
    ),
    HostileFile(
        "json_nan", _bytes("nan.json", b'[{"name": "i7", "tdp": 65},\n {"name": "i5", "tdp": NaN}]'),
        "non_finite_number", ("File 'nan.json'", "line 2", "the literal NaN", "null"),
    ),
    HostileFile(
        "json_infinity", _bytes("inf.json", b'{"data": [{"name": "i9", "cpumark": -Infinity}]}'),
        "non_finite_number", ("File 'inf.json'", "line 1", "-Infinity", "null"),
    ),
    HostileFile(
        "jsonl_infinity", _bytes("inf.jsonl", b'{"name": "i9", "cpumark": Infinity}\n'),
        "non_finite_number", ("File 'inf.jsonl'", "line 1", "Infinity", "fix that line"),
    ),
    HostileFile(
        "json_truncated", _bytes("cut.json", b'[{"name": "i7"},\n {"name": "i5", "cores": '),
        "corrupt", ("File 'cut.json'", "line 2", "not valid JSON", "JSON validator"),
    ),
    HostileFile(
        "json_trailing_garbage", _bytes("tail.json", b'[{"name": "i7"}]\n[{"name": "i5"}]'),
        "corrupt", ("File 'tail.json'", "line 2", "end of the file", "JSON validator"),
    ),
    HostileFile(
        "json_array_of_numbers", _bytes("numbers.json", b"[1, 2, 3]"),
        "not_records", ("File 'numbers.json'", "record 1 is a number", "every record must be an object"),
    ),
    HostileFile(
        "jsonl_line_not_an_object", _bytes("lines.jsonl", b'{"name": "i7"}\n\n["i5"]\n'),
        "not_records", ("File 'lines.jsonl'", "line 3 holds an array", "one JSON object per line"),
    ),
    HostileFile(
        "json_object_without_records", _bytes("nested.json", b'{"version": "1", "entities": {"CPU": [{"id": "x"}]}}'),
        "no_records", ("File 'nested.json'", "no array of records", "'entities' (an object)", "record_path"),
    ),
    HostileFile(
        "json_two_arrays_of_records", _bytes("two.json", b'{"cpus": [{"name": "a"}], "gpus": [{"name": "b"}]}'),
        "ambiguous_records", ("File 'two.json'", "more than one array of records ('cpus' and 'gpus')", "record_path"),
    ),
    HostileFile(
        "json_record_path_selecting_nothing", _bytes("path.json", b'{"entities": {"CPU": [{"id": "x"}]}}'),
        "no_records", ("File 'path.json'", "'entities.GPU' selects no records", "each step"),
        request_fields={"record_path": "entities.GPU"},
    ),
    HostileFile(
        "json_record_path_key_member_missing", _bytes("keys.json", b'{"entities": {"CPU": [{"name": "x", "rows": [{"a": 1}]}]}}'),
        "bad_record_path", ("File 'keys.json'", "entities.CPU[1]", "needs a member 'id'", "check the record path"),
        request_fields={"record_path": "entities.*.{field=id}.rows"},
    ),
    HostileFile("json_empty_array", _bytes("empty.json", b"[ ]"), "empty", ("File 'empty.json'", "no data")),
)
