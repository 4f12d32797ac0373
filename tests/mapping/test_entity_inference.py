"""infer_entity: which entity a sheet holds, from its headers and name."""

import pytest

from dealbrain.mapping import infer_entity
from dealbrain.mapping.entity_inference import ENTITY_FLOOR, SHEET_NAME_WEIGHT
from dealbrain.specs import ENTITY_NAMES


@pytest.mark.parametrize("entity", ENTITY_NAMES)
def test_template_headers_point_to_their_entity(
    entity: str, template_headers: dict[str, list[str]]
) -> None:
    inference = infer_entity("Sheet1", template_headers[entity])
    assert inference.entity == entity
    assert inference.confidence == inference.scores[entity] >= ENTITY_FLOOR
    runner_up = max(score for name, score in inference.scores.items() if name != entity)
    assert inference.confidence - runner_up > 0.15


def test_scores_cover_every_entity_within_zero_and_one(template_headers) -> None:
    inference = infer_entity("CPUs", template_headers["cpu"])
    assert set(inference.scores) == set(ENTITY_NAMES)
    assert all(0.0 <= score <= 1.0 for score in inference.scores.values())


@pytest.mark.parametrize("fixture", ["passmark_headers", "passmark_full_headers"])
def test_passmark_export_is_a_cpu_sheet(fixture: str, request: pytest.FixtureRequest) -> None:
    inference = infer_entity("passmark_cpus", request.getfixturevalue(fixture))
    assert inference.entity == "cpu"
    assert "CPU" in inference.rationale
    assert "cpumark" in inference.rationale


def test_operator_spelled_listing_headers() -> None:
    headers = [
        "Listing Title", "Asking Price ($)", "Condition", "CPU", "GPU", "RAM (GB)", "Storage Type",
    ]
    assert infer_entity("Sheet1", headers).entity == "listing"


def test_sheet_name_settles_headers_shared_by_cpus_and_gpus() -> None:
    shared = ["name", "manufacturer", "notes"]
    on_gpu_sheet = infer_entity("GPUs", shared)
    on_cpu_sheet = infer_entity("Intel Processors", shared)
    assert on_gpu_sheet.entity == "gpu"
    assert on_cpu_sheet.entity == "cpu"
    assert "sheet name 'GPUs' contains 'gpus'" in on_gpu_sheet.rationale
    unnamed = infer_entity("Sheet1", shared)
    gain = on_gpu_sheet.scores["gpu"] - unnamed.scores["gpu"]
    assert gain == pytest.approx(SHEET_NAME_WEIGHT)


@pytest.mark.parametrize(
    ("sheet_name", "entity"),
    [
        ("Ports Profiles", "ports_profile"),
        ("Q3 Valuation Rules", "valuation_rule"),
        ("CPUs (PassMark)", "cpu"),
        ("PassMark CPU list", "cpu"),
        ("Video Cards", "gpu"),
        ("deals_2025", "listing"),
    ],
)
def test_sheet_keywords_match_whole_words_and_joined_spellings(
    sheet_name: str, entity: str
) -> None:
    assert infer_entity(sheet_name, []).scores[entity] == pytest.approx(SHEET_NAME_WEIGHT)


def test_sheet_keywords_do_not_match_inside_words() -> None:
    assert infer_entity("Portfolio", []).scores["ports_profile"] == 0.0
    assert infer_entity("Radio", []).scores["ports_profile"] == 0.0


def test_headers_outweigh_a_misleading_sheet_name(template_headers) -> None:
    assert infer_entity("GPUs", template_headers["cpu"]).entity == "cpu"


def test_nothing_recognisable_infers_no_entity() -> None:
    inference = infer_entity("Data", ["foo", "bar", "baz"])
    assert inference.entity is None
    assert inference.confidence == 0.0
    assert all(score == 0.0 for score in inference.scores.values())
    assert "Declare the entity" in inference.rationale


def test_generic_headers_alone_stay_below_the_floor() -> None:
    inference = infer_entity("Sheet1", ["name", "notes"])
    assert inference.entity is None
    assert "closest is" in inference.rationale


def test_inference_is_deterministic(passmark_full_headers) -> None:
    first = infer_entity("Sheet1", passmark_full_headers)
    assert all(infer_entity("Sheet1", passmark_full_headers) == first for _ in range(3))
