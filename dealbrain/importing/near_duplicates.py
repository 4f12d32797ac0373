"""New records whose names nearly equal a stored record's: likely duplicates that need a decision.

``Intel Core i7-8700 @ 3.20GHz`` is not the stored ``Intel Core i7-8700`` by
name, so the change plan would insert it as a second record of the same part.
The component matcher's own normalization (``dealbrain.matching``: vendor
words, clock suffixes, punctuation, case) and its fuzzy tier find such names
among the plan's inserts. Each is shown with its candidate and score and,
under the default policy ``block``, blocks the commit until decided:
``insert`` (a record of its own), ``update`` (the row is the stored record:
it is renamed to it and updates it) or ``skip`` (left out).

Rows of the same file whose names differ but normalize equal are reported
too (a warning: they may be one part written twice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from dealbrain.importing.policies import ConflictPolicy, NearDuplicatePolicy
from dealbrain.importing.request import ImportRequest
from dealbrain.matching import Candidate, MatchIndex, MatchStatus
from dealbrain.matching.normalize import BRAND_WORDS, NOISE_WORDS, normalize_component_name
from dealbrain.specs import EntitySpec
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import fold, folded
from dealbrain.store.records import entity_table_by_name

NAMED_PART_ENTITIES = frozenset({"cpu", "gpu", "ports_profile"})
"""Entities named like parts, which the component matcher's normalization was made for."""
NEAR_DUPLICATE_SCORE = 0.9
"""A match at least this close (0.99 for an equal normalized name) is a likely duplicate."""
FUZZY_PAIRS = 5_000_000
"""New names x stored records up to which every pair is compared fuzzily (a few tenths of a second)."""

NEAR_COLUMNS: dict[str, pl.DataType] = {
    SHEET: pl.String(), SOURCE_ROW: pl.Int64(), "name": pl.String(), "candidate": pl.String(),
    "score": pl.Float64(), "match": pl.String(), "decision": pl.String(),
}
WITHIN_COLUMNS: dict[str, pl.DataType] = {
    SHEET: pl.String(), SOURCE_ROW: pl.Int64(), "name": pl.String(), "normalized": pl.String(), "same_as": pl.String(),
}


@dataclass
class NearDuplicateReport:
    """The likely duplicates of one entity's new records, and of its rows among themselves."""

    entity: str
    rows: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=NEAR_COLUMNS))
    """One row per incoming row: its name, the stored candidate, score, match tier, decision (null: undecided)."""
    within_file: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=WITHIN_COLUMNS))
    collisions: list[str] = field(default_factory=list)
    """Stored names that more than one row would update after ``update`` decisions: they block the commit."""

    @property
    def undecided(self) -> list[str]:
        return self.rows.filter(pl.col("decision").is_null())["name"].unique(maintain_order=True).to_list()

    @property
    def message(self) -> str:
        undecided = self.undecided
        examples = ", ".join(
            f"{r['name']!r} ~ stored {r['candidate']!r} ({r['score']:.2f})"
            for r in self.rows.filter(pl.col("decision").is_null()).head(3).iter_rows(named=True)
        )
        return (
            f"{self.entity}: {len(undecided)} new name(s) nearly equal a stored record ({examples}); decide each in "
            "near_duplicate_decisions (insert, update the stored record, or skip) or set on_near_duplicate."
        )

    def decided(self, decision: NearDuplicatePolicy) -> pl.DataFrame:
        return self.rows.filter(pl.col("decision") == decision.value)

    def conflict_decisions(self) -> dict[str, ConflictPolicy]:
        """The stored records that rows decided ``update`` now update: they need no other conflict decision."""
        return {name: ConflictPolicy.UPDATE for name in self.decided(NearDuplicatePolicy.UPDATE)["candidate"].to_list()}

    def apply(self, rows: pl.DataFrame, key_name: str) -> pl.DataFrame:
        """``rows`` with ``skip`` rows left out and ``update`` rows renamed to the stored record they are."""
        skipped = self.decided(NearDuplicatePolicy.SKIP).select(SHEET, SOURCE_ROW)
        renamed = self.decided(NearDuplicatePolicy.UPDATE).select(SHEET, SOURCE_ROW, pl.col("candidate"))
        if skipped.is_empty() and renamed.is_empty():
            return rows
        rows = rows.join(skipped, on=[SHEET, SOURCE_ROW], how="anti")
        joined = rows.join(renamed, on=[SHEET, SOURCE_ROW], how="left")
        rows = joined.with_columns(pl.coalesce("candidate", key_name).alias(key_name)).drop("candidate")
        targets = {fold(name) for name in renamed["candidate"].to_list()}
        repeated = rows.filter(folded(pl.col(key_name)).is_duplicated())[key_name].unique(maintain_order=True).to_list()
        self.collisions = [name for name in repeated if fold(name) in targets]
        return rows

    @property
    def collision_message(self) -> str:
        names = ", ".join(map(repr, self.collisions[:5]))
        return (
            f"{self.entity}: more than one row would update the stored {names} (a row of that name, or several "
            "decided update); decide skip or insert for all but one in near_duplicate_decisions."
        )


