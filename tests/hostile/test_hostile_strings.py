"""Hostile text outside files: filters that try to reach Python or SQL, custom-field keys built to escape.

Each is refused with a message naming the problem and what to do, and no
record, field definition or audit event is written because of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldError, CustomFieldService, InvalidKey
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.importing.pipeline import ImportOutcome
from dealbrain.importing.request import ColumnPromotion
from dealbrain.overrides import Override, OverrideAction, OverrideError
from dealbrain.records import InvalidFilterError, NothingSelectedError, RecordService
from dealbrain.specs import FieldType
from tests.hostile.builders import CPU_HEADER, cpu_rows, cpu_workbook, write_workbook
from tests.hostile.conftest import ADMIN, ImportFile
from tests.hostile.snapshots import BOOKKEEPING_TABLES, snapshot_database

HOSTILE_FILTERS = [
    ("__import__('os').system('x')", "column 17", "unexpected character '.'"),
    ('name = "x"; DROP TABLE cpu', "column 11", "there is nothing after it to run"),
    ("1=1 --", "column 5", "Filters have no comments"),
    ('name = "x" or 1=1', "column 15", "expected a field name"),
    ("name.__class__.__mro__ = 1", "column 5", "unexpected character '.'"),
    ("`x; drop table cpu` = 1", "column 1", "unknown field 'x; drop table cpu'"),
    ("(" * 60 + "cores > 1" + ")" * 60, "column 51", "nests deeper than 50 levels"),
    ("not " * 600 + "cores > 1", "column 2001", "the limit is 2,000"),
]
"""Filter text, where the caret points, and words of the problem or hint."""


@pytest.mark.parametrize(("where", "column", "problem"), HOSTILE_FILTERS, ids=[f[0][:24] for f in HOSTILE_FILTERS])
def test_hostile_override_filter_is_refused_before_any_record_changes(
    where: str, column: str, problem: str, seeded: ImportOutcome, import_file: ImportFile, engine: Engine, tmp_path: Path
) -> None:
    before = snapshot_database(engine)
    override = Override("CPUs", OverrideAction.SET_FIELD, where=where, field="notes", value="pwned")

    with pytest.raises(OverrideError) as refusal:
        import_file(cpu_workbook(tmp_path / "more" / "cpus.xlsx", rows=4), overrides=(override,))

    message = str(refusal.value)
    assert message.startswith("Override 1 (sheet 'CPUs'): its selection cannot be used.")
    assert f"Filter error at {column}" in message and problem in message
    assert "Hint:" in message and "Traceback" not in message
    assert before.changed_tables(snapshot_database(engine)) <= BOOKKEEPING_TABLES


def test_sql_inside_quotes_is_only_text_and_selects_nothing(
    seeded: ImportOutcome, import_file: ImportFile, engine: Engine, tmp_path: Path
) -> None:
    before = snapshot_database(engine)
    override = Override("CPUs", OverrideAction.DISCARD, where="name = \"'; DROP TABLE cpu; --\"")

    with pytest.raises(OverrideError, match="selects no rows"):
        import_file(cpu_workbook(tmp_path / "more" / "cpus.xlsx", rows=4), overrides=(override,))

    assert before.changed_tables(snapshot_database(engine)) <= BOOKKEEPING_TABLES
    assert len(snapshot_database(engine).rows["cpu"]) == 3


@pytest.mark.parametrize(("where", "column", "problem"), HOSTILE_FILTERS, ids=[f[0][:24] for f in HOSTILE_FILTERS])
def test_hostile_bulk_edit_filter_is_refused_and_writes_nothing(
    where: str, column: str, problem: str, seeded: ImportOutcome, engine: Engine
) -> None:
    before = snapshot_database(engine)

    with pytest.raises(InvalidFilterError) as refusal:
        RecordService(engine, ADMIN).bulk_update("cpu", where, {"notes": "pwned"})

    assert f"Filter error at {column}" in str(refusal.value) and problem in str(refusal.value)
    assert before.changed_tables(snapshot_database(engine)) == set()


def test_quoted_sql_in_a_bulk_edit_selects_nothing_and_writes_nothing(seeded: ImportOutcome, engine: Engine) -> None:
    before = snapshot_database(engine)

    with pytest.raises(NothingSelectedError, match="selects none of the 3 CPU records"):
        RecordService(engine, ADMIN).bulk_update("cpu", "name = \"x' OR '1'='1\"", {"notes": "pwned"})

    assert before.changed_tables(snapshot_database(engine)) == set()


HOSTILE_KEYS = [
    ('"; drop table cpu; --', "contains '\"'"),
    ("x'); drop table cpu; --", "contains \"'\""),
    ("../x", "contains '.'"),
    ("..\\x", "contains '.'"),
    ("x" * 500, "500 characters long; keys may have at most 64"),
    ("r\u0430m", "U+0430 CYRILLIC SMALL LETTER A"),
    ("\u0440\u0430m", "U+0440 CYRILLIC SMALL LETTER ER"),
    ("ram\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\uff52\uff41\uff4d", "U+FF52 FULLWIDTH LATIN SMALL LETTER R"),
    ("ram\x00", "contains '\\x00'"),
    ("__class__", "must start with a lowercase letter"),
    ("attributes_json", "reserved on cpu"),
    ("name", "reserved on cpu"),
]


@pytest.mark.parametrize(("key", "problem"), HOSTILE_KEYS, ids=[repr(k[0][:16]) for k in HOSTILE_KEYS])
@pytest.mark.parametrize("role", [Role.ADMIN, Role.OPERATOR])
def test_hostile_custom_field_key_is_refused_and_writes_nothing(
    key: str, problem: str, role: Role, seeded: ImportOutcome, engine: Engine
) -> None:
    before = snapshot_database(engine)

    inputs = FieldInputs(type="string", label="<script>x</script>")
    with pytest.raises(InvalidKey) as refusal:
        CustomFieldService(engine, Actor("someone", role)).create("cpu", key, inputs)

    message = str(refusal.value)
    assert problem in message, message
    assert "a-z, 0-9, _" in message or "Choose" in message, "the message must say what a key may be"
    assert len(message) < 400 and "\x00" not in message and "\u202e" not in message
    assert before.changed_tables(snapshot_database(engine)) == set()


@pytest.mark.parametrize(("key", "problem"), HOSTILE_KEYS[:6], ids=[repr(k[0][:16]) for k in HOSTILE_KEYS[:6]])
def test_promoting_a_column_under_a_hostile_key_is_refused_before_any_field_or_record(
    key: str, problem: str, seeded: ImportOutcome, import_file: ImportFile, engine: Engine, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "more" / "cpus.xlsx", {"CPUs": [[*CPU_HEADER, "Cache"], *([*row, 8] for row in cpu_rows(2))]})
    before = snapshot_database(engine)

    with pytest.raises(CustomFieldError) as refusal:
        import_file(path, promotions=(ColumnPromotion("CPUs", "Cache", key, data_type=FieldType.INTEGER),))

    assert problem in str(refusal.value)
    assert before.changed_tables(snapshot_database(engine)) <= BOOKKEEPING_TABLES
