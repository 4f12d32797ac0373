"""Drift measures between two snapshots: row counts, null rates, swings of numeric fields, new and vanished keys."""

from __future__ import annotations

from dealbrain.sources.drift import DriftThresholds, compare_snapshots


def _snapshot(prices: dict[str, float | None], null_rate: float = 0.0) -> dict:
    return {"listing": {"rows": len(prices), "null_rates": {"price_usd": null_rate, "condition": null_rate},
                        "values": {key: {"price_usd": price} for key, price in prices.items()}}}


def _by_check(measures) -> dict:
    return {m.check: m for m in measures}


def test_first_import_has_nothing_to_drift_from() -> None:
    measures = compare_snapshots(None, _snapshot({"a": 1.0}), DriftThresholds(), None)
    assert all(m.passed for m in measures) and "First import" in measures[0].reason


def test_each_measure_fails_beyond_its_threshold_and_says_why() -> None:
    before = _snapshot({f"k{n}": 100.0 for n in range(10)})
    after = _snapshot({**{f"k{n}": 100.0 for n in range(2, 10)}, "k2": 160.0, "k9": 100.0}, null_rate=0.5)
    measures = _by_check(compare_snapshots(before, after, DriftThresholds(row_count_change=0.1, price_swing_share=0.05), "s1"))
    assert not measures["row_count"].passed and "10 -> 8 rows" in measures["row_count"].reason
    assert not measures["null_rates"].passed and "listing.price_usd: +50% empty since session s1" in measures["null_rates"].reason
    assert not measures["price_swings"].passed and "k2: price_usd 100 -> 160 (60%)" in measures["price_swings"].reason
    assert measures["keys"].passed  # 2 of 10 vanished: at the 20% limit, not beyond
    assert measures["keys"].figures["listing"]["vanished"] == ["k0", "k1"]


def test_small_changes_pass() -> None:
    before = _snapshot({"a": 100.0, "b": 200.0, "c": None})
    after = _snapshot({"a": 110.0, "b": 190.0, "c": 5.0})
    assert all(m.passed for m in compare_snapshots(before, after, DriftThresholds(), "s1"))
