"""What a migration downgrade would destroy, counted on the data in place, so it can be refused.

Each revision declares the tables and columns its downgrade drops. Before a
downgrade runs, the rows that hold data there are counted; if any would be
lost, the downgrade is refused with the list, unless the operator says a
backup was taken. A revision with no declaration here is treated as
destructive: nobody has said what it drops.
"""

from __future__ import annotations

from dataclasses import dataclass

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from dealbrain.db.backup import MaintenanceError
from dealbrain.db.migrate import alembic_config, current_revision

ENTITY_TABLES = ("cpu", "gpu", "listing", "valuation_rule", "ports_profile")


@dataclass(frozen=True)
class Dropped:
    """A table (``column`` None) or a column a downgrade removes, and why it matters."""

    table: str
    column: str | None
    meaning: str
    holding: str | None = None
    """SQL condition of the rows whose value would be lost, when not every non-empty value counts (a flag)."""


VALUATION_REFERENCE_COLUMNS = (
    "target_entity", "target_field", "bucket_label", "min_usd", "max_usd", "min_multiplier", "max_multiplier",
    "bucket_formula", "field_formula", "unit", "dependencies", "field_description",
)

DROPPED_BY_REVISION: dict[str, tuple[Dropped, ...]] = {
    "0013_record_disable": tuple(
        Dropped(table, "disabled_at", "disabled flags of records (they would become enabled again)") for table in ENTITY_TABLES
    ),
    "0012_user_grid_columns": (Dropped("user_grid_columns", None, "users' chosen grid columns"),),
    "0011_import_profiles": (
        Dropped("import_session_profile", None, "which profile, options and source each session used"),
        Dropped("import_profile_version", None, "import profile versions"),
        Dropped("import_profile", None, "import profiles"),
    ),
    "0010_listing_components": (
        Dropped("listing_component", None, "listing components"),
        *(Dropped(table, "needs_review", "review flags of records created from listings", '"needs_review" = true') for table in ("cpu", "gpu", "ports_profile")),
    ),
    "0009_record_soft_delete": tuple(
        Dropped(table, "deleted_at", "soft-deleted records (they would become live again)") for table in ENTITY_TABLES
    ),
    "0008_valuation_rule_reference": tuple(
        Dropped("valuation_rule", column, "valuation buckets, formulas and dependencies") for column in VALUATION_REFERENCE_COLUMNS
    ),
    "0006_audit_guards": (),  # triggers and a foreign-key rule only: no data goes
    "0005_users_audit": (
        Dropped("app_user", None, "users and their roles"),
        Dropped("launch_token_use", None, "used launch tokens"),
    ),
    "0004_import_changes": (Dropped("import_change", None, "changesets (what undo needs)"),),
    "0003_remembered_mappings": (Dropped("remembered_mapping", None, "remembered column mappings"),),
    "0002_custom_fields_revamp": (
        Dropped("custom_field_definition", None, "custom field definitions"),
        Dropped("import_session", "declared_entities_json", "declared sheet entities"),
        *(Dropped(table, "attributes_json", "custom field values") for table in ENTITY_TABLES),
    ),
    "0001_pre_revamp": (
        *(Dropped(table, None, "reference records") for table in ENTITY_TABLES),
        Dropped("import_session", None, "import sessions"),
        Dropped("import_audit_event", None, "the audit log"),
    ),
}


@dataclass(frozen=True)
class Loss:
    """Data a downgrade would delete: ``rows`` rows of ``table`` (or of its ``column``)."""

    revision: str
    table: str
    column: str | None
    meaning: str
    rows: int

    def describe(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else f"table {self.table}"
        return f"{where}: {self.rows} row(s) of {self.meaning} (dropped by reverting {self.revision})"


class DestructiveDowngradeError(MaintenanceError):
    """The downgrade would delete data and no backup was confirmed."""

    def __init__(self, losses: list[Loss], undeclared: list[str]) -> None:
        self.losses, self.undeclared = losses, undeclared
        lines = [loss.describe() for loss in losses]
        lines += [f"revision {revision}: nobody has declared what its downgrade drops" for revision in undeclared]
        super().__init__(
            "this downgrade would delete data:\n  - " + "\n  - ".join(lines) + "\n"
            "Nothing was changed. Take a backup first (`importer db backup`), then run the downgrade again "
            "with --i-have-a-backup."
        )


def reverted_revisions(engine: Engine, target: str) -> list[str]:
    """The revisions a downgrade from the database's current revision to ``target`` reverts, newest first."""
    current = current_revision(engine)
    if current is None:
        return []
    script = ScriptDirectory.from_config(alembic_config())
    lower = None if target == "base" else script.get_revision(target).revision
    reverted = []
    for revision in script.iterate_revisions(current, lower or "base"):
        if revision.revision == lower:
            break
        reverted.append(revision.revision)
    return reverted


def pending_revisions(engine: Engine, target: str = "head") -> list[str]:
    """The revisions an upgrade to ``target`` applies, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    upper = script.get_revision(target).revision if target != "head" else script.get_current_head()
    pending = [revision.revision for revision in script.iterate_revisions(upper, current or "base")
               if revision.revision != current]
    return list(reversed(pending))


def losses_of_downgrade(engine: Engine, target: str) -> tuple[list[Loss], list[str]]:
    """What the downgrade to ``target`` would delete, and the reverted revisions that declare nothing."""
    losses: list[Loss] = []
    undeclared: list[str] = []
    existing = inspect(engine)
    tables = set(existing.get_table_names())
    with engine.connect() as connection:
        for revision in reverted_revisions(engine, target):
            if revision not in DROPPED_BY_REVISION:
                undeclared.append(revision)
                continue
            for dropped in DROPPED_BY_REVISION[revision]:
                if dropped.table not in tables:
                    continue
                rows = connection.execute(text(_count_sql(dropped))).scalar_one()
                if rows:
                    losses.append(Loss(revision, dropped.table, dropped.column, dropped.meaning, rows))
    return losses, undeclared


def _count_sql(dropped: Dropped) -> str:
    """Rows holding data: every row of a dropped table; rows of a dropped column that are not empty."""
    if dropped.column is None:
        return f'SELECT count(*) FROM "{dropped.table}"'
    if dropped.holding is not None:
        return f'SELECT count(*) FROM "{dropped.table}" WHERE {dropped.holding}'
    column = f'CAST("{dropped.column}" AS TEXT)'
    return (
        f'SELECT count(*) FROM "{dropped.table}" WHERE "{dropped.column}" IS NOT NULL '
        f"AND {column} NOT IN ('{{}}', '[]', 'null', '')"
    )


def check_downgrade(engine: Engine, target: str, *, have_backup: bool) -> list[Loss]:
    """Refuse a downgrade that deletes data unless ``have_backup``; return what it deletes when allowed."""
    losses, undeclared = losses_of_downgrade(engine, target)
    if (losses or undeclared) and not have_backup:
        raise DestructiveDowngradeError(losses, undeclared)
    return losses
