"""`importer fields ...`: list, create, change, delete, restore and approve custom fields.

Every command goes through `CustomFieldService`, so the CLI gets the same
permission checks, impact checks and audit events as every other surface.
Exit codes: 0 done, 1 refused (invalid definition, impact not confirmed,
permission), 2 usage (unknown entity, type or visibility).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from cli.context import cli_actor, cli_database
from cli.output import ExitCode, fail, print_json
from dealbrain.auth import PermissionDeniedError
from dealbrain.customfields import (
    CustomFieldError,
    CustomFieldService,
    FieldDefinition,
    ImpactConfirmationRequired,
)
from dealbrain.customfields.presentation import (
    DEFINITION_COLUMNS,
    IMPACT_COLUMNS,
    definition_row,
    impact_rows,
)
from dealbrain.customfields.rules import parse_field_type, parse_visibility
from dealbrain.customfields.text_inputs import CLEARABLE, build_change
from dealbrain.specs import (
    CUSTOM_FIELD_TYPES,
    ENTITY_NAMES,
    UnknownEntityError,
    get_entity_spec,
)
from dealbrain.tables import text_table

fields_app = typer.Typer(
    help="Manage custom fields: typed attributes of every entity, stored in attributes_json.",
    no_args_is_help=True,
)

_TYPES = ", ".join(kind.value for kind in CUSTOM_FIELD_TYPES)
_CLEARABLE = ", ".join(sorted({name.replace("_", "-") for name in CLEARABLE}))

Entity = Annotated[str, typer.Argument(help=f"The entity: {', '.join(ENTITY_NAMES)}.", show_default=False)]
Key = Annotated[str, typer.Argument(help="The field key: a-z, 0-9 and _, starting with a letter.", show_default=False)]
TypeOption = Annotated[str | None, typer.Option("--type", help=f"Value type: {_TYPES}.", show_default=False)]
Label = Annotated[str | None, typer.Option(help="Name shown to people (default: from the key).")]
Description = Annotated[str | None, typer.Option(help="What the field holds.")]
Default = Annotated[str | None, typer.Option(help="Value for empty cells; must satisfy the field's rules.")]
Minimum = Annotated[str | None, typer.Option("--min", help="Smallest allowed number or date (YYYY-MM-DD).")]
Maximum = Annotated[str | None, typer.Option("--max", help="Largest allowed number or date (YYYY-MM-DD).")]
MaxLength = Annotated[int | None, typer.Option(help="Longest allowed text (string and text fields).")]
Pattern = Annotated[str | None, typer.Option(help="Regular expression the whole text must match.")]
Options = Annotated[list[str] | None, typer.Option("--option", help="An allowed value (enum, multi_enum); repeat it.")]
Visibility = Annotated[str | None, typer.Option(help="Where it is shown: everywhere or import_only.")]
DisplayOrder = Annotated[int | None, typer.Option(help="Position among the entity's custom fields.")]
Translations = Annotated[
    list[str] | None, typer.Option("--label-translation", help="A translated label as lang=Label; repeat it.")
]
AddOptions = Annotated[list[str] | None, typer.Option("--add-option", help="Offer a new option; repeat it.")]
Renames = Annotated[
    list[str] | None, typer.Option("--rename-option", help="Rename an option as OLD=NEW (stored values follow).")
]
Retire = Annotated[list[str] | None, typer.Option("--retire-option", help="Stop accepting an option; repeat it.")]
Clear = Annotated[list[str] | None, typer.Option("--clear", help=f"Remove a rule or setting: {_CLEARABLE}.")]
Required = Annotated[bool | None, typer.Option("--required/--optional", help="Whether every record needs a value.")]
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
        typer.echo(text_table([definition_row(definition) for definition in definitions], DEFINITION_COLUMNS))


@fields_app.command("create")
def create_command(
    entity: Entity,
    key: Key,
    field_type: Annotated[str, typer.Option("--type", help=f"Value type: {_TYPES}.", show_default=False)],
    label: Label = None,
    description: Description = None,
    required: Annotated[bool, typer.Option("--required", help="Every record needs a value.")] = False,
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
    entity_name, kind = _entity(entity), _field_type(field_type)
    with _refusals():
        translations = build_change(label_translations=label_translations or ()).label_translations
        created = _service().create(
            entity_name, key, kind, label=label, description=description, required=required, default=default,
            minimum=minimum, maximum=maximum, max_length=max_length, pattern=pattern, options=options or (),
            visibility=_visibility(visibility) if visibility else "everywhere", display_order=display_order or 0,
            label_translations=translations or None,
        )
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
    with _refusals():
        change = build_change(
            field_type=_field_type(field_type) if field_type else None, label=label, description=description,
            required=required, default=default, minimum=minimum, maximum=maximum, max_length=max_length,
            pattern=pattern, options=options or (), add_options=add_options or (),
            rename_options=rename_options or (), retire_options=retire_options or (),
            visibility=_visibility(visibility) if visibility else None, display_order=display_order,
            label_translations=label_translations or (), clear=clear or (),
        )
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
    with _refusals():
        change = build_change(
            field_type=_field_type(field_type) if field_type else None, required=required, default=default,
            minimum=minimum, maximum=maximum, max_length=max_length, pattern=pattern, options=options or (),
            add_options=add_options or (), rename_options=rename_options or (),
            retire_options=retire_options or (), clear=clear or (),
        )
        report = _service().impact(entity_name, key, change)
    if as_json:
        print_json(report.as_dict())
        return
    typer.echo(report.summary())
    if report.examples:
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


def _service() -> CustomFieldService:
    return CustomFieldService(cli_database(), cli_actor())


def _entity(name: str) -> str:
    try:
        return get_entity_spec(name).name
    except UnknownEntityError as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def _field_type(name: str) -> str:
    try:
        return parse_field_type(name).value
    except CustomFieldError as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def _visibility(name: str) -> str:
    try:
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
            typer.echo(text_table(impact_rows(refusal.report), IMPACT_COLUMNS), err=True)
        fail(str(refusal))
    except UnknownEntityError as error:
        fail(str(error), ExitCode.USAGE_ERROR)
    except (CustomFieldError, PermissionDeniedError) as refusal:
        fail(str(refusal))
