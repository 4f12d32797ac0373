"""`importer records show|update|bulk-update` in-process through typer's runner, on the test database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from tests.conftest import CliInvoke
from tests.records.conftest import stored


@pytest.fixture
def cli(cli: CliInvoke, engine: Engine) -> CliInvoke:
    """``cli("show", ...)`` runs ``importer records show ...`` on the migrated test database."""
    return lambda *arguments: cli("records", *arguments)


def test_show_prints_the_record_as_text_or_json(cli, imported: str) -> None:  # noqa: ANN001
    shown = cli("show", "listing", "beelink ser5")
    assert shown.exit_code == 0, shown.output
    assert "Listing 'Beelink SER5'" in shown.output and "AMD Ryzen 5 5600G" in shown.output and "(empty)" in shown.output

    document = json.loads(cli("show", "listing", "Beelink SER5", "--json").stdout)
    assert document["price_usd"] == 1064.0 and document["attributes_json"] == {}


def test_update_sets_values_typed_as_cells_and_says_how_to_undo(cli, engine: Engine, imported: str) -> None:  # noqa: ANN001
    done = cli("update", "listing", "Beelink SER5", "--set", "ram_gb=32GB", "--set", "price_usd=$1,099.00*", "--set", "gpu=")
    assert done.exit_code == 0, done.output
    assert "ram_gb: 16 → 32" in done.output and "price_usd: 1064 → 1099" in done.output and "importer undo edit-" in done.output
    assert stored(engine, "listing")["Beelink SER5"]["ram_gb"] == 32

    again = json.loads(cli("update", "listing", "Beelink SER5", "--set", "ram_gb=32", "--json").stdout)
    assert again["status"] == "unchanged" and again["session_id"] is None


def test_bulk_update_dry_run_then_for_real(cli, engine: Engine, imported: str) -> None:  # noqa: ANN001
    preview = cli("bulk-update", "cpu", "--where", 'manufacturer = "Intel"', "--set", "tdp_w=95 W", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "Dry run: would update 2 of the 2 CPU records selected; nothing was written." in preview.output
    assert "Intel Core i7-8700: tdp_w 65 → 95" in preview.output
    assert stored(engine, "cpu")["Intel Core i7-8700"]["tdp_w"] == 65.0

    done = cli("bulk-update", "cpu", "--where", 'manufacturer = "Intel"', "--set", "tdp_w=95 W", "--json")
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["status"] == "updated" and summary["updated"] == 2 and summary["session_id"].startswith("edit-")
    assert stored(engine, "cpu")["Intel Core i7-8700"]["tdp_w"] == 95.0


@pytest.mark.parametrize(
    ("arguments", "code", "words"),
    [
        (["update", "cpu", "Intel Core i7-8700", "--set", "cores=0"], 1, "must be at least 1"),
        (["update", "cpu", "No Such CPU", "--set", "cores=4"], 1, "No CPU has the name 'No Such CPU'"),
        (["bulk-update", "cpu", "--where", "cores > 100", "--set", "cores=4"], 1, "selects none of the 3 CPU records"),
        (["update", "cpu", "Intel Core i7-8700", "--set", "corez=4"], 2, "Did you mean 'cores'"),
        (["update", "cpu", "Intel Core i7-8700", "--set", "cores"], 2, "is not FIELD=VALUE"),
        (["update", "cpu", "Intel Core i7-8700", "--set", "cores=4", "--set", "Cores=5"], 2, "more than once"),
        (["update", "cpux", "Intel Core i7-8700", "--set", "cores=4"], 2, "valid entities are"),
        (["bulk-update", "cpu", "--where", "cores >", "--set", "cores=4"], 2, "Filter error at column"),
        (["update", "cpu", "Intel Core i7-8700"], 2, "Missing option '--set'"),
    ],
)
def test_refusals_exit_1_and_usage_errors_exit_2(cli, engine: Engine, imported: str, arguments, code, words) -> None:  # noqa: ANN001
    before = stored(engine, "cpu")
    result = cli(*arguments)
    assert result.exit_code == code, result.output
    assert words in result.output
    assert stored(engine, "cpu") == before


def test_json_refusal_is_one_object_on_stdout(cli, imported: str) -> None:  # noqa: ANN001
    result = cli("update", "listing", "Beelink SER5", "--set", "condition=mint", "--json")
    assert result.exit_code == 1
    refusal = json.loads(result.stdout)
    assert refusal["status"] == "refused" and "'mint' is not one of new, refurb, used" in refusal["error"]
