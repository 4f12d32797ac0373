"""suggest_mappings: operator overrides, remembered mappings and duplicate claims."""

import pytest

from dealbrain.mapping import Bucket, InvalidOverrideError, suggest_mappings
from dealbrain.specs import FieldSpec, FieldType, get_entity_spec

CPU = get_entity_spec("cpu")
HEADERS = ["Processor", "Cores (physical)", "Logicals", "PassMark"]


def test_override_maps_a_column_to_a_field() -> None:
    mappings = suggest_mappings(CPU, HEADERS, {}, overrides={"Logicals": "threads"})
    assert (mappings[2].bucket, mappings[2].field) == (Bucket.MAPPED, "threads")
    assert mappings[2].rationale == "set by operator"
    assert mappings[2].confidence == 1.0


def test_override_to_none_ignores_the_column() -> None:
    samples = {"PassMark": ["13,875", "20,650"]}
    mappings = suggest_mappings(CPU, HEADERS, samples, overrides={"PassMark": None})
    assert (mappings[3].bucket, mappings[3].field) == (Bucket.IGNORED, None)
    assert mappings[3].rationale == "ignored by operator"
    assert mappings[3].samples == ("13,875", "20,650")


def test_override_keys_match_normalized_column_names() -> None:
    mappings = suggest_mappings(CPU, HEADERS, {}, overrides={"logicals": "threads"})
    assert mappings[2].field == "threads"


def test_override_beats_an_exact_match_for_the_same_field() -> None:
    overrides = {"Cores (physical)": "cores"}
    mappings = suggest_mappings(CPU, ["cores", "Cores (physical)"], {}, overrides=overrides)
    assert (mappings[1].bucket, mappings[1].field) == (Bucket.MAPPED, "cores")
    assert mappings[0].bucket is Bucket.NEW
    assert "'Cores (physical)' took field 'cores' (set by operator)" in mappings[0].rationale


def test_override_to_a_custom_field_is_flagged_custom() -> None:
    cache = FieldSpec("l3_cache_mb", FieldType.NUMBER, custom=True)
    overrides = {"Cache": "l3_cache_mb"}
    [mapping] = suggest_mappings(CPU, ["Cache"], {}, custom_fields=[cache], overrides=overrides)
    assert (mapping.field, mapping.custom) == ("l3_cache_mb", True)


def test_override_to_an_unknown_field_is_rejected_with_the_valid_fields() -> None:
    with pytest.raises(InvalidOverrideError, match="Choose one of: name, manufacturer"):
        suggest_mappings(CPU, HEADERS, {}, overrides={"Logicals": "logical_threads"})


def test_one_field_overridden_onto_two_columns_is_rejected() -> None:
    with pytest.raises(InvalidOverrideError, match="both set to field 'threads'"):
        suggest_mappings(CPU, HEADERS, {}, overrides={"Logicals": "threads", "PassMark": "threads"})


def test_overrides_for_absent_columns_are_ignored() -> None:
    mappings = suggest_mappings(CPU, HEADERS, {}, overrides={"Turbo": "notes"})
    assert [m.field for m in mappings] == ["name", "cores", None, "cpu_mark_multi"]


def test_remembered_mapping_names_the_session() -> None:
    mappings = suggest_mappings(
        CPU, HEADERS, {}, remembered={"Logicals": "threads"}, remembered_from="2025-06-01 cpus.xlsx"
    )
    assert (mappings[2].bucket, mappings[2].field) == (Bucket.MAPPED, "threads")
    assert mappings[2].rationale == "confirmed in session 2025-06-01 cpus.xlsx"


def test_remembered_ignore_and_missing_session_name() -> None:
    mappings = suggest_mappings(CPU, HEADERS, {}, remembered={"PassMark": None})
    assert mappings[3].bucket is Bucket.IGNORED
    assert mappings[3].rationale == "ignored in an earlier session"


def test_overrides_beat_remembered_mappings() -> None:
    mappings = suggest_mappings(
        CPU,
        HEADERS,
        {},
        remembered={"Logicals": None},
        remembered_from="7",
        overrides={"Logicals": "threads"},
    )
    assert (mappings[2].field, mappings[2].rationale) == ("threads", "set by operator")


def test_remembered_field_that_no_longer_exists_falls_back_to_matching() -> None:
    remembered = {"Processor": "cpu_family"}
    mappings = suggest_mappings(CPU, HEADERS, {}, remembered=remembered, remembered_from="3")
    assert mappings[0].field == "name"
    assert "confirmed" not in mappings[0].rationale


def test_remembered_beats_an_exact_match_for_the_same_field() -> None:
    remembered = {"score": "cpu_mark_multi"}
    mappings = suggest_mappings(
        CPU, ["cpumark", "score"], {}, remembered=remembered, remembered_from="9"
    )
    assert mappings[1].field == "cpu_mark_multi"
    assert mappings[0].bucket is Bucket.NEW
    assert "'score' took field 'cpu_mark_multi' (confirmed in session 9)" in mappings[0].rationale


def test_exact_match_beats_a_suggestion_whatever_the_order() -> None:
    samples = {"Cores (physical)": ["6", "8"]}
    mappings = suggest_mappings(CPU, ["Cores (physical)", "cores"], samples)
    assert (mappings[1].bucket, mappings[1].field) == (Bucket.MAPPED, "cores")
    loser = mappings[0]
    assert (loser.bucket, loser.field, loser.inferred_type) == (Bucket.NEW, None, FieldType.INTEGER)
    assert "column 'cores' took field 'cores' (exact match)" in loser.rationale


def test_name_match_beats_alias_match_and_earlier_column_breaks_ties() -> None:
    mappings = suggest_mappings(CPU, ["cpumark", "cpu_mark_multi", "CPU Mark"], {})
    assert [m.field for m in mappings] == [None, "cpu_mark_multi", None]
    assert [m.bucket for m in mappings] == [Bucket.NEW, Bucket.MAPPED, Bucket.NEW]
    tied = suggest_mappings(CPU, ["cpumark", "CPU Mark"], {})
    assert [m.field for m in tied] == ["cpu_mark_multi", None]


def test_higher_confidence_suggestion_keeps_the_field() -> None:
    mappings = suggest_mappings(CPU, ["Thread Mark Score", "Thread Marks"], {})
    assert [m.field for m in mappings] == [None, "cpu_mark_single"]
    assert mappings[1].bucket is Bucket.SUGGESTED
    assert "'Thread Marks' took field 'cpu_mark_single' (score 95)" in mappings[0].rationale
    assert "(score 80)" in mappings[0].rationale


def test_custom_field_sharing_a_standard_name_is_a_separate_target() -> None:
    shadow = FieldSpec("cores", FieldType.INTEGER, label="E-cores", custom=True)
    mappings = suggest_mappings(CPU, ["Cores", "E-Cores"], {}, custom_fields=[shadow])
    assert [(m.bucket, m.field, m.custom) for m in mappings] == [
        (Bucket.MAPPED, "cores", False),
        (Bucket.MAPPED, "cores", True),
    ]
    overridden = suggest_mappings(
        CPU, ["E-Cores"], {}, custom_fields=[shadow], overrides={"E-Cores": "cores"}
    )
    assert not overridden[0].custom
