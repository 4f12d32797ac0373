"""`importer schema ENTITY`: the JSON Schema of a record, custom fields included."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import cli_database
from cli.output import ExitCode, fail, print_json
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.specs import ENTITY_NAMES, UnknownEntityError, get_entity_spec
from dealbrain.tables import text_table


def schema_command(
    entity: Annotated[str, typer.Argument(help=f"The entity: {', '.join(ENTITY_NAMES)}.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON Schema (draft 2020-12).")] = False,
) -> None:
    """Describe an entity's record: standard fields plus its active custom fields."""
    from dealbrain.validation import entity_json_schema  # polars: loaded by the command, not by `importer --help`

    try:
        spec = get_entity_spec(entity)
    except UnknownEntityError as error:
        fail(str(error), ExitCode.USAGE_ERROR)
    with transaction(cli_database()) as session:
        custom_fields = active_field_specs(session, spec.name)
    if as_json:
        print_json(entity_json_schema(spec, custom_fields))
        return
    rows = [
        {"field": field.name, "type": field.type.value, "required": "yes" if field.required else "no",
         "custom": "yes" if field.custom else "no", "label": field.display_label}
        for field in (*spec.fields, *custom_fields)
    ]
    typer.echo(f"{spec.label} ({spec.name}); natural key: {', '.join(spec.natural_key)}")
    typer.echo(text_table(rows, ("field", "type", "required", "custom", "label")))
