"""A custom field's inputs are defined once (`FieldInputs`): the CLI, the Launchpad and the HTTP API follow it."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import pytest
import typer.main

from api.schemas.custom_fields import CREATE_FIELDS, RULES, CustomFieldCreate, CustomFieldUpdate, Validation
from assets.custom_fields import CustomFieldChangeConfig
from cli.fields_commands import fields_app
from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.customfields.inputs import FieldInputs, checked_inputs
from dealbrain.customfields.new_definition import new_definition
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions

INPUTS = FieldInputs.model_fields
CLI_OPTION_OF = {"type": "field_type"}
"""CLI parameter names that differ from the model's (``type`` is a builtin)."""


def test_the_launch_config_is_the_model_plus_what_to_do() -> None:
    own = {"action", "entity", "key", "confirm", "hard", "include_deleted"}
    fields = CustomFieldChangeConfig.model_fields
    assert set(fields) == set(INPUTS) | own
    for name, info in INPUTS.items():
        assert fields[name].description == info.description, name


def test_the_launchpad_offers_the_types_and_refuses_a_misspelt_one(settings: ImporterSettings) -> None:
    job = build_definitions(settings).resolve_job_def("manage_custom_fields")
    config = job.run_config_schema.config_type.fields["ops"].config_type.fields["custom_field_catalog"]
    fields = config.config_type.fields["config"].config_type.fields
    assert [v.config_value for v in fields["type"].config_type.inner_type.enum_values] == [
        "string", "text", "number", "integer", "boolean", "enum", "multi_enum", "date"]
    assert [v.config_value for v in fields["visibility"].config_type.inner_type.enum_values] == ["everywhere", "import_only"]
    run_config = {"ops": {"custom_field_catalog": {"config": {"action": "create", "entity": "cpu", "key": "x",
                                                              "type": "integr"}}}}
    with pytest.raises(dg.DagsterInvalidConfigError, match="integr"):
        dg.validate_run_config(job, run_config)


@pytest.mark.parametrize("command", ["create", "update", "impact"])
def test_cli_options_take_their_help_from_the_model(command: str) -> None:
    click_command = typer.main.get_command(fields_app).commands[command]  # type: ignore[attr-defined]
    helps = {param.name: param.help for param in click_command.params}
    checked = [name for name in INPUTS if CLI_OPTION_OF.get(name, name) in helps]
    assert len(checked) >= 9
    for name in checked:
        assert helps[CLI_OPTION_OF.get(name, name)] == INPUTS[name].description, (command, name)


def test_the_api_bodies_use_the_models_fields_under_the_original_names() -> None:
    create, update = CustomFieldCreate.model_fields, CustomFieldUpdate.model_fields
    for body_name, (input_name, _) in CREATE_FIELDS.items():
        assert create[body_name].description == INPUTS[input_name].description, body_name
        assert update[body_name].description == INPUTS[input_name].description, body_name
    assert set(Validation.model_fields) == set(RULES)
    assert Validation.model_fields["max_length"].metadata == INPUTS["max_length"].metadata  # ge=1, from the model

    original = CustomFieldCreate.model_validate({"entity": "cpu", "key": "warranty_months", "data_type": "integer",
                                                 "validation": {"minimum": 0, "maximum": 60}})
    assert (original.inputs().type, original.inputs().minimum, original.inputs().maximum) == ("integer", 0, 60)
    created = new_definition("cpu", "warranty_months", original.inputs())
    assert (created.type, created.minimum, created.maximum, created.visibility.value) == ("integer", 0, 60, "everywhere")
    change = CustomFieldUpdate.model_validate({"label": None, "validation": {"maximum": 36},
                                               "add_options": ["x"]}).inputs().change()
    assert (change.label, change.maximum, change.add_options) == (None, 36, ("x",))


def test_update_only_inputs_are_refused_on_create_with_a_sentence() -> None:
    with pytest.raises(InvalidDefinition, match="rename_options change an existing field"):
        new_definition("cpu", "tier", FieldInputs(type="enum", options=["a"], rename_options=["a=b"]))
    with pytest.raises(InvalidDefinition, match="needs a type"):
        new_definition("cpu", "tier", FieldInputs())


def test_a_value_the_model_refuses_is_a_sentence_naming_the_input() -> None:
    with pytest.raises(InvalidDefinition, match="max_length: Input should be greater than or equal to 1"):
        checked_inputs({"type": "string", "max_length": 0})


def test_the_fields_commands_load_without_pandera_or_polars() -> None:
    probe = "import sys, cli.fields_commands; print(sorted({'pandera', 'polars'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
