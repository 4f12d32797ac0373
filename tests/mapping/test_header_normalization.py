"""normalize_header and header_signature."""

import pytest

from dealbrain.mapping import header_signature, normalize_header


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CPU Mark Multi", "cpu mark multi"),
        ("cpu_mark_multi", "cpu mark multi"),
        ("  CPU--Mark__Multi  ", "cpu mark multi"),
        ("Single-Thread Score", "single thread score"),
        ("# Cores", "cores"),
        ("Asking Price ($)", "asking price"),
        ("Operator's notes", "operators notes"),
        ("Release\u00a0Year", "release year"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_normalize_collapses_case_and_punctuation(raw: str, expected: str) -> None:
    assert normalize_header(raw) == expected


def test_units_in_parentheses_are_kept_as_words() -> None:
    assert normalize_header("TDP (W)") == "tdp w" == normalize_header("tdp_w")
    assert normalize_header("Price (USD)") == normalize_header("price_usd")
    assert normalize_header("RAM (MB)") != normalize_header("RAM (GB)")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("cpuCount", "cpu count"),
        ("threadValue", "thread value"),
        ("secondaryLogicals", "secondary logicals"),
        ("CPUMark", "cpu mark"),
        ("G3DMark", "g3d mark"),
        ("iGPU model", "igpu model"),
        ("TDP", "tdp"),
    ],
)
def test_camel_case_is_split_into_words(raw: str, expected: str) -> None:
    assert normalize_header(raw) == expected


def test_signature_ignores_order_and_spelling() -> None:
    base = header_signature(["name", "cores", "threads"])
    assert header_signature(["Threads", "Cores", "Name"]) == base
    assert header_signature(["threads", "name", "cores"]) == base


def test_signature_is_pinned_so_stored_signatures_stay_valid() -> None:
    expected = "2683598494abeae5dcce89e41aad41a79f71aa12ce633931684c11af238b1fc2"
    assert header_signature(["name", "cores", "threads"]) == expected


def test_signature_changes_with_the_header_set() -> None:
    base = header_signature(["name", "cores", "threads"])
    assert header_signature(["name", "cores"]) != base
    assert header_signature(["name", "cores", "threads", "tdp"]) != base
    assert header_signature(["name", "cores", "cores", "threads"]) != base
    assert header_signature([]) != header_signature([""])


def test_signature_is_a_sha256_hex_digest() -> None:
    signature = header_signature(["title", "price_usd"])
    assert len(signature) == 64
    assert int(signature, 16) >= 0