STORED_COLUMNS: dict[str, pl.DataType] = {"id": pl.Int64(), "name": pl.String()}
_STORED_CHUNK = 100_000


def stored_names(session: Session, entity: EntitySpec) -> pl.DataFrame:
    """Every stored record's id and name (deleted and disabled ones too), read in chunks into one frame."""
    table = entity_table_by_name(entity.name)
    result = session.execute(select(table.c.id, table.c.name).execution_options(yield_per=_STORED_CHUNK))
    chunks = [pl.DataFrame(chunk, schema=STORED_COLUMNS, orient="row") for chunk in result.partitions()]
    return pl.concat(chunks, how="vertical") if chunks else pl.DataFrame(schema=STORED_COLUMNS)


def _comparable(stored: pl.DataFrame, names: list[str]) -> tuple[pl.DataFrame, list[str]]:
    """The stored records and names worth matching: all of them when few, else those sharing a `coarse_part_key`.

    Fuzzy matching every new name against every stored one costs their product;
    past ``FUZZY_PAIRS`` only names whose coarse keys collide are compared (so
    equal normalized names are still all found).
    """
    if stored.height * len(names) <= FUZZY_PAIRS:
        return stored, names
    ours = pl.DataFrame({"name": names}).with_columns(coarse_part_key(pl.col("name")).alias("key"))
    theirs = stored.with_columns(coarse_part_key(pl.col("name")).alias("key"))
    ours = ours.join(theirs.select("key"), on="key", how="semi")
    theirs = theirs.join(ours.select("key"), on="key", how="semi")
    return theirs.select(list(STORED_COLUMNS)), ours["name"].to_list()


def _stored_matches(stored: pl.DataFrame, names: list[str]) -> list[dict[str, object]]:
    """For each name, the ``stored`` record it likely duplicates (name, candidate, score, match), if any."""
    stored, names = _comparable(stored, names)
    if stored.is_empty() or not names:
        return []
    index = MatchIndex(Candidate(record_id, name) for record_id, name in stored.iter_rows())
    found = []
    for name, verdict in zip(names, index.match(names), strict=True):
        if verdict.status not in (MatchStatus.AUTO, MatchStatus.NEEDS_REVIEW) or verdict.score < NEAR_DUPLICATE_SCORE:
            continue
        candidate = verdict.matched.name if verdict.matched else (verdict.alternatives[0][0] if verdict.alternatives else None)
        if candidate and fold(candidate) != fold(name):
            found.append({"name": name, "candidate": candidate, "score": round(verdict.score, 3), "match": str(verdict.method)})
    return found


def coarse_part_key(name: pl.Expr) -> pl.Expr:
    """A cheap polars key that is equal whenever `normalize_component_name` keys are equal (often when not, too).

    It drops what the normalization drops (marks, clocks, an integrated-graphics
    tail, brand and noise words, and every ``core``) and then every separator, so
    gluing or splitting words cannot tell two names apart. Only names sharing it
    with another row are normalized in Python.
    """
    dropped = "|".join(sorted({*BRAND_WORDS, *NOISE_WORDS, "core"}))
    text = name.str.to_lowercase().str.replace_all(r"\((?:r|tm|c)\)|[\u00ae\u2122\u00a9\u2120]", " ")
    text = text.str.replace_all(r"\b(?:with|w/)\s+(?:amd\s+)?radeon(?:\s+\w+)?\s+graphics\b", " ")
    text = text.str.replace_all(r"@?\s*\d+(?:\.\d+)?\+?\s*[gm]hz\b", " ").str.replace_all(r"[^a-z0-9]+", " ")
    return text.str.replace_all(rf"\b(?:{dropped})\b", "").str.replace_all(" ", "", literal=True)


def digits_key(name: pl.Expr) -> pl.Expr:
    """The digits of a name, clock speeds left out: names that normalize equal have equal digits keys."""
    return name.str.replace_all(r"(?i)@?\s*\d+(?:\.\d+)?\+?\s*[gm]hz\b", " ").str.replace_all(r"[^0-9]+", "")


