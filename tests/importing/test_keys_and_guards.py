"""Keys compare the same everywhere; commits refuse what changed under them; requests name what exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.commit_plan import commit_plan_from
from dealbrain.importing.pipeline import preview_import
from dealbrain.importing.policies import UnknownComponentPolicy
from dealbrain.importing.request import (
    ColumnPromotion,
    ImportRequest,
    ImportRequestError,
    InvalidRowPolicy,
)
from dealbrain.importing.stages.commit import CommitRefusedError, commit_preview
from dealbrain.specs import FieldType
from dealbrain.store.sessions import SessionFinishedError
from tests.importing.conftest import ADMIN, ImportRunner
from tests.importing.workbooks import write_xlsx

CpuRecord, ListingRecord = ENTITY_MODELS["cpu"], ENTITY_MODELS["listing"]


def _names(engine: Engine, model: type) -> list[str]:
    key = model.title if model is ListingRecord else model.name
    with transaction(engine) as session:
        return sorted(session.scalars(select(key)))


def test_non_ascii_names_match_their_stored_records(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [["Title", "Price"], ["Über Mini PC", 300]]
    run(write_xlsx(tmp_path / "a.xlsx", {"Listings": rows}))
    again = run(write_xlsx(tmp_path / "b.xlsx", {"Listings": [["Title", "Price"], ["ÜBER MINI PC", 300]]}))
    assert again.result.counts()["listing"]["unchanged"] == 1
    assert _names(engine, ListingRecord) == ["Über Mini PC"]


def test_cpus_named_in_several_spellings_are_created_once(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [["Title", "Price", "CPU"], ["Box A", 100, "Zeta Chip 9"], ["Box B", 100, "zeta chip 9"], ["Box C", 100, "ZETA CHIP 9 "]]
    outcome = run(write_xlsx(tmp_path / "l.xlsx", {"Listings": rows}), on_unknown_component=UnknownComponentPolicy.CREATE)
    assert outcome.result.auto_created == {"cpu": ["Zeta Chip 9"]}
    with transaction(engine) as session:
        cpu_ids = set(session.scalars(select(ListingRecord.cpu_id)))
    assert len(cpu_ids) == 1 and _names(engine, CpuRecord) == ["Zeta Chip 9"]


def test_cpus_are_only_created_for_listings_that_are_written(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [["Title", "Price", "CPU"], ["Good", 100, "Real CPU 1"], ["Bad price", "abc", "Ghost CPU 2"]]
    outcome = run(write_xlsx(tmp_path / "l.xlsx", {"Listings": rows}), on_invalid=InvalidRowPolicy.SKIP,
                  on_unknown_component=UnknownComponentPolicy.CREATE)
    assert outcome.result.auto_created == {"cpu": ["Real CPU 1"]}
    assert _names(engine, CpuRecord) == ["Real CPU 1"]


def test_commit_refuses_when_custom_fields_changed_since_the_preview(engine: Engine, upload_store, tmp_path: Path) -> None:
    service = CustomFieldService(engine, ADMIN)
    service.create("cpu", "tier", FieldInputs(type="enum", options=["low", "high"]))
    path = write_xlsx(tmp_path / "c.xlsx", {"CPUs": [["CPU Name", "Tier"], ["Chip", "low"]]})
    request = ImportRequest(session_id="s-fields", actor="alice", file_path=path, source_name=path.name)
    preview = preview_import(request, engine, upload_store, ADMIN)
    service.delete("cpu", "tier", hard=True)
    with pytest.raises(CommitRefusedError, match="custom fields changed"):
        commit_preview(commit_plan_from(preview), engine)
    assert _names(engine, CpuRecord) == []


def test_a_committed_session_cannot_be_previewed_again(run: ImportRunner, engine: Engine, upload_store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"CPUs": [["CPU Name", "Cores"], ["Chip", 4]]})
    done = run(path)
    request = ImportRequest(session_id=done.result.session_id, actor="alice", file_path=path, source_name=path.name)
    with pytest.raises(SessionFinishedError, match="already committed"):
        preview_import(request, engine, upload_store, ADMIN)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"mapping_overrides": {"Sheet9": {"Cores": None}}}, "sheet 'Sheet9' is not imported"),
        ({"mapping_overrides": {"CPUs": {"Corez": None}}}, "has no column 'Corez'"),
        ({"promotions": (ColumnPromotion("CPUs", "Turbo", "turbo_ghz", "", FieldType.NUMBER),)}, "has no column 'Turbo'"),
    ],
)
def test_settings_naming_missing_sheets_or_columns_are_refused(run: ImportRunner, engine: Engine, tmp_path: Path, fields, message) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"CPUs": [["CPU Name", "Cores"], ["Chip", 4]]})
    with pytest.raises(ImportRequestError, match=message):
        run(path, **fields)
    assert CustomFieldService(engine, Actor("a", Role.ADMIN)).list_fields() == []
