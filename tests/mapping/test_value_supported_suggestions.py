"""Suggestions from the header and the column's values together, on PassMark data and the original templates."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dealbrain.mapping import Bucket, ColumnMapping, suggest_mappings
from dealbrain.mapping.value_fit import value_fit
from dealbrain.specs import get_entity_spec

DATA = Path("/work/shared/data")
CPU = get_entity_spec("cpu")


@pytest.fixture(scope="module")
def passmark() -> list[dict]:
    records = json.loads((DATA / "passmark_cpus.json").read_text(encoding="utf-8"))["data"]
    return [record for record in records if record["cpumark"] != "NA"][:300]


def _column(records: list[dict], key: str) -> list[str | None]:
    return [None if record.get(key) is None else str(record[key]) for record in records]


def _map_one(header: str, values: list[str | None], **options) -> ColumnMapping:
    [mapping] = suggest_mappings(CPU, [header], {header: values}, **options)
    return mapping


@pytest.mark.parametrize(
    ("header", "key", "field", "bucket", "why"),
    [
        ("Single Thread Rating", "thread", "cpu_mark_single", Bucket.SUGGESTED, "fit: "),
        ("CPU Mark", "cpumark", "cpu_mark_multi", Bucket.MAPPED, "alias 'cpumark' exactly"),
        ("Passmark Single", "thread", "cpu_mark_single", Bucket.MAPPED, "alias 'passmark single' exactly"),
        ("TDP", "tdp", "tdp_w", Bucket.MAPPED, "alias 'tdp' exactly"),
        ("Threads", "cores", "threads", Bucket.MAPPED, "name 'threads' exactly"),
        ("Thread Marks", "thread", "cpu_mark_single", Bucket.SUGGESTED, "resembles field 'cpu_mark_single'"),
    ],
)
def test_the_issue_headers_land_in_mapped_or_suggested_with_why(passmark, header, key, field, bucket, why) -> None:
    mapping = _map_one(header, _column(passmark, key))
    assert (mapping.bucket, mapping.field) == (bucket, field)
    assert why in mapping.rationale


def test_a_partial_name_supported_by_the_values_waits_for_acceptance(passmark) -> None:
    mapping = _map_one("Single Thread Rating", _column(passmark, "thread"))
    assert mapping.awaiting_acceptance and not mapping.applied
    assert mapping.confidence == pytest.approx(0.71, abs=0.01)
    assert "via its alias 'single thread mark' (score 71, below 80)" in mapping.rationale
    assert "lie in the usual 300..6,000" in mapping.rationale
    assert "accept the suggestion to load it" in mapping.rationale
    assert mapping.not_loaded_reason.startswith("suggested for 'cpu_mark_single' but awaiting acceptance")


def test_the_same_header_with_multi_thread_values_is_not_offered_for_the_single_thread_field(passmark) -> None:
    big = [value for value in _column(passmark, "cpumark") if value and int(value.replace(",", "")) > 8000]
    mapping = _map_one("Single Thread Rating", big)
    assert mapping.bucket is Bucket.NEW and mapping.field is None


def test_a_resembling_header_whose_values_contradict_it_is_not_suggested(passmark) -> None:
    mapping = _map_one("Score", _column(passmark, "cpumark"))  # 'score' resembles 'cores' (score 80)
    assert mapping.bucket is Bucket.NEW
    assert "resembles field 'cores'" in mapping.rationale and "do not fit" in mapping.rationale
    assert "so it is not suggested" in mapping.rationale


def test_a_resembling_header_whose_values_fit_loads_by_default_and_says_so(passmark) -> None:
    mapping = _map_one("Thread Marks", _column(passmark, "thread"))
    assert mapping.applied and not mapping.awaiting_acceptance
    assert "fit: " in mapping.rationale


def test_without_values_only_the_name_decides() -> None:
    assert _map_one("Single Thread Rating", []).bucket is Bucket.NEW
    assert _map_one("Thread Marks", []).bucket is Bucket.SUGGESTED


def test_cores_threads_is_offered_for_cores_naming_both_fields(passmark) -> None:
    pairs = [f"{r['cores']}/{int(r['cores']) * int(r['logicals'])}" for r in passmark]
    mapping = _map_one("Cores/Threads", pairs)
    assert (mapping.bucket, mapping.field, mapping.awaiting_acceptance) == (Bucket.SUGGESTED, "cores", True)
    assert "joins field 'cores' via its name 'cores' and field 'threads' via its name 'threads'" in mapping.rationale


def test_passmark_columns_with_other_meanings_stay_new(passmark) -> None:
    headers = ["speed", "turbo", "rank", "samples", "logicals", "cpuCount", "secondaryCores", "powerPerf"]
    samples = {header: _column(passmark, header) for header in headers}
    mappings = suggest_mappings(CPU, headers, samples)
    assert {m.column: m.bucket for m in mappings} == dict.fromkeys(headers, Bucket.NEW)


def test_accepting_all_or_named_suggestions_maps_them(passmark) -> None:
    headers = ["Name", "Single Thread Rating", "Cores/Threads"]
    samples = {"Name": _column(passmark, "name"), "Single Thread Rating": _column(passmark, "thread"),
               "Cores/Threads": [f"{r['cores']}/{r['cores']}" for r in passmark]}
    every = {m.column: m for m in suggest_mappings(CPU, headers, samples, accept=True)}
    assert all(m.bucket is Bucket.MAPPED and m.applied for m in every.values())
    assert every["Single Thread Rating"].rationale.startswith("suggestion accepted by operator: 'Single Thread Rating'")
    named = {m.column: m for m in suggest_mappings(CPU, headers, samples, accept={"Single Thread Rating"})}
    assert named["Single Thread Rating"].applied
    assert named["Cores/Threads"].awaiting_acceptance


def test_an_accepted_suggestion_never_takes_a_field_from_an_exact_match(passmark) -> None:
    headers = ["Passmark Single", "Single Thread Rating"]
    samples = {header: _column(passmark, "thread") for header in headers}
    mappings = {m.column: m for m in suggest_mappings(CPU, headers, samples, accept=True)}
    assert mappings["Passmark Single"].field == "cpu_mark_single"
    assert mappings["Single Thread Rating"].bucket is Bucket.NEW
    assert "column 'Passmark Single' took field 'cpu_mark_single'" in mappings["Single Thread Rating"].rationale


@pytest.mark.parametrize("template", ["cpu", "gpu", "listing", "ports_profile"])
def test_original_template_headers_with_their_values_map_as_before(template: str) -> None:
    with (DATA / "dealbrain_templates" / f"{template}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    headers = list(rows[0])
    mappings = suggest_mappings(get_entity_spec(template), headers, {h: [row[h] for row in rows] for h in headers})
    loaded = [m for m in mappings if m.applied]
    assert all(m.bucket is Bucket.MAPPED and "exactly" in m.rationale for m in loaded)
    expected_new = {"attributes"} | ({"other_components", "components"} if template == "listing" else set())
    assert {m.column for m in mappings if not m.applied} == expected_new


def test_an_exact_match_whose_values_do_not_fit_says_so() -> None:
    [mapping] = suggest_mappings(CPU, ["TDP"], {"TDP": ["Intel", "AMD", "Intel"]})
    assert mapping.bucket is Bucket.MAPPED
    assert "check it: its values (Intel, AMD) are not numbers" in mapping.rationale


def test_value_fit_reads_cells_as_coercion_does() -> None:
    tdp = CPU.field("tdp_w")
    assert value_fit(tdp, ["65 W", "125W", "NA", "15"]).score == 1.0
    assert value_fit(tdp, ["65", "9000", "12000"]).score == pytest.approx(1 / 3, abs=0.01)
    assert value_fit(CPU.field("cores"), ["4", "6"]) is None  # too few values to judge
    assert value_fit(CPU.field("release_year"), ["Aug 2025", "2019", "Mar 2010"]).score == 1.0


def test_a_joined_column_leaves_the_second_field_to_a_column_of_its_own(passmark) -> None:
    headers = ["Threads", "Cores/Threads"]
    samples = {"Threads": _column(passmark, "cores"), "Cores/Threads": [f"{r['cores']}/{r['cores']}" for r in passmark]}
    mappings = {m.column: m for m in suggest_mappings(CPU, headers, samples, accept=True)}
    assert mappings["Cores/Threads"].fields == ("cores",)
    assert "column 'Threads' holds 'threads', so only 'cores' is loaded" in mappings["Cores/Threads"].rationale
    assert mappings["Threads"].field == "threads"


def test_a_joined_column_stays_split_when_remembered_or_set_by_the_operator(passmark) -> None:
    samples = {"Cores/Threads": [f"{r['cores']}/{r['cores']}" for r in passmark]}
    for options in ({"remembered": {"Cores/Threads": "cores"}, "remembered_from": "7"}, {"overrides": {"Cores/Threads": "cores"}}):
        [mapping] = suggest_mappings(CPU, ["Cores/Threads"], samples, **options)
        assert (mapping.bucket, mapping.joined, mapping.fields) == (Bucket.MAPPED, True, ("cores", "threads"))
