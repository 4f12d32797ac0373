"""Which incoming rows insert, update or leave a stored record unchanged (pure polars)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.specs.components import stored_elsewhere_fields
from dealbrain.store.frames import RECORD_ID, SHEET, SOURCE_ROW, as_stored
from dealbrain.store.keys import folded

MATCH_KEY = "__match_key__"
EXISTING_SUFFIX = "__existing"


@dataclass
class EntityChangePlan:
    """What committing one entity's rows will do."""

    entity: EntitySpec
    custom_fields: list[FieldSpec]
    fields: list[FieldSpec]
    """Fields (standard and custom) present in the incoming rows: only these are written."""
    inserts: pl.DataFrame
    updates: pl.DataFrame
    """Changed rows, with ``__record_id__`` of the record they update."""
    before: pl.DataFrame
    """The stored values of the records in ``updates``, for the changeset and the preview."""
    unchanged: int
    fingerprint: str
    """Hash of the stored state the plan was made from; a different hash means the plan is stale."""
    totals: dict[str, int] | None = None
    """Set on a plan made batch by batch (`batched_plan`): the counts of every batch, while ``inserts``,
    ``updates`` and ``before`` hold the first rows only (what a preview shows)."""

    @property
    def counts(self) -> dict[str, int]:
        if self.totals is not None:
            return dict(self.totals)
        return {"insert": self.inserts.height, "update": self.updates.height, "unchanged": self.unchanged}


def _match_key(column: str) -> pl.Expr:
    return folded(pl.col(column)).alias(MATCH_KEY)


def field_differs(field: FieldSpec) -> pl.Expr:
    """True where the incoming value is not blank and differs from the stored one (``<field>__existing``)."""
    incoming, stored = pl.col(field.name), pl.col(field.name + EXISTING_SUFFIX)
    if field.type is FieldType.REFERENCE:
        incoming, stored = folded(incoming), folded(stored)
    return incoming.is_not_null() & incoming.ne_missing(stored)


def plan_entity_changes(
    incoming: pl.DataFrame,
    existing: pl.DataFrame,
    entity: EntitySpec,
    custom_fields: list[FieldSpec],
) -> EntityChangePlan:
    """Classify ``incoming`` rows against ``existing`` records of the same natural keys.

    A blank incoming cell never erases a stored value; a row is an update when
    at least one non-blank incoming value differs from the stored one.
    """
    (key_name,) = entity.natural_key
    all_fields = [*entity.fields, *stored_elsewhere_fields(entity.name), *custom_fields]
    fields = [field for field in all_fields if field.name in incoming.columns]
    incoming = as_stored(incoming, custom_fields).with_columns(_match_key(key_name))
    stored = existing.select(RECORD_ID, *(f.name for f in fields)).with_columns(_match_key(key_name))
    joined = incoming.join(
        stored.drop(key_name).rename({f.name: f.name + EXISTING_SUFFIX for f in fields if f.name != key_name}),
        on=MATCH_KEY,
        how="left",
    )
    compared = [f for f in fields if f.name != key_name]
    changed = pl.any_horizontal(*(field_differs(f) for f in compared)) if compared else pl.lit(False)
    is_new = pl.col(RECORD_ID).is_null()
    keep = [SHEET, SOURCE_ROW, *(f.name for f in fields)]
    keep = [column for column in keep if column in joined.columns]
    inserts = joined.filter(is_new).select(keep)
    updates = joined.filter(~is_new & changed).select(RECORD_ID, *keep)
    unchanged = joined.filter(~is_new & ~changed).height
    before = existing.filter(pl.col(RECORD_ID).is_in(updates[RECORD_ID].implode()))
    return EntityChangePlan(
        entity=entity,
        custom_fields=custom_fields,
        fields=fields,
        inserts=inserts,
        updates=updates,
        before=before,
        unchanged=unchanged,
        fingerprint=stored_state_fingerprint(stored),
    )


def stored_state_fingerprint(stored: pl.DataFrame) -> str:
    """A digest of the stored values a plan depends on (order-independent)."""
    if stored.is_empty():
        return hashlib.sha256(b"empty").hexdigest()
    ordered = stored.sort(RECORD_ID)
    row_hashes = ordered.hash_rows(seed=7)
    digest = hashlib.sha256(row_hashes.to_numpy().tobytes())
    digest.update(",".join(ordered.columns).encode())
    return digest.hexdigest()
