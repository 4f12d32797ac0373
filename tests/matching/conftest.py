"""Realistic candidate sets for the matching tests.

The small sets are written out so the tests run anywhere; the PassMark set
is the real scrape in ../shared/data (its tests skip when it is absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dealbrain.matching import Candidate

PASSMARK = Path(__file__).resolve().parents[3] / "shared" / "data" / "passmark_cpus.json"

CPU_NAMES = [
    "Intel Core i7-8700",
    "Intel Core i7-8700K",
    "Intel Core i7-8700T",
    "Intel Core i7-8700B",
    "Intel Core i7-9700",
    "Intel Core i5-8500",
    "Intel Core i5-8500T",
    "Intel Xeon E5-2680 v3",
    "Intel Xeon E5-2680 v4",
    "AMD Ryzen 5 5600G with Radeon Graphics",
    "AMD Ryzen 5 5600",
    "AMD Ryzen 5 5600X",
    "AMD Ryzen 5 PRO 5650G",
    "AMD Ryzen 7 5700G",
]

GPU_NAMES = [
    "NVIDIA GeForce RTX 3060",
    "NVIDIA GeForce RTX 3060 Ti",
    "NVIDIA GeForce RTX 3070",
    "NVIDIA GeForce RTX 4070 Ti Super",
    "NVIDIA GeForce GTX 1660 Super",
    "AMD Radeon RX 6600 XT",
    "AMD Radeon RX 7900 XTX",
    "Intel UHD Graphics 630",
]


def numbered(names: list[str], first_id: int = 1) -> list[Candidate]:
    """Stored candidates with ids in the order given."""
    return [Candidate(first_id + offset, name) for offset, name in enumerate(names)]


@pytest.fixture
def cpus() -> list[Candidate]:
    return numbered(CPU_NAMES)


@pytest.fixture
def gpus() -> list[Candidate]:
    return numbered(GPU_NAMES, first_id=100)


@pytest.fixture(scope="session")
def passmark_names() -> list[str]:
    """The CPU names of the PassMark scrape, as scraped (duplicates included)."""
    if not PASSMARK.exists():
        pytest.skip("../shared/data/passmark_cpus.json is not beside the checkout")
    records = json.loads(PASSMARK.read_text(encoding="utf-8"))["data"]
    return [record["name"] for record in records if record.get("name")]


@pytest.fixture(scope="session")
def passmark_cpus(passmark_names: list[str]) -> list[Candidate]:
    return numbered(passmark_names)
