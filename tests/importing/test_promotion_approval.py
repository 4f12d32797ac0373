"""An operator's column promotion waits for an admin's approval before the import can commit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService, FieldStatus
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import ColumnPromotion
from dealbrain.specs import FieldType
from tests.importing.conftest import ADMIN, ImportRunner
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

OPERATOR = Actor("olga", Role.OPERATOR)
PROMOTION = (ColumnPromotion("CPUs", "Cache", "cache_mb", "Cache (MB)", FieldType.INTEGER),)


def test_operator_promotion_is_pending_until_an_admin_approves(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [[*CPU_HEADER, "Cache"], *[[*row, 12] for row in CPU_ROWS]]})

    pending = run(path, actor=OPERATOR, promotions=PROMOTION)

    assert pending.result is None
    assert any("cpu.cache_mb awaits an admin's approval" in reason for reason in pending.preview.blocking)
    assert CustomFieldService(engine, ADMIN).get("cpu", "cache_mb").status is FieldStatus.PENDING

    CustomFieldService(engine, ADMIN).approve("cpu", "cache_mb")
    approved = run(path, actor=OPERATOR, promotions=PROMOTION)

    assert approved.result.counts()["cpu"]["inserted"] == 3
    with transaction(engine) as session:
        attributes = session.scalars(select(ENTITY_MODELS["cpu"].attributes_json)).all()
    assert attributes == [{"cache_mb": 12}] * 3
