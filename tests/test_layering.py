"""The layers the README's layout table describes, read from the import statements.

The domain (`dealbrain/`) imports no surface, no Dagster and not the Great
Expectations suite; record edits import nothing of the importer.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTER_LAYERS = ("dagster", "assets", "pipelines", "resources", "validations", "cli", "api", "workspace")


def imported_modules(package: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield from ((path, alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module


def offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path, module in imported_modules(ROOT / package)
        if any(module == name or module.startswith(f"{name}.") for name in forbidden)
    ]


def test_the_domain_imports_no_outer_layer() -> None:
    assert offending("dealbrain", OUTER_LAYERS) == []


@pytest.mark.parametrize("package", ["dealbrain/records", "dealbrain/store", "dealbrain/validation"])
def test_edits_and_the_store_import_nothing_of_the_importer(package: str) -> None:
    assert offending(package, ("dealbrain.importing",)) == []


def test_the_quality_suite_is_not_imported_by_the_validation_of_rows() -> None:
    assert offending("dealbrain/validation", ("validations", "great_expectations")) == []
