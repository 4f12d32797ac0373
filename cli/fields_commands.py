"""`importer fields ...`: list, create, change, delete, restore and approve custom fields.

Every command goes through `CustomFieldService`, so the CLI gets the same
permission checks, impact checks and audit events as every other surface.
Exit codes: 0 done, 1 refused (invalid definition, impact not confirmed,
permission), 2 usage (unknown entity, type or visibility).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.context import cli_actor, cli_database
from cli.output import ExitCode, fail, print_json
from dealbrain.auth import PermissionDeniedError
from dealbrain.customfields.errors import CustomFieldError, ImpactConfirmationRequired
from dealbrain.customfields.inputs import FieldInputs, input_help
from dealbrain.specs import ENTITY_NAMES, UnknownEntityError, get_entity_spec
from dealbrain.tables import text_table

if TYPE_CHECKING:  # the service and the value checks load polars and pandera: not on --help's path
    from dealbrain.customfields.definition import FieldDefinition
    from dealbrain.customfields.service import CustomFieldService

fields_app = typer.Typer(
    help="Manage custom fields: typed attributes of every entity, stored in attributes_json.",
    no_args_is_help=True,
)

def _input(name: str, *flags: str, **settings: object) -> object:
    """A typer option for one `FieldInputs` input, its help text taken from the model."""
    return typer.Option(*flags, help=input_help(name), **settings)


Entity = Annotated[str, typer.Argument(help=f"The entity: {', '.join(ENTITY_NAMES)}.", show_default=False)]
Key = Annotated[str, typer.Argument(help="The field key: a-z, 0-9 and _, starting with a letter.", show_default=False)]
TypeOption = Annotated[str | None, _input("type", "--type", show_default=False)]
Label = Annotated[str | None, _input("label")]
Description = Annotated[str | None, _input("description")]
Default = Annotated[str | None, _input("default")]
Minimum = Annotated[str | None, _input("minimum", "--min")]
Maximum = Annotated[str | None, _input("maximum", "--max")]
MaxLength = Annotated[int | None, _input("max_length")]
Pattern = Annotated[str | None, _input("pattern")]
Options = Annotated[list[str] | None, _input("options", "--option")]
Visibility = Annotated[str | None, _input("visibility")]
DisplayOrder = Annotated[int | None, _input("display_order")]
Translations = Annotated[list[str] | None, _input("label_translations", "--label-translation")]
AddOptions = Annotated[list[str] | None, _input("add_options", "--add-option")]
Renames = Annotated[list[str] | None, _input("rename_options", "--rename-option")]
Retire = Annotated[list[str] | None, _input("retire_options", "--retire-option")]
Clear = Annotated[list[str] | None, _input("clear", "--clear")]
Required = Annotated[bool | None, _input("required", "--required/--optional")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@fields_app.command("list")
def list_command(
    entity: Annotated[str | None, typer.Option(help="Only this entity's fields.")] = None,
    include_deleted: Annotated[bool, typer.Option("--include-deleted", help="Also show soft-deleted fields.")] = False,
    as_json: AsJson = False,
) -> None:
    """List custom field definitions (pending ones included)."""
    entity_name = _entity(entity) if entity else None
    with _refusals():
        definitions = _service().list_fields(entity_name, include_deleted=include_deleted)
    if as_json:
        print_json([definition.as_dict() for definition in definitions])
    elif not definitions:
        typer.echo("No custom fields" + (f" for {entity_name}." if entity_name else "."))
    else:
        from dealbrain.customfields.presentation import (
            DEFINITION_COLUMNS,
            definition_row,
        )

        typer.echo(text_table([definition_row(definition) for definition in definitions], DEFINITION_COLUMNS))


@fields_app.command("create")
def create_command(
    entity: Entity,
    key: Key,
    field_type: Annotated[str, _input("type", "--type", show_default=False)],
    label: Label = None,
    description: Description = None,
    required: Annotated[bool, _input("required", "--required")] = False,
    default: Default = None,
    minimum: Minimum = None,
    maximum: Maximum = None,
    max_length: MaxLength = None,
    pattern: Pattern = None,
    options: Options = None,
    visibility: Visibility = None,
    display_order: DisplayOrder = None,
    label_translations: Translations = None,
) -> None:
    """Create a custom field (admins: active at once; operators: pending an admin's approval)."""
    entity_name = _entity(entity)
    inputs = _inputs(locals())
    with _refusals():
        created = _service().create(entity_name, key, inputs)
    _done("Created", created)


@fields_app.command("update")
def update_command(
    entity: Entity,
    key: Key,
    field_type: TypeOption = None,
    label: Label = None,
    description: Description = None,
    required: Required = None,
    default: Default = None,
    minimum: Minimum = None,
    maximum: Maximum = None,
    max_length: MaxLength = None,
    pattern: Pattern = None,
    options: Options = None,
    add_options: AddOptions = None,
    rename_options: Renames = None,
    retire_options: Retire = None,
    visibility: Visibility = None,
    display_order: DisplayOrder = None,
    label_translations: Translations = None,
    clear: Clear = None,
    confirm: Annotated[bool, typer.Option("--confirm", help="Apply even if stored values become invalid.")] = False,
) -> None:
    """Change a field; refused when stored values would become invalid, unless --confirm."""
    entity_name = _entity(entity)
    inputs = _inputs(locals())
    with _refusals():
        change = inputs.change()
        updated = _service().update(entity_name, key, change, confirm=confirm)
    _done("Updated", updated)


@fields_app.command("impact")
def impact_command(
    entity: Entity,
    key: Key,
    field_type: TypeOption = None,
    required: Required = None,
    minimum: Minimum = None,
    maximum: Maximum = None,
    max_length: MaxLength = None,
    pattern: Pattern = None,
    options: Options = None,
    add_options: AddOptions = None,
    rename_options: Renames = None,
    retire_options: Retire = None,
    default: Default = None,
    clear: Clear = None,
    as_json: AsJson = False,
) -> None:
    """Show how many stored values a change would make invalid, with examples; changes nothing."""
    entity_name = _entity(entity)
    inputs = _inputs(locals())
    with _refusals():
        change = inputs.change()
        report = _service().impact(entity_name, key, change)
    if as_json:
        print_json(report.as_dict())
        return
    typer.echo(report.summary())
    if report.examples:
        from dealbrain.customfields.presentation import IMPACT_COLUMNS, impact_rows

        typer.echo(text_table(impact_rows(report), IMPACT_COLUMNS))


@fields_app.command("delete")
def delete_command(
    entity: Entity,
    key: Key,
    hard: Annotated[bool, typer.Option("--hard", help="Also remove every stored value, for good.")] = False,
) -> None:
    """Soft-delete a field (values kept, restorable), or with --hard remove it and its values."""
    entity_name = _entity(entity)
    with _refusals():
        deleted = _service().delete(entity_name, key, hard=hard)
    if hard:
        typer.echo(f"Removed {entity_name} field {deleted.key!r} and its stored values.")
    else:
        _done("Deleted", deleted, f" Restore it with `importer fields restore {entity_name} {deleted.key}`.")


@fields_app.command("restore")
def restore_command(entity: Entity, key: Key) -> None:
    """Undo a soft delete; the field's stored values are visible again."""
    entity_name = _entity(entity)
    with _refusals():
        _done("Restored", _service().restore(entity_name, key))


@fields_app.command("approve")
def approve_command(entity: Entity, key: Key) -> None:
    """Approve a field an operator proposed, making it active."""
    entity_name = _entity(entity)
    with _refusals():
        _done("Approved", _service().approve(entity_name, key))


def _inputs(arguments: dict[str, Any]) -> FieldInputs:
    """A command's options that are field inputs, as the domain model; a value it refuses is a usage error.

    Each input's option is a parameter named after the model's field (``field_type`` for ``type``), so a
    command passes its ``locals()`` and never lists the inputs again.
    """
    from pydantic import ValidationError

    given = {name: arguments[name] for name in FieldInputs.model_fields if arguments.get(name) is not None}
    if arguments.get("field_type"):
        given["type"] = _field_type(arguments["field_type"])
    if given.get("visibility"):
        given["visibility"] = _visibility(given["visibility"])
    try:
        return FieldInputs.model_validate(given)
    except ValidationError as error:
        problems = "; ".join(
            f"--{str(item['loc'][0]).replace('_', '-')}: {item['msg']}" for item in error.errors(include_url=False)
        )
        fail(problems, ExitCode.USAGE_ERROR)


def _service() -> CustomFieldService:
    from dealbrain.customfields.service import CustomFieldService

    return CustomFieldService(cli_database(), cli_actor())


def _entity(name: str) -> str:
    try:
        return get_entity_spec(name).name
    except UnknownEntityError as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def _field_type(name: str) -> str:
    try:
        from dealbrain.customfields.rules import parse_field_type

        return parse_field_type(name).value
    except CustomFieldError as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def _visibility(name: str) -> str:
    try:
        from dealbrain.customfields.rules import parse_visibility

        return parse_visibility(name).value
    except CustomFieldError as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def _done(verb: str, definition: FieldDefinition, extra: str = "") -> None:
    typer.echo(
        f"{verb} {definition.entity} field {definition.key!r} "
        f"({definition.type.value}, {definition.status.value}).{extra}"
    )


@contextmanager
def _refusals() -> Iterator[None]:
    """Turn refusals into a message on stderr and exit code 1 (2 for an unknown entity)."""
    try:
        yield
    except ImpactConfirmationRequired as refusal:
        if refusal.report.examples:
            from dealbrain.customfields.presentation import IMPACT_COLUMNS, impact_rows

            typer.echo(text_table(impact_rows(refusal.report), IMPACT_COLUMNS), err=True)
        fail(str(refusal))
    except UnknownEntityError as error:
        fail(str(error), ExitCode.USAGE_ERROR)
    except (CustomFieldError, PermissionDeniedError) as refusal:
        fail(str(refusal))
