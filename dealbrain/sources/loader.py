"""Reading the sources folder: one YAML file per source; a malformed file is reported and the others still load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from dealbrain.errors import UserFacingError
from dealbrain.importing.options import describe_validation_error
from dealbrain.sources.declaration import SOURCE_NAME, SourceDeclaration


class SourceFileError(UserFacingError, ValueError):
    """A source file that cannot be used: the message names the file and the field."""


@dataclass(frozen=True)
class LoadedSources:
    sources: list[SourceDeclaration]
    problems: list[str]
    """One sentence per file that could not be loaded."""


def load_source(path: Path) -> SourceDeclaration:
    """The source declared in ``path``; a `SourceFileError` naming the file and the field otherwise."""
    name = path.stem
    if not SOURCE_NAME.fullmatch(name):
        raise SourceFileError(f"{path}: the file name {name!r} is the source's name; use lowercase letters, digits and _ "
                              "(starting with a letter, up to 40).")
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SourceFileError(f"{path}: cannot read it as YAML: {error}") from None
    if not isinstance(document, dict):
        raise SourceFileError(f"{path}: must hold a mapping (profile, files, trigger, on_clean, drift).")
    if "name" in document or "declared_in" in document:
        raise SourceFileError(f"{path}: `name` comes from the file name; remove it.")
    try:
        return SourceDeclaration.model_validate({**document, "name": name, "declared_in": path.resolve()})
    except ValidationError as error:
        raise SourceFileError(f"{path}: {describe_validation_error(error)}") from None


def load_sources(folder: Path) -> LoadedSources:
    """Every ``*.yaml`` / ``*.yml`` source in ``folder`` (none when it does not exist)."""
    sources, problems = [], []
    if folder.is_dir():
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            try:
                sources.append(load_source(path))
            except SourceFileError as error:
                problems.append(str(error))
    return LoadedSources(sources, problems)


def find_source(folder: Path, name: str) -> SourceDeclaration:
    for suffix in (".yaml", ".yml"):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return load_source(path)
    raise SourceFileError(f"No source named {name!r} in {folder} (a source is a file {name}.yaml there).")
