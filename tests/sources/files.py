"""Listing CSVs for recurring-source tests: a baseline, the same with a price swing, one with a new column."""

from __future__ import annotations

from pathlib import Path

TITLES = [f"OptiPlex {n}" for n in range(7000, 7010)]


def listings_csv(path: Path, *, price_factor: float = 1.0, extra_column: str | None = None, first: int = 10) -> Path:
    header = "title,price_usd" + (f",{extra_column}" if extra_column else "")
    lines = [header]
    for number, title in enumerate(TITLES[:first]):
        price = (200 + 10 * number) * price_factor
        lines.append(f"{title},{price:.2f}" + (",zz-top" if extra_column else ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_source(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def listing_source(folder: Path, drop: Path, *, on_clean: str = "commit", trigger: str = "{sensor: {minimum_interval_seconds: 30}}") -> Path:
    return write_source(folder, "shop_listings", f"""
description: Listings from the shop's weekly export
profile: shop-listings
files: {{folder: {drop}, glob: "*.csv"}}
trigger: {trigger}
on_clean: {on_clean}
drift:
  price_swing_percent: 30
  price_swing_share: 0.1
  blocking: [price_swings]
""")
