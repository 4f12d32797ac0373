"""Realistic header sets for the mapping tests.

The template headers are those of the Deal Brain CSV templates; the PassMark
headers are the keys of the PassMark CPU export.
"""

import pytest

TEMPLATE_HEADERS: dict[str, list[str]] = {
    "cpu": [
        "name", "manufacturer", "socket", "cores", "threads", "tdp_w", "igpu_model",
        "cpu_mark_multi", "cpu_mark_single", "release_year", "notes", "attributes",
    ],
    "gpu": ["name", "manufacturer", "gpu_mark", "metal_score", "notes", "attributes"],
    "listing": [
        "title", "price_usd", "condition", "cpu_name", "gpu_name", "ram_gb",
        "primary_storage_gb", "primary_storage_type", "secondary_storage_gb",
        "secondary_storage_type", "os_license", "other_components", "notes", "attributes",
        "components",
    ],
    "ports_profile": ["name", "description", "attributes", "ports"],
    "valuation_rule": [
        "Rule Name", "Component Type", "Metric", "Unit Value (USD)", "New Multiplier",
        "Refurb Multiplier", "Used Multiplier", "Notes",
    ],
}

PASSMARK_HEADERS = ["name", "cpumark", "thread", "tdp", "socket", "cores", "date", "price"]

PASSMARK_FULL_HEADERS = [
    "id", "name", "price", "cpumark", "thread", "value", "threadValue", "tdp", "powerPerf",
    "date", "socket", "cat", "speed", "turbo", "cpuCount", "cores", "logicals",
    "secondaryCores", "secondaryLogicals", "rank", "samples", "href", "output",
]

PASSMARK_SAMPLES: dict[str, list[str | None]] = {
    "name": ["AMD Athlon II X2 B24", "Intel Core i3-560 @ 3.33GHz", "AMD EPYC 9B14"],
    "cpumark": ["1,124", "1,642", "126,653"],
    "thread": ["1,183", "1,358", "2,904"],
    "tdp": ["65", "73", "NA"],
    "socket": ["AM3", "LGA1156", "Unknown"],
    "cores": ["2", "2", "96"],
    "date": ["Mar 2010", "Sep 2010", "Nov 2023"],
    "price": ["$24.10*", "$89.95", "NA"],
}


@pytest.fixture
def template_headers() -> dict[str, list[str]]:
    return {entity: list(headers) for entity, headers in TEMPLATE_HEADERS.items()}


@pytest.fixture
def passmark_headers() -> list[str]:
    return list(PASSMARK_HEADERS)


@pytest.fixture
def passmark_full_headers() -> list[str]:
    return list(PASSMARK_FULL_HEADERS)


@pytest.fixture
def passmark_samples() -> dict[str, list[str | None]]:
    return {column: list(values) for column, values in PASSMARK_SAMPLES.items()}
