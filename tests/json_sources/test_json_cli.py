"""`importer import` of JSON sources through the console entry point and the Dagster job."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import CliInvoke
from tests.json_sources.conftest import VALUATION_REFERENCE, shared_file

pytestmark = pytest.mark.slow


def test_the_valuation_reference_imports_with_a_record_path_in_the_config(cli: CliInvoke, database_url: str, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    config = tmp_path / "reference.yaml"
    config.write_text(
        "declared_entities:\n  valuation_rules_reference: valuation_rule\n"
        "record_path: 'entities.{entity}.{field=id}.valuation_buckets.{bucket=label}'\n",
        encoding="utf-8",
    )

    result = cli("import", str(shared_file(VALUATION_REFERENCE)), "--config", str(config), "--commit", "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["counts"]["valuation_rule"]["inserted"] == 101
    with create_engine(database_url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM valuation_rule WHERE bucket_label IS NOT NULL")).scalar_one() == 101


def test_a_json_lines_file_declared_by_sheet_name(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    path = tmp_path / "gpus.jsonl"
    path.write_text('{"name": "RTX 3060", "g3dmark": "19,000"}\n{"name": "RX 6600", "g3dmark": "16,500"}\n', encoding="utf-8")

    result = cli("import", str(path), "--declare", "gpus=gpu", "--commit", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["gpu"]["inserted"] == 2
