"""The model-number guard compares the words that name the model."""

from __future__ import annotations

import pytest

from dealbrain.matching import (
    ModelAgreement,
    compare_models,
    model_tokens,
    normalize_component_name,
)


def tokens(name: str) -> frozenset[str]:
    return model_tokens(normalize_component_name(name))


def test_model_tokens_are_words_with_digits_and_variant_words() -> None:
    assert tokens("Intel Core i7-8700K") == {"i7", "8700k"}
    assert tokens("AMD Ryzen 7 PRO 4750U") == {"7", "pro", "4750u"}
    assert tokens("Standard Office") == frozenset()


@pytest.mark.parametrize(
    ("left", "right", "agreement"),
    [
        ("Core i7-8700", "Intel Core i7-8700 @ 3.20GHz", ModelAgreement.SAME),
        ("Ryzen 5600G", "AMD Ryzen 5 5600G", ModelAgreement.PARTIAL),
        ("RTX 3060 12GB", "NVIDIA GeForce RTX 3060", ModelAgreement.PARTIAL),
        ("Ryzen 5 5600G", "AMD Ryzen 5 PRO 5600G", ModelAgreement.PARTIAL),
        ("RTX 3060 Laptop GPU", "NVIDIA GeForce RTX 3060", ModelAgreement.PARTIAL),
        ("i7-8700", "Intel Core i7-8700K", ModelAgreement.CONFLICT),
        ("RTX 3060", "NVIDIA GeForce RTX 3060 Ti", ModelAgreement.CONFLICT),
        ("Ryzen 5 5600G", "AMD Ryzen 5 5600", ModelAgreement.CONFLICT),
        ("Xeon E5-2680 v3", "Xeon E5-2680 v4", ModelAgreement.CONFLICT),
        ("Ryzen", "AMD Ryzen 5 5600", ModelAgreement.CONFLICT),
        ("Standard Office", "Standard Office Mini", ModelAgreement.SAME),
    ],
)
def test_agreement(left: str, right: str, agreement: ModelAgreement) -> None:
    assert compare_models(tokens(left), tokens(right)) is agreement
    assert compare_models(tokens(right), tokens(left)) is agreement
