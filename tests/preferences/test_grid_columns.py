"""Each user's grid columns, stored in the importer database: saved, re-read, per user, against the fields of now."""

from __future__ import annotations

from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.preferences import GridColumn, GridColumnPreferences, arranged_columns
from dealbrain.specs import get_entity_spec

ADMIN = Actor("ada", Role.ADMIN)
ANALYST = Actor("anna", Role.ANALYST)
CPU_FIELDS = [field.name for field in get_entity_spec("cpu").fields]


def shown(columns: list[GridColumn]) -> list[str]:
    return [column.field for column in columns if column.visible]


def test_until_a_user_chooses_every_field_is_shown_in_field_order(engine: Engine) -> None:
    CustomFieldService(engine, ADMIN).create("cpu", "tier", FieldInputs(type="enum", options=["gold", "silver"]))
    assert shown(GridColumnPreferences(engine, ANALYST).columns("cpu")) == [*CPU_FIELDS, "tier"]


def test_an_analysts_choice_is_kept_for_them_and_nobody_else(engine: Engine) -> None:
    chosen = [GridColumn("cores"), GridColumn("name"), GridColumn("manufacturer", visible=False)]
    saved = GridColumnPreferences(engine, ANALYST).save("cpu", chosen)

    again = GridColumnPreferences(engine, ANALYST).columns("cpu")
    assert again == saved
    assert [column.field for column in again][:3] == ["name", "cores", "manufacturer"]  # the key stays first
    assert "manufacturer" not in shown(again)
    assert [column.field for column in again][3:] == [name for name in CPU_FIELDS if name not in
                                                      ("name", "cores", "manufacturer")]
    assert shown(GridColumnPreferences(engine, ADMIN).columns("cpu")) == CPU_FIELDS
    assert shown(GridColumnPreferences(engine, ANALYST).columns("gpu")) == [
        field.name for field in get_entity_spec("gpu").fields]


def test_saving_again_replaces_the_choice_and_forgetting_restores_every_field(engine: Engine) -> None:
    preferences = GridColumnPreferences(engine, ADMIN)
    preferences.save("cpu", [GridColumn("notes", visible=False)])
    preferences.save("cpu", [GridColumn("socket", visible=False)])
    assert [name for name in CPU_FIELDS if name not in shown(preferences.columns("cpu"))] == ["socket"]
    assert shown(preferences.forget("cpu")) == CPU_FIELDS
    assert shown(GridColumnPreferences(engine, ADMIN).columns("cpu")) == CPU_FIELDS


def test_a_removed_custom_field_is_dropped_quietly_and_a_new_one_comes_last(engine: Engine) -> None:
    fields = CustomFieldService(engine, ADMIN)
    fields.create("cpu", "tier", FieldInputs(type="enum", options=["gold", "silver"]))
    preferences = GridColumnPreferences(engine, ANALYST)
    preferences.save("cpu", [GridColumn("tier"), GridColumn("cores", visible=False)])
    fields.delete("cpu", "tier")
    fields.create("cpu", "l3_cache_mb", FieldInputs(type="integer"))

    columns = preferences.columns("cpu")
    names = [column.field for column in columns]
    assert "tier" not in names
    assert names[:2] == ["name", "cores"] and names[-1] == "l3_cache_mb"
    assert "cores" not in shown(columns) and "l3_cache_mb" in shown(columns)


def test_unknown_repeated_and_hidden_key_columns_are_arranged_away() -> None:
    saved = [GridColumn("name", visible=False), GridColumn("ghost"), GridColumn("cores"), GridColumn("cores", False)]
    assert arranged_columns(saved, ["name", "cores", "threads"], "name") == [
        GridColumn("name"), GridColumn("cores"), GridColumn("threads")]
