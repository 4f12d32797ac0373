"""The code location loads, without deprecated APIs, with the asset graph we expect."""

from __future__ import annotations

import warnings

import dagster as dg

from bench.report import STAGES as BENCH_STAGES
from dealbrain.importing.spine import COMMIT_STAGE, PREVIEW_STAGES, STAGE_NAMES
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions

STAGES = [*STAGE_NAMES, COMMIT_STAGE]
TABLES = ["cpu", "gpu", "listing", "ports_profile", "valuation_rule"]


def _definitions(tmp_path) -> dg.Definitions:
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        return build_definitions(ImporterSettings(data_dir=tmp_path))


def test_asset_graph_snapshot(tmp_path) -> None:
    graph = _definitions(tmp_path).resolve_asset_graph()
    keys = sorted(key.to_user_string() for key in graph.get_all_asset_keys())
    others = [
        "inbox_files", "custom_field_catalog", "audit_log", "import_metrics", "reference_data_quality", "undone_import",
        "source_intake", "profile_replay",
    ]
    assert keys == sorted([*STAGES, *TABLES, *others])
    for upstream, downstream in zip(STAGES, STAGES[1:]):
        assert dg.AssetKey(upstream) in graph.get(dg.AssetKey(downstream)).parent_keys
    for table in TABLES:
        assert graph.get(dg.AssetKey(table)).parent_keys == {dg.AssetKey("committed_import")}


def test_jobs_and_every_asset_documented(tmp_path) -> None:
    definitions = _definitions(tmp_path)
    assert {"import_workbook", "commit_import", "manage_custom_fields", "check_reference_data", "undo_import"} <= {
        job.name for job in definitions.resolve_all_job_defs()
    }
    for spec in definitions.resolve_all_asset_specs():
        assert spec.description, f"{spec.key} has no description"
        assert spec.group_name and spec.kinds, f"{spec.key} lacks group or kinds"


def test_the_stage_list_is_declared_once_and_everything_follows_it(tmp_path) -> None:
    """The assets, the plain pipeline's listener and the benchmark's tables all walk `PREVIEW_STAGES`."""
    graph = _definitions(tmp_path).resolve_asset_graph()
    import_group = [key.to_user_string() for key in graph.get_all_asset_keys() if graph.get(key).group_name == "import_session"]
    assert sorted(import_group) == sorted(STAGES)
    for stage in PREVIEW_STAGES:
        node = graph.get(dg.AssetKey(stage.name))
        expected = {dg.AssetKey(stage.needs)} if stage.needs else set()
        assert node.parent_keys == expected and node.description == stage.description
    assert BENCH_STAGES == (*STAGE_NAMES, "commit")
