"""suggest_mappings: buckets, confidence and rationale per column."""

import pytest

from dealbrain.mapping import Bucket, ColumnMapping, suggest_mappings
from dealbrain.specs import FieldSpec, FieldType, get_entity_spec

CPU = get_entity_spec("cpu")
LISTING = get_entity_spec("listing")


def _by_column(mappings: list[ColumnMapping]) -> dict[str, ColumnMapping]:
    return {mapping.column: mapping for mapping in mappings}


@pytest.mark.parametrize(
    ("entity", "unmapped"),
    [
        ("cpu", {"attributes"}),
        ("gpu", {"attributes"}),
        ("ports_profile", {"attributes"}),
        ("valuation_rule", set()),
        ("listing", {"attributes", "components", "other_components"}),
    ],
)
def test_template_headers_map_exactly(entity: str, unmapped: set[str], template_headers) -> None:
    headers = template_headers[entity]
    mappings = suggest_mappings(get_entity_spec(entity), headers, {})
    assert [m.column for m in mappings] == headers
    assert {m.column for m in mappings if m.bucket is Bucket.NEW} == unmapped
    mapped = [m for m in mappings if m.column not in unmapped]
    assert all(m.bucket is Bucket.MAPPED and m.confidence == 1.0 for m in mapped)
    assert len({m.field for m in mapped}) == len(mapped)


def test_listing_template_columns_reach_the_right_fields(template_headers) -> None:
    mappings = _by_column(suggest_mappings(LISTING, template_headers["listing"], {}))
    assert mappings["cpu_name"].field == "cpu"
    assert mappings["gpu_name"].field == "gpu"
    assert mappings["price_usd"].field == "price_usd"


def test_passmark_headers(passmark_headers, passmark_samples) -> None:
    mappings = _by_column(suggest_mappings(CPU, passmark_headers, passmark_samples))
    assert mappings["name"].field == "name"
    assert mappings["cpumark"].field == "cpu_mark_multi"
    assert mappings["tdp"].field == "tdp_w"
    assert mappings["socket"].field == "socket"
    assert mappings["cores"].field == "cores"
    assert mappings["cpumark"].rationale == (
        "'cpumark' matches field 'cpu_mark_multi' via its alias 'cpumark' exactly"
    )
    date = mappings["date"]
    assert (date.bucket, date.field, date.confidence) == (Bucket.SUGGESTED, "release_year", 0.85)
    assert date.rationale == "'date' is a usual spelling for field 'release_year'; check the suggestion"
    assert (mappings["price"].bucket, mappings["price"].inferred_type) == (
        Bucket.NEW,
        FieldType.NUMBER,
    )


def test_normalized_spellings_are_exact_matches() -> None:
    expected = {
        "CPU Mark Multi": "cpu_mark_multi",
        "Thread Mark": "cpu_mark_single",
        "TDP (W)": "tdp_w",
        "ReleaseYear": "release_year",
        "Processor": "name",
        "Multi-Thread Score": "cpu_mark_multi",
    }
    for header, field in expected.items():
        [mapping] = suggest_mappings(CPU, [header], {})
        assert (mapping.bucket, mapping.field, mapping.confidence) == (Bucket.MAPPED, field, 1.0)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Cores (physical)", "cores"),
        ("Number of Threads", "threads"),
        ("Thread Marks", "cpu_mark_single"),
        ("Manufacturers", "manufacturer"),
    ],
)
def test_close_headers_are_suggested(header: str, field: str) -> None:
    [mapping] = suggest_mappings(CPU, [header], {})
    assert (mapping.bucket, mapping.field) == (Bucket.SUGGESTED, field)
    assert 0.8 <= mapping.confidence <= 1.0
    assert "resembles field" in mapping.rationale
    assert f"(score {mapping.confidence * 100:.0f})" in mapping.rationale


@pytest.mark.parametrize(
    "header", ["GPU Mark", "secondaryCores", "cpuCount", "powerPerf", "logicals"]
)
def test_lookalike_headers_with_other_meanings_are_not_suggested(header: str) -> None:
    [mapping] = suggest_mappings(CPU, [header], {})
    assert mapping.bucket is Bucket.NEW
    assert mapping.field is None


def test_fuzzy_threshold_is_respected() -> None:
    [strict] = suggest_mappings(CPU, ["Thread Marks"], {}, fuzzy_threshold=99)
    assert strict.bucket is Bucket.NEW
    assert "closest is field 'cpu_mark_single'" in strict.rationale
    assert "below 99" in strict.rationale


def test_new_columns_carry_samples_and_inferred_type() -> None:
    samples = {"L2 Cache": [None, "NA", "512", "1,024", "2048", "4096"]}
    [mapping] = suggest_mappings(CPU, ["L2 Cache"], samples)
    assert mapping.bucket is Bucket.NEW
    assert mapping.samples == ("512", "1,024", "2048")
    assert mapping.inferred_type is FieldType.INTEGER
    assert mapping.confidence == 0.0
    assert mapping.rationale.endswith("as a custom field it would be integer")


def test_mapped_columns_have_samples_but_no_inferred_type(passmark_samples) -> None:
    [mapping] = suggest_mappings(CPU, ["cores"], passmark_samples)
    assert mapping.samples == ("2", "2", "96")
    assert mapping.inferred_type is None
    assert not mapping.custom


def test_blank_header_is_ignored() -> None:
    [mapping] = suggest_mappings(CPU, ["  "], {"  ": ["x"]})
    assert mapping.bucket is Bucket.IGNORED
    assert "blank header" in mapping.rationale


def test_custom_fields_match_on_key_and_label() -> None:
    l3 = FieldSpec("l3_cache_mb", FieldType.NUMBER, label="L3 cache", custom=True)
    boost = FieldSpec("boost_clock_ghz", FieldType.NUMBER, label="Boost clock", custom=True)
    headers = ["L3 Cache", "boost_clock_ghz", "Boost Clocks"]
    mappings = suggest_mappings(CPU, headers, {}, custom_fields=[l3, boost])
    assert [(m.bucket, m.field, m.custom) for m in mappings] == [
        (Bucket.MAPPED, "l3_cache_mb", True),
        (Bucket.MAPPED, "boost_clock_ghz", True),
        (Bucket.NEW, None, False),
    ]
    assert "custom field 'l3_cache_mb' via its label 'l3 cache'" in mappings[0].rationale
    assert "column 'boost_clock_ghz' took field 'boost_clock_ghz'" in mappings[2].rationale
