"""Planning an entity's rows batch by batch: the one planning step of a batched preview and its commit.

`plan_batch` is what the whole-frame preview and commit do to all rows at
once (stored records read, `plan_entity_changes`, `resolve_conflicts`), for
one batch. `PlanTally` adds the batches up in structures that do not grow
with the rows: counts, an order-independent digest of the stored state the
plans were made from (a commit re-reading its rows in other batch sizes gets
the same digest), the first planned rows for the preview to show, and the
conflicts (which grow with the records that conflict, not with the file).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from dealbrain.importing.change_plan import EntityChangePlan, plan_entity_changes
from dealbrain.importing.conflicts import ConflictPolicy, ConflictResolution, resolve_conflicts
from dealbrain.specs import EntitySpec, FieldSpec
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import existing_records, natural_key_field

SHOWN_ROWS = 1_000
"""Planned inserts and updates a batched preview keeps to show (the counts cover every row)."""
_WRAP = 1 << 64


def plan_batch(
    session: Session, entity: EntitySpec, rows: pl.DataFrame, custom: list[FieldSpec],
    policy: ConflictPolicy | None, decisions: Mapping[str, ConflictPolicy], *, stored: bool = True,
) -> tuple[ConflictResolution, int]:
    """One batch planned against the records as they are now, conflicts resolved; and its stored-state sum.

    ``stored=False`` says the batch's keys are known to match no stored record (the commit checked it before
    writing anything), so nothing is looked up."""
    keys = rows[natural_key_field(entity).name].drop_nulls().to_list() if stored else []
    existing = existing_records(session, entity, keys, custom)
    plan = plan_entity_changes(rows, existing, entity, custom)
    stored = existing.select(RECORD_ID, *(f.name for f in plan.fields if f.name in existing.columns))
    state = int(np.sum(stored.hash_rows(seed=7).to_numpy(), dtype=np.uint64)) if stored.height else 0
    return resolve_conflicts(plan, policy, decisions), state


@dataclass
class PlanTally:
    """The batches of one entity added up (see the module docstring)."""

    counts: dict[str, int] = field(default_factory=lambda: {"insert": 0, "update": 0, "unchanged": 0})
    state_sum: int = 0
    stored_rows: int = 0
    skipped: int = 0
    decided: dict[str, int] = field(default_factory=dict)
    undecided: list[str] = field(default_factory=list)
    diffs: list[pl.DataFrame] = field(default_factory=list)
    first: ConflictResolution | None = None
    shown: list[EntityChangePlan] = field(default_factory=list)

    def add(self, resolution: ConflictResolution, state: int) -> None:
        plan = resolution.plan
        for name, count in plan.counts.items():
            self.counts[name] += count
        self.state_sum = (self.state_sum + state) % _WRAP
        self.stored_rows += plan.updates.height + plan.unchanged + resolution.skipped
        self.skipped += resolution.skipped
        for policy, count in resolution.decided.items():
            self.decided[policy] = self.decided.get(policy, 0) + count
        self.undecided += resolution.undecided
        if resolution.diffs.height:
            self.diffs.append(resolution.diffs)
        if self.first is None:
            self.first = resolution
        if sum(p.inserts.height + p.updates.height for p in self.shown) < SHOWN_ROWS:
            self.shown.append(plan)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"batched:{self.state_sum}:{self.stored_rows}".encode()).hexdigest()

    def resolution(self) -> ConflictResolution:
        """One resolution for the whole entity: every count and conflict, the first planned rows."""
        assert self.first is not None, "a batched plan has at least one batch"
        plan = self.first.plan
        shown = self.shown or [plan]
        combined = replace(
            plan,
            inserts=pl.concat([p.inserts for p in shown], how="diagonal_relaxed").head(SHOWN_ROWS),
            updates=pl.concat([p.updates for p in shown], how="diagonal_relaxed").head(SHOWN_ROWS),
            before=pl.concat([p.before for p in shown], how="diagonal_relaxed"),
            unchanged=self.counts["unchanged"],
            fingerprint=self.fingerprint,
            totals=dict(self.counts),
        )
        diffs = pl.concat(self.diffs, how="vertical") if self.diffs else self.first.diffs
        return ConflictResolution(combined, diffs, sorted(self.undecided), self.skipped, dict(self.decided))