def within_file_near_duplicates(rows: pl.DataFrame, key_name: str) -> pl.DataFrame:
    """Rows whose different names normalize equal (names are normalized only where `coarse_part_key` collides)."""
    named = rows.select(SHEET, SOURCE_ROW, pl.col(key_name).alias("name")).filter(pl.col("name").is_not_null())
    named = named.filter(digits_key(pl.col("name")).is_duplicated())  # the cheapest cut first
    coarse = named.with_columns(coarse_part_key(pl.col("name")).alias("__coarse__"))
    folded_twice = pl.col("name").str.strip_chars().str.to_lowercase().n_unique().over("__coarse__") > 1
    candidates = coarse.filter(pl.col("__coarse__").is_duplicated() & folded_twice)
    if candidates.is_empty():
        return pl.DataFrame(schema=WITHIN_COLUMNS)
    distinct = candidates["name"].unique().to_list()
    keys = pl.DataFrame({"name": distinct, "normalized": [normalize_component_name(n) for n in distinct]})
    keyed = candidates.join(keys, on="name").with_columns(pl.col("name").str.strip_chars().str.to_lowercase().alias("__folded__"))
    shared = keyed.filter((pl.col("normalized") != "") & (pl.col("__folded__").n_unique().over("normalized") > 1))
    if shared.is_empty():
        return pl.DataFrame(schema=WITHIN_COLUMNS)
    others = shared.group_by("normalized").agg(pl.col("name").unique(maintain_order=True).alias("__names__"))
    return (
        shared.join(others, on="normalized")
        .with_columns(pl.col("__names__").list.set_difference(pl.concat_list("name")).list.join(", ").alias("same_as"))
        .select(list(WITHIN_COLUMNS))
        .sort(SHEET, SOURCE_ROW)
    )


def find_near_duplicates(
    session: Session, entity: EntitySpec, inserts: pl.DataFrame, rows: pl.DataFrame, request: ImportRequest,
    stored: pl.DataFrame | None = None, *, within_file: bool = True,
) -> NearDuplicateReport:
    """The likely duplicates among ``inserts`` (against stored records) and among ``rows`` (with each other).

    ``stored`` is `stored_names` when the caller has read it already (once for every batch of a file);
    ``within_file=False`` leaves comparing the rows with each other to the caller (it sees the whole file)."""
    report = NearDuplicateReport(entity.name)
    if entity.name not in NAMED_PART_ENTITIES:
        return report
    (key_name,) = entity.natural_key
    if within_file:
        report.within_file = within_file_near_duplicates(rows, key_name)
    if key_name not in inserts.columns or inserts.is_empty() or (stored is not None and stored.is_empty()):
        return report
    names = inserts[key_name].drop_nulls().unique(maintain_order=True).to_list()
    found = _stored_matches(stored if stored is not None else stored_names(session, entity), names)
    if not found:
        return report
    policy = None if request.on_near_duplicate is NearDuplicatePolicy.BLOCK else request.on_near_duplicate.value
    decisions = [
        {"name": item["name"], "decision": (request.near_duplicate_decision(entity.name, str(item["name"])) or policy)}
        for item in found
    ]
    lookup = pl.DataFrame(found, schema={k: NEAR_COLUMNS[k] for k in ("name", "candidate", "score", "match")}).join(
        pl.DataFrame(decisions, schema={"name": pl.String(), "decision": pl.String()}), on="name"
    )
    located = inserts.select(SHEET, SOURCE_ROW, pl.col(key_name).alias("name")).join(lookup, on="name")
    report.rows = located.select(list(NEAR_COLUMNS)).sort(SHEET, SOURCE_ROW)
    return report


def unused_near_duplicate_decisions(request: ImportRequest, reports: dict[str, NearDuplicateReport]) -> list[str]:
    """Decisions naming rows that are not likely duplicates: most likely a typo, so the intent would be lost."""
    reasons = []
    for entity, decisions in request.near_duplicate_decisions.items():
        report = reports.get(entity)
        flagged = set() if report is None else {fold(name) for name in report.rows["name"].to_list()}
        unused = sorted(name for name in decisions if fold(name) not in flagged)
        if unused:
            reasons.append(
                f"near_duplicate_decisions for {entity} name rows that are not likely duplicates in this import: "
                f"{', '.join(map(repr, unused[:5]))}; check the spelling or remove them."
            )
    return reasons
