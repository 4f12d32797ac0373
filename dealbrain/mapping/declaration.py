"""Check an operator's declared entity against what the headers suggest."""

from __future__ import annotations

from dataclasses import dataclass

from dealbrain.mapping.entity_inference import EntityInference
from dealbrain.specs import ENTITY_SPECS, get_entity_spec

DEFAULT_TOLERANCE = 0.15
_FLOAT_SLACK = 1e-9
"""Keeps a gap of exactly ``tolerance`` (give or take float rounding) from being a mismatch."""


@dataclass(frozen=True)
class DeclarationCheck:
    """Whether a sheet's declared entity agrees with the inferred one."""

    declared: str
    inferred: str | None
    declared_score: float
    inferred_score: float
    mismatch: bool
    message: str
    """Operator-facing summary; a warning when ``mismatch`` is True."""


def compare_declaration(
    declared: str, inference: EntityInference, tolerance: float = DEFAULT_TOLERANCE
) -> DeclarationCheck:
    """Flag a declaration that the headers contradict.

    ``declared`` may be any spelling ``get_entity_spec`` accepts (``"CPU"``,
    ``"ports profile"``). It is a mismatch when the inferred entity differs
    and its confidence exceeds the declared entity's by more than
    ``tolerance`` (an absolute difference of confidences). A declaration is
    never contradicted when no entity was inferred.
    """
    if not 0.0 <= tolerance <= 1.0:
        raise ValueError(f"tolerance must be between 0 and 1, got {tolerance}.")
    declared_name = get_entity_spec(declared).name
    declared_score = inference.scores.get(declared_name, 0.0)
    inferred = inference.entity
    inferred_score = inference.scores.get(inferred, 0.0) if inferred else 0.0
    gap = inferred_score - declared_score
    mismatch = inferred not in (None, declared_name) and gap > tolerance + _FLOAT_SLACK
    message = _message(declared_name, inferred, declared_score, inferred_score, mismatch, tolerance)
    return DeclarationCheck(
        declared_name, inferred, declared_score, inferred_score, mismatch, message
    )


def _message(
    declared: str,
    inferred: str | None,
    declared_score: float,
    inferred_score: float,
    mismatch: bool,
    tolerance: float,
) -> str:
    declared_label = ENTITY_SPECS[declared].label
    if inferred is None:
        return (
            f"The headers do not point clearly to any entity; keeping the declared "
            f"{declared_label} (score {declared_score:.2f})."
        )
    inferred_label = ENTITY_SPECS[inferred].label
    if inferred == declared:
        return f"The headers agree with the declared {declared_label} (score {declared_score:.2f})."
    if mismatch:
        return (
            f"Declared as {declared_label} but the headers look like {inferred_label}: "
            f"{inferred_label} scores {inferred_score:.2f} against {declared_score:.2f} for "
            f"{declared_label}, more than {tolerance:.2f} apart. Check that the sheet is "
            f"declared as the right entity before importing."
        )
    return (
        f"The headers lean slightly towards {inferred_label} ({inferred_score:.2f}) over the "
        f"declared {declared_label} ({declared_score:.2f}), within {tolerance:.2f}; "
        f"keeping the declaration."
    )
