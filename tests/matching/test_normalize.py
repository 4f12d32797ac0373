"""normalize_component_name: spellings of one part meet, different models stay apart."""

from __future__ import annotations

import pytest

from dealbrain.matching import clock_mhz, normalize_component_name


@pytest.mark.parametrize(
    "spelling",
    [
        "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz",
        "Intel Core i7 8700",
        "Core i7-8700",
        "i7-8700",
        "Core i7-8700 @ 3.2GHz",
        "INTEL® CORE™ I7–8700 PROCESSOR",
        "  intel   core  i7_8700  ",
    ],
)
def test_spellings_of_one_cpu_share_a_key(spelling: str) -> None:
    assert normalize_component_name(spelling) == "i7 8700"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("AMD Ryzen 5 5600G with Radeon Graphics", "Ryzen 5 5600G"),
        ("NVIDIA GeForce RTX 3060 Ti", "RTX3060TI"),
        ("NVIDIA GeForce RTX 3060 Ti", "GeForce RTX 3060Ti"),
        ("AMD Radeon RX 7900 XTX", "RX 7900XTX"),
        ("Intel Xeon E5-2680 v3 @ 2.50GHz", "Xeon E5-2680v3"),
        ("Intel Core2 Duo E8400 @ 3.00GHz", "Core 2 Duo E8400"),
        ("Intel Core Ultra 7 155H", "Ultra 7 155H"),
        ("Intel Core i5-8500T", "i5 8500 T"),
    ],
)
def test_equivalent_spellings_share_a_key(left: str, right: str) -> None:
    assert normalize_component_name(left) == normalize_component_name(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Intel Core i7-8700", "Intel Core i7-8700K"),
        ("Intel Core i7-8700", "Intel Core i7-8700T"),
        ("Intel Core i7-8700K", "Intel Core i7-8700KF"),
        ("NVIDIA GeForce RTX 3060", "NVIDIA GeForce RTX 3060 Ti"),
        ("GeForce RTX 4070 Ti", "GeForce RTX 4070 Ti Super"),
        ("AMD Ryzen 5 5600", "AMD Ryzen 5 5600G"),
        ("AMD Ryzen 5 5600X", "AMD Ryzen 5 5600XT"),
        ("AMD Radeon RX 7900 XT", "AMD Radeon RX 7900 XTX"),
        ("Intel Xeon E5-2680 v3", "Intel Xeon E5-2680 v4"),
        ("Intel Xeon Gold 6548Y", "Intel Xeon Gold 6548Y+"),
        ("AMD EPYC 7V12", "AMD EPYC 7V13"),
    ],
)
def test_different_models_keep_different_keys(left: str, right: str) -> None:
    assert normalize_component_name(left) != normalize_component_name(right)


def test_examples_of_the_key() -> None:
    assert normalize_component_name("NVIDIA GeForce RTX 3060 Ti") == "rtx 3060ti"
    assert normalize_component_name("AMD Ryzen 5 5600G with Radeon Graphics") == "ryzen 5 5600g"
    assert normalize_component_name("Intel UHD Graphics 630") == "uhd 630"


def test_a_name_made_only_of_brand_words_keeps_them() -> None:
    assert normalize_component_name("AMD Radeon Graphics") == "amd radeon graphics"


def test_a_name_without_letters_or_digits_has_an_empty_key() -> None:
    assert normalize_component_name(" ® - ") == ""


@pytest.mark.parametrize(
    ("text", "mhz"),
    [
        ("Intel Core i7-8700 CPU @ 3.20GHz", 3200),
        ("Intel Pentium 4 2.6GHz", 2600),
        ("ARM Cortex-A53 4 Core 1200 MHz", 1200),
        ("VIA Eden X2 U4200 @ 1.0+ GHz", 1000),
        ("Intel Core i7-8700", None),
    ],
)
def test_clock_mhz(text: str, mhz: int | None) -> None:
    assert clock_mhz(text) == mhz
