"""The Launchpad's forms, derived from the domain's option models so each input is defined once.

`as_launch_config` turns a pydantic model of the domain (such as
`ImportOptions`) into a `dg.Config` with the same fields, descriptions and
defaults. Enumerations become Dagster enums whose names are the values the
CLI and the HTTP API use (`first`, not `FIRST`), so the Launchpad offers
exactly those words and refuses anything else before a run starts.
`to_options` turns a filled-in form back into the domain model.
"""

from __future__ import annotations

import enum
import types
import typing
from functools import cache
from typing import Any, TypeVar

import dagster as dg
from pydantic import BaseModel, create_model

from dealbrain.importing.options import ImportOptions

Options = TypeVar("Options", bound=BaseModel)


@cache
def _launch_enum(kind: type[enum.Enum]) -> type[enum.Enum]:
    return enum.Enum(kind.__name__, {str(member.value): str(member.value) for member in kind})


def _launch_type(annotation: Any) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return as_launch_config(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _launch_enum(annotation)
    if origin is list:
        return list[_launch_type(args[0])]
    if origin is dict:
        return dict[args[0], _launch_type(args[1])]
    if origin in (typing.Union, types.UnionType):
        members = [_launch_type(arg) for arg in args if arg is not type(None)]
        if len(members) > 1:  # e.g. accept_suggestions: true, or a list; the domain model checks the value
            return Any
        return typing.Optional[members[0]]  # noqa: UP045 - Dagster reads Optional
    return annotation


def _launch_default(value: Any) -> Any:
    return _launch_enum(type(value))(str(value.value)) if isinstance(value, enum.Enum) else value


@cache
def as_launch_config(model: type[BaseModel]) -> type[dg.Config]:
    """A `dg.Config` class with ``model``'s fields (nested models and enumerations converted)."""
    fields = {}
    for name, info in model.model_fields.items():
        launch_field = info._copy()  # noqa: SLF001 - keep description and default, change the type
        if not info.is_required():
            launch_field.default = _launch_default(info.default)
        fields[name] = (_launch_type(info.annotation), launch_field)
    return create_model(model.__name__, __base__=dg.Config, __doc__=model.__doc__, **fields)


def to_options(config: dg.Config, model: type[Options]) -> Options:
    """The domain model of a filled-in Launchpad form."""
    return model.model_validate(config.model_dump(mode="json"))


ImportConfig = as_launch_config(ImportOptions)
"""The `uploaded_workbook` form: the file, declarations, mapping fixes, overrides, policies, commit."""
