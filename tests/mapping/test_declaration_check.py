"""compare_declaration: flag declarations the headers contradict."""

import pytest

from dealbrain.mapping import EntityInference, compare_declaration, infer_entity
from dealbrain.specs import UnknownEntityError


def _inference(entity: str | None, **scores: float) -> EntityInference:
    full = dict.fromkeys(["cpu", "gpu", "ports_profile", "valuation_rule", "listing"], 0.0)
    full.update(scores)
    return EntityInference(entity, full[entity] if entity else 0.0, full, "test")


def test_cpu_headers_declared_as_gpu_are_flagged(template_headers) -> None:
    check = compare_declaration("gpu", infer_entity("Sheet1", template_headers["cpu"]))
    assert check.mismatch
    assert (check.declared, check.inferred) == ("gpu", "cpu")
    assert check.inferred_score - check.declared_score > 0.15
    assert "GPU" in check.message and "CPU" in check.message
    assert f"{check.inferred_score:.2f}" in check.message
    assert f"{check.declared_score:.2f}" in check.message


def test_matching_declaration_passes(template_headers) -> None:
    check = compare_declaration("Listing", infer_entity("Listings", template_headers["listing"]))
    assert not check.mismatch
    assert check.declared == check.inferred == "listing"


def test_gap_above_tolerance_is_a_mismatch() -> None:
    check = compare_declaration("gpu", _inference("cpu", cpu=0.56, gpu=0.40))
    assert check.mismatch


def test_gap_of_exactly_the_tolerance_is_not_a_mismatch() -> None:
    check = compare_declaration("gpu", _inference("cpu", cpu=0.55, gpu=0.40))
    assert not check.mismatch
    assert "within 0.15" in check.message


def test_gap_below_tolerance_is_not_a_mismatch() -> None:
    check = compare_declaration("gpu", _inference("cpu", cpu=0.50, gpu=0.40))
    assert not check.mismatch


def test_tolerance_can_be_tightened() -> None:
    check = compare_declaration("gpu", _inference("cpu", cpu=0.50, gpu=0.40), tolerance=0.05)
    assert check.mismatch


def test_no_inferred_entity_never_contradicts() -> None:
    check = compare_declaration("listing", _inference(None, cpu=0.3))
    assert not check.mismatch
    assert check.inferred is None


def test_declared_entity_spelling_is_normalized() -> None:
    check = compare_declaration("Ports Profile", _inference("ports_profile", ports_profile=0.7))
    assert check.declared == "ports_profile"
    assert check.declared_score == 0.7


def test_unknown_declared_entity_is_rejected() -> None:
    with pytest.raises(UnknownEntityError, match="valid entities"):
        compare_declaration("motherboard", _inference("cpu", cpu=0.7))


def test_tolerance_outside_zero_one_is_rejected() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        compare_declaration("cpu", _inference("cpu", cpu=0.7), tolerance=15)
