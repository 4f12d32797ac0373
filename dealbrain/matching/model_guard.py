"""The model-number guard: names that differ in model number or suffix are different parts.

Character similarity cannot see that ``"i7 8700"`` and ``"i7 8700k"`` are two
processors: the strings are 93% alike. The guard compares the *model tokens*
of two normalized keys instead, the words that carry a digit (``"i7"``,
``"8700k"``, ``"3060ti"``, ``"v3"``) plus a few variant words (``"pro"``,
``"max"``...), and says how far they agree:

* ``SAME``: identical model tokens; only wording differs.
* ``PARTIAL``: one side's tokens are a strict subset of the other's
  (``"ryzen 5600g"`` vs ``"ryzen 5 5600g"``, ``"rtx 3060"`` vs ``"rtx 3060 12gb"``):
  plausibly the same part, described with more or less detail. A person
  should confirm, so such a match is never automatic.
* ``CONFLICT``: each side has a token the other lacks (``"8700"`` vs
  ``"8700k"``, ``"v3"`` vs ``"v4"``): a different model. So is a name with no
  model token at all against one with some (``"ryzen"`` vs ``"ryzen 5 5600"``):
  a bare family name designates no particular model.
"""

from __future__ import annotations

from enum import StrEnum

VARIANT_WORDS: frozenset[str] = frozenset({"pro", "max", "plus", "ultra", "mobile", "laptop", "lite"})
"""Words without digits that still name a different model (``"M1"`` vs ``"M1 Pro"``)."""


class ModelAgreement(StrEnum):
    """How far the model tokens of two keys agree."""

    SAME = "same"
    PARTIAL = "partial"
    CONFLICT = "conflict"


def model_tokens(key: str) -> frozenset[str]:
    """The words of a normalized key that identify the model: those with a digit, and variant words."""
    return frozenset(
        word for word in key.split() if word in VARIANT_WORDS or any(char.isdigit() for char in word)
    )


def compare_models(left: frozenset[str], right: frozenset[str]) -> ModelAgreement:
    """How far two sets of model tokens agree."""
    if left == right:
        return ModelAgreement.SAME
    if not left or not right:
        return ModelAgreement.CONFLICT
    if left < right or right < left:
        return ModelAgreement.PARTIAL
    return ModelAgreement.CONFLICT
