"""Great Expectations Data Docs of the quality runs: HTML pages an analyst opens from the quality asset.

Each quality run validates through a checkpoint whose action updates a local
Data Docs site in the given folder (the data folder's ``quality_docs`` in
the asset): ``index.html`` lists the latest validation of every table, each
page shows every expectation with the values that broke it. Called under
the suite's lock, with its context; Great Expectations is imported here, on
the first run only.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

INDEX = "index.html"


def docs_index(directory: Path) -> Path:
    """The page the quality asset links to."""
    return directory / INDEX


@cache
def _site(context: Any, directory: Path) -> str:
    """The name of the Data Docs site writing into ``directory``, registered once per process."""
    name = "reference_quality_" + hashlib.sha256(str(directory).encode()).hexdigest()[:12]
    directory.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        site_name=name,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(directory)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return name


def validate_into_docs(
    context: Any, definition: Any, suite: Any, frame: pd.DataFrame, result_format: dict[str, Any], directory: Path
) -> Any:
    """Validate ``frame`` with ``suite`` through a checkpoint that updates the Data Docs in ``directory``.

    The suite, the validation definition and the checkpoint are replaced on
    every run (their expectations follow the active custom fields).
    """
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    site = _site(context, directory.resolve())
    for store, name in ((context.checkpoints, suite.name), (context.validation_definitions, suite.name)):
        _drop(store, name)
    _drop(context.suites, suite.name)
    suite = context.suites.add(suite)
    validation = context.validation_definitions.add(gx.ValidationDefinition(data=definition, suite=suite, name=suite.name))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=suite.name, validation_definitions=[validation], result_format=result_format,
            actions=[UpdateDataDocsAction(name="update_data_docs", site_names=[site])],
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    (outcome,) = result.run_results.values()
    return outcome


def _drop(store: Any, name: str) -> None:
    try:
        store.delete(name)
    except Exception:  # noqa: BLE001 - GE raises its own "not found" types, which differ per store
        return
