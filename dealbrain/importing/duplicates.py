"""Rows repeating a natural key within an import, and which one the policy keeps."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dealbrain.importing.request import DuplicatePolicy
from dealbrain.specs import EntitySpec
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import folded

_KEY = "__duplicate_key__"


@dataclass
class DuplicateReport:
    entity: str
    policy: DuplicatePolicy
    rows: pl.DataFrame
    """Every row sharing a key with another: sheet, source row, key, kept."""
    kept: pl.DataFrame
    """The rows to load: one per key (the first for ``error`` and ``first``, the last for ``last``)."""

    @property
    def keys(self) -> int:
        return self.rows.select("key").n_unique() if self.rows.height else 0

    @property
    def dropped(self) -> int:
        return self.rows.filter(~pl.col("kept")).height if self.rows.height else 0

    @property
    def blocking(self) -> bool:
        return self.policy is DuplicatePolicy.ERROR and self.rows.height > 0

    @property
    def count_label(self) -> str:
        """How a table of counts names this entity's duplicate rows under the policy in force."""
        return "duplicates_blocking" if self.policy is DuplicatePolicy.ERROR else "duplicates_dropped"

    def table(self) -> pl.DataFrame:
        """The repeated rows with what the policy in force does to each: ``blocks`` (error), else ``kept`` or ``dropped``."""
        if self.policy is DuplicatePolicy.ERROR:
            outcome = pl.lit("blocks")
        else:
            outcome = pl.when(pl.col("kept")).then(pl.lit("kept")).otherwise(pl.lit("dropped"))
        return self.rows.select(pl.col(SHEET).alias("sheet"), pl.col(SOURCE_ROW).alias("row"), "key", outcome.alias("outcome"))

    @property
    def headline(self) -> str:
        """One sentence saying what ``on_duplicate`` does with these rows."""
        repeated = f"{self.keys} name(s) repeated on {self.rows.height} rows"
        if self.policy is DuplicatePolicy.ERROR:
            return f"{self.entity} (on_duplicate: error): {repeated}; they block the commit until fixed or a policy keeps one"
        which = "first" if self.policy is DuplicatePolicy.FIRST else "last"
        return f"{self.entity} (on_duplicate: {which}): {repeated}; the {which} row of each is kept, {self.dropped} dropped"

    @property
    def message(self) -> str:
        examples = ", ".join(repr(key) for key in self.rows["key"].unique(maintain_order=True).head(3).to_list())
        return (
            f"{self.entity}: {self.keys} name(s) appear on more than one row ({examples}…); "
            "remove the repeats, or choose on_duplicate: first or last."
        )


def find_duplicates(rows: pl.DataFrame, entity: EntitySpec, policy: DuplicatePolicy) -> DuplicateReport:
    """Group rows by their normalized natural key and keep one per key as the policy says."""
    (key_name,) = entity.natural_key
    keyed = rows.with_row_index("__position__").with_columns(
        folded(pl.col(key_name)).alias(_KEY)
    )
    repeated = keyed.filter(pl.col(_KEY).is_not_null() & pl.col(_KEY).is_duplicated())
    keep_last = policy is DuplicatePolicy.LAST
    chosen = keyed.unique(subset=[_KEY], keep="last" if keep_last else "first", maintain_order=True)
    kept_positions = chosen["__position__"].implode()
    report_rows = repeated.select(
        SHEET, SOURCE_ROW, pl.col(key_name).alias("key"), pl.col("__position__").is_in(kept_positions).alias("kept")
    )
    kept = keyed.filter(pl.col(_KEY).is_null() | pl.col("__position__").is_in(kept_positions))
    return DuplicateReport(entity.name, policy, report_rows, kept.drop("__position__", _KEY))
