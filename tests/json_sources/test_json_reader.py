"""Reading JSON and JSON Lines files into one sheet of raw text cells."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest

from dealbrain.importing.request import ImportRequest, ImportRequestError
from dealbrain.ingest import FileRejected, ReadLimits, read_workbook
from dealbrain.ingest.json_record_path import RecordPathError, parse_record_path
from tests.json_sources.hostile_corpus import MB, write_large_array


def _sheet(path: Path, **options):
    workbook = read_workbook(path, **options)
    [sheet] = workbook.sheets
    return workbook, sheet


def _rows(sheet) -> list[dict]:
    return sheet.frame.drop("__source_row__").to_dicts()


def test_an_array_of_records_keeps_every_value_as_raw_text(tmp_path: Path) -> None:
    path = tmp_path / "cpus.json"
    path.write_text(
        '[{"name": " i7 ", "cpumark": "5,830", "price": "$60.23*", "tdp": "NA", "cores": 6, "ghz": 3.20,'
        ' "big": 123456789012345678901234567890, "exp": 1e5, "igpu": true, "notes": null},'
        ' {"name": "i5", "extra": ""}]',
        encoding="utf-8",
    )

    workbook, sheet = _sheet(path)

    assert (workbook.format, sheet.name) == ("json", "cpus")
    assert sheet.frame["__source_row__"].to_list() == [1, 2]
    first, second = _rows(sheet)
    assert first == {
        "name": "i7", "cpumark": "5,830", "price": "$60.23*", "tdp": "NA", "cores": "6", "ghz": "3.20",
        "big": "123456789012345678901234567890", "exp": "1e5", "igpu": "true", "notes": None, "extra": None,
    }
    assert (second["name"], second["cores"], second["extra"]) == ("i5", None, None)


def test_the_one_array_of_records_in_an_object_is_read_and_the_rest_named(tmp_path: Path) -> None:
    path = tmp_path / "passmark.json"
    path.write_text(json.dumps({"version": 2, "tags": ["a", "b"], "data": [{"name": "i7"}, {"name": "i5"}]}), encoding="utf-8")

    _, sheet = _sheet(path)

    assert [row["name"] for row in _rows(sheet)] == ["i7", "i5"]
    assert "records read from the top-level member 'data'" in sheet.notes
    assert "other top-level members were not imported: 'version' (a number), 'tags' (an array of values)" in sheet.notes


def test_nested_objects_become_dotted_columns_and_arrays_json_text(tmp_path: Path) -> None:
    path = tmp_path / "gpus.json"
    path.write_text(
        json.dumps([{"name": "RTX 3060", "attributes": {"memory_gb": 12, "bus": {"width_bits": 192}}, "ports": ["hdmi", "dp"]}]),
        encoding="utf-8",
    )

    _, sheet = _sheet(path)

    assert sheet.columns == ["name", "attributes.memory_gb", "attributes.bus.width_bits", "ports"]
    assert _rows(sheet) == [{"name": "RTX 3060", "attributes.memory_gb": "12", "attributes.bus.width_bits": "192", "ports": '["hdmi", "dp"]'}]


def test_json_lines_read_one_record_per_line_skipping_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "cpus.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"name": "i7", "cores": 6}\n\n{"name": "i5", "attributes": {"l3_cache_mb": 9}}\r\n')

    workbook, sheet = _sheet(path)

    assert workbook.format == "jsonl"
    assert _rows(sheet) == [
        {"name": "i7", "cores": "6", "attributes.l3_cache_mb": None},
        {"name": "i5", "cores": None, "attributes.l3_cache_mb": "9"},
    ]


def test_a_record_path_carries_labelled_levels_as_columns(tmp_path: Path) -> None:
    document = {
        "schema_version": "1.0",
        "entities": {
            "Listing": [
                {"id": "ram_gb", "unit": "USD", "buckets": [{"label": "8 GB", "min_usd": 10}, {"label": "16 GB", "min_usd": 20}], "deps": ["a"]},
                {"id": "price_usd", "unit": "USD", "buckets": None},
            ],
            "CPU": [{"id": "tdp_w", "unit": "W", "buckets": [{"label": "low", "min_usd": 5}]}],
        },
    }
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    _, labelled = _sheet(path, record_path="entities.{entity}.{field=id}.buckets")
    _, plain = _sheet(path, record_path="entities.*.buckets")

    assert labelled.columns == ["record_key", "entity", "field", "field.unit", "field.deps", "label", "min_usd"]
    assert _rows(labelled) == [
        {"record_key": "Listing / ram_gb / 1", "entity": "Listing", "field": "ram_gb", "field.unit": "USD", "field.deps": '["a"]', "label": "8 GB", "min_usd": "10"},
        {"record_key": "Listing / ram_gb / 2", "entity": "Listing", "field": "ram_gb", "field.unit": "USD", "field.deps": '["a"]', "label": "16 GB", "min_usd": "20"},
        {"record_key": "CPU / tdp_w / 1", "entity": "CPU", "field": "tdp_w", "field.unit": "W", "field.deps": None, "label": "low", "min_usd": "5"},
    ]
    assert _rows(plain) == [{"label": "8 GB", "min_usd": "10"}, {"label": "16 GB", "min_usd": "20"}, {"label": "low", "min_usd": "5"}]


def test_record_path_syntax() -> None:
    path = parse_record_path(" entities.{entity}.{field = id}.*.buckets ")
    assert [str(step) for step in path.steps] == ["entities", "{entity}", "{field=id}", "*", "buckets"]
    assert path.labels == ("entity", "field")
    for bad, says in [
        ("", "empty"),
        ("a..b", "step 2 '(empty)'"),
        ("a.{1x}", "step 2 '{1x}'"),
        ("{x}.{x}", "label 'x' is used twice"),
        ("{record_key}", "reserved"),
    ]:
        with pytest.raises(RecordPathError, match=says.replace("(", r"\(").replace(")", r"\)")):
            parse_record_path(bad)


def test_a_bad_record_path_is_refused_with_the_request(tmp_path: Path) -> None:
    with pytest.raises(ImportRequestError, match=r"record_path: record path 'a\.\{b': step 2"):
        ImportRequest(session_id="s", actor="a", file_path=tmp_path / "x.json", source_name="x.json", record_path="a.{b")


def test_a_large_array_is_streamed_and_stops_at_the_row_limit(tmp_path: Path) -> None:
    """Reading stops at the first record past the limit: the file is never held whole."""
    path = write_large_array(tmp_path / "large.json", 40 * MB)

    tracemalloc.start()
    try:
        with pytest.raises(FileRejected) as refusal:
            read_workbook(path, limits=ReadLimits(max_rows=50_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert refusal.value.reason == "too_many_rows"
    assert peak < 30 * MB, f"peak {peak / MB:.0f} MB of Python objects for a {path.stat().st_size / MB:.0f} MB file"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write_large_array(tmp_path / "big.json", 200 * MB + 1)
    started = time.perf_counter()
    with pytest.raises(FileRejected) as refusal:
        read_workbook(path)
    assert refusal.value.reason == "too_large"
    assert time.perf_counter() - started < 1.0


def test_a_value_spanning_chunks_beyond_the_value_limit_is_refused_as_too_large(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text('[{"name": "ok"},\n{"name": "long", "notes": "' + "z" * (6 * MB) + '"}]', encoding="utf-8")

    with pytest.raises(FileRejected) as refusal:
        read_workbook(path, limits=ReadLimits(max_columns=1, max_cell_chars=1_000_000))

    assert refusal.value.reason == "value_too_large"
    assert "line 2: the value starting here is larger than 1,000,000 characters" in str(refusal.value)


def test_records_across_chunk_boundaries_are_read_whole(tmp_path: Path) -> None:
    """Values cut by the 4 MB chunk boundary (numbers included) are read as written."""
    path = tmp_path / "many.json"
    records = [{"name": f"CPU {index}", "cpumark": 1000000 + index, "pad": "p" * (index % 50)} for index in range(200_000)]
    path.write_text(json.dumps(records), encoding="utf-8")

    _, sheet = _sheet(path)

    assert sheet.frame.height == 200_000
    assert sheet.frame["cpumark"].to_list() == [str(1000000 + index) for index in range(200_000)]
    assert sheet.frame["pad"].str.len_chars().fill_null(0).to_list() == [index % 50 for index in range(200_000)]


def test_a_syntax_error_early_in_a_large_file_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "typo.json"
    body = ",\n".join(f'{{"name": "CPU {index}", "cores": "4"}}' for index in range(300_000))
    path.write_text('[{"name": "first", "cores": 4,, "x": 1},\n' + body + "]", encoding="utf-8")

    with pytest.raises(FileRejected) as refusal:
        read_workbook(path)

    assert refusal.value.reason == "corrupt"
    assert "line 1: the file is not valid JSON: Expecting property name enclosed in double quotes" in str(refusal.value)
