"""Records created for unknown components are listed in the preview and need the policy's leave; ties need a person."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.policies import UnknownComponentPolicy
from dealbrain.importing.rerun_config import rerun_config_yaml
from tests.conftest import CliInvoke
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.support.metadata import has_row, table_rows

LISTINGS = [["Title", "Price", "CPU"], ["Mystery box", 100, "Intel Core i9-99999K"], ["Dell with i7", 300, "Intel Core i7-8700"]]


def _names(engine: Engine, entity: str) -> list[str]:
    with transaction(engine) as session:
        model = ENTITY_MODELS[entity]
        return sorted(session.scalars(select(model.title if entity == "listing" else model.name)))


def _cpus(run: ImportRunner, tmp_path: Path, *names: str) -> None:
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [["Name", "Cores"], *([name, 6] for name in names)]}))
    assert outcome.result is not None, outcome.preview.blocking


def test_a_listing_naming_an_unknown_cpu_lists_it_and_blocks_by_default(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    _cpus(run, tmp_path, "Intel Core i7-8700")

    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": LISTINGS}))

    assert outcome.result is None
    [created] = outcome.preview.created_records()
    assert created == {
        "entity": "cpu", "name": "Intel Core i9-99999K", "values": {}, "rows": {"Listings": [2]},
        "needs_review": True, "decision": "blocked",
    }
    [reason] = outcome.preview.blocking
    assert "1 unknown CPU record(s)" in reason and "'Intel Core i9-99999K' (sheet 'Listings' row(s) 2)" in reason
    assert "on_unknown_component: create" in reason
    config = rerun_config_yaml(outcome.preview)
    assert "# on_unknown_component: create" in config
    uncommented = yaml.safe_load(config.replace("# on_unknown_component: create", "on_unknown_component: create"))
    assert uncommented["ops"]["uploaded_workbook"]["config"]["on_unknown_component"] == "create"
    assert _names(engine, "listing") == [] and _names(engine, "cpu") == ["Intel Core i7-8700"]


def test_under_create_the_cpu_is_created_flagged_for_review(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    _cpus(run, tmp_path, "Intel Core i7-8700")

    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": LISTINGS}), on_unknown_component=UnknownComponentPolicy.CREATE)

    assert outcome.result is not None and outcome.result.auto_created == {"cpu": ["Intel Core i9-99999K"]}
    assert outcome.preview.created_records()[0]["decision"] == "create"
    with transaction(engine) as session:
        flags = dict(session.execute(select(ENTITY_MODELS["cpu"].name, ENTITY_MODELS["cpu"].needs_review)).all())
    assert flags == {"Intel Core i7-8700": False, "Intel Core i9-99999K": True}


def test_block_blocks_even_records_a_components_metadata_fills(run: ImportRunner, tmp_path: Path) -> None:
    rows = [["Title", "Price", "Components"], ["Gamer", 900, '[{"component_type": "gpu", "name": "Voodoo 9", "metadata_json": {"gpu_mark": 100}}]']]
    path = write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows})

    default = run(path, commit=False)
    blocked = run(path, commit=False, on_unknown_component=UnknownComponentPolicy.BLOCK)

    assert default.preview.blocking == [] and default.preview.created_records()[0]["values"] == {"gpu_mark": 100}
    assert [entry["decision"] for entry in blocked.preview.created_records()] == ["blocked"]
    assert "on_unknown_component is block" in blocked.preview.blocking[0]


def test_a_listing_matching_two_stored_cpus_tied_at_0_99_needs_review(run: ImportRunner, tmp_path: Path) -> None:
    _cpus(run, tmp_path, "Intel Core i7-8700", "Intel Core i7-8700 @ 3.20GHz")

    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": [["Title", "Price", "CPU"], ["Box", 100, "i7-8700"]]}), commit=False)

    [match] = outcome.preview.entities["listing"].components.matches.to_dicts()
    assert (match["status"], match["score"]) == ("needs_review", 0.99)
    assert match["candidates"] == "Intel Core i7-8700 (0.99); Intel Core i7-8700 @ 3.20GHz (0.99)"


@pytest.mark.slow
def test_the_cli_lists_the_records_to_create_and_shows_components_and_the_flag(cli: CliInvoke, engine: Engine, tmp_path: Path) -> None:
    rows = [
        ["title", "price_usd", "cpu_name", "components", "other_components"],
        ["Gamer", 900, "Intel Core i9-99999K", '[{"component_type": "gpu", "name": "Voodoo 9", "metadata_json": {"gpu_mark": 100}}]', '["Wi-Fi card"]'],
    ]
    path = write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows})

    blocked = cli("import", str(path), "--declare", "Listings=listing", "--json")
    summary = json.loads(blocked.stdout)
    assert blocked.exit_code == 1 and summary["status"] == "blocked"
    assert {(r["entity"], r["name"], r["decision"]) for r in summary["created_records"]} == {
        ("cpu", "Intel Core i9-99999K", "blocked"), ("gpu", "Voodoo 9", "create"),
    }
    assert {(c["component_type"], c["name"], c["record"]) for c in summary["listing_components"]} == {
        ("gpu", "Voodoo 9", "Voodoo 9"), ("misc", "Wi-Fi card", None),
    }
    text = cli("import", str(path), "--declare", "Listings=listing")
    assert "Records to create for unknown components" in text.output and "gpu_mark=100" in text.output
    assert "nothing but the name" in text.output

    config = tmp_path / "run.yaml"
    config.write_text("declared_entities: {Listings: listing}\non_unknown_component: create\n", encoding="utf-8")
    assert cli("import", str(path), "--config", str(config), "--commit").exit_code == 0

    shown = cli("records", "show", "gpu", "Voodoo 9")
    assert "needs review" in shown.output and "yes" in shown.output and "100" in shown.output
    listing = cli("records", "show", "listing", "Gamer")
    assert "gpu: 1x Voodoo 9 → record 'Voodoo 9' {gpu_mark: 100}" in listing.output
    assert "misc: 1x Wi-Fi card" in listing.output
    as_json = json.loads(cli("records", "show", "cpu", "Intel Core i9-99999K", "--json").stdout)
    assert as_json["needs_review"] is True

    reviewed = cli("records", "review", "gpu", "voodoo 9")
    assert reviewed.exit_code == 0, reviewed.output
    assert "GPU 'Voodoo 9' marked reviewed" in reviewed.output and "importer undo" in reviewed.output
    assert json.loads(cli("records", "show", "gpu", "Voodoo 9", "--json").stdout)["needs_review"] is False
    assert "needs no review" in cli("records", "review", "gpu", "Voodoo 9").output
    not_reviewable = cli("records", "review", "listing", "Gamer")
    assert not_reviewable.exit_code == 2 and "only CPU, GPU, Ports Profile records" in not_reviewable.output


def test_undo_keeps_a_created_gpu_that_a_later_listing_names_in_its_components(
    run: ImportRunner, engine: Engine, tmp_path: Path
) -> None:
    from dealbrain.importing.undo import UndoRefusedError, undo_import
    from tests.importing.conftest import ADMIN

    def listing(title: str, folder: str, *more: str) -> Path:
        gpus = ["Voodoo 9", *more]  # two GPUs: neither fills the listing's own GPU, only the components name them
        cell = json.dumps([{"component_type": "gpu", "name": name, "metadata_json": {"gpu_mark": 100}} for name in gpus])
        (tmp_path / folder).mkdir()
        return write_xlsx(tmp_path / folder / "l.xlsx", {"Listings": [["Title", "Price", "Components"], [title, 900, cell]]})

    first = run(listing("Gamer A", "a"))
    second = run(listing("Gamer B", "b", "Banshee 4"))
    assert first.result.auto_created == {"gpu": ["Voodoo 9"]} and second.result.auto_created == {"gpu": ["Banshee 4"]}

    with pytest.raises(UndoRefusedError, match="GPU 'Voodoo 9' \\(insert\\): named by a component of Listing 'Gamer B'"):
        undo_import(engine, ADMIN, first.result.session_id)
    undo_import(engine, ADMIN, first.result.session_id, only_untouched=True)
    assert _names(engine, "gpu") == ["Banshee 4", "Voodoo 9"] and _names(engine, "listing") == ["Gamer B"]


def test_an_unknown_ports_profile_is_created_from_its_component_with_its_metadata(
    run: ImportRunner, engine: Engine, tmp_path: Path
) -> None:
    cell = json.dumps([{"component_type": "ports", "name": "Rear I/O 7", "metadata_json": {"description": "4x USB-A, HDMI"}}])
    rows = [["Title", "Price", "Components"], ["Mini", 200, cell]]

    outcome = run(write_xlsx(tmp_path / "l.xlsx", {"Listings": rows}))

    assert outcome.result.auto_created == {"ports_profile": ["Rear I/O 7"]}
    model = ENTITY_MODELS["ports_profile"]
    with transaction(engine) as session:
        created = session.scalars(select(model)).one()
        listing = session.scalars(select(ENTITY_MODELS["listing"])).one()
        assert (created.description, created.needs_review, listing.ports_profile_id) == ("4x USB-A, HDMI", True, created.id)


def test_the_ui_metadata_lists_the_records_to_create_and_the_components(run: ImportRunner, tmp_path: Path) -> None:
    from assets.import_metadata import preview_metadata

    cell = json.dumps([{"component_type": "gpu", "name": "Voodoo 9", "metadata_json": {"gpu_mark": 100}}])
    rows = [["Title", "Price", "CPU", "Components", "Other components"], ["Gamer", 900, "Mystery CPU", cell, "Wi-Fi card, RGB fan"]]

    metadata = preview_metadata(run(write_xlsx(tmp_path / "l.xlsx", {"Listings": rows}), commit=False).preview)

    created = table_rows(metadata["records_to_create"])
    assert has_row(created, entity="gpu", name="Voodoo 9", filled_in="gpu_mark=100", needs_review=True, decision="create")
    assert has_row(created, entity="cpu", name="Mystery CPU", filled_in="nothing but the name", needs_review=True, decision="blocked")
    components = {row["name"] for row in table_rows(metadata["listing_components"])}
    assert {"Wi-Fi card", "RGB fan", "Voodoo 9"} <= components
