"""Values handed from one import stage to the next inside one run: kept in memory, never on disk.

An import run executes its stages in one process, so a stage's result is
simply held for the next. Nothing outlives the run: the commit of a later
run reads the commit plan the preview stored as data (`dealbrain.importing.commit_plan`).
Materializing a later stage on its own, without the stages before it, is
refused with what to launch instead.
"""

from __future__ import annotations

import dagster as dg


class StageValues(dg.IOManager):
    """Results of this run's stages, by output identifier."""

    def __init__(self) -> None:
        self.values: dict[tuple[object, ...], object] = {}

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        self.values[tuple(context.get_identifier())] = obj

    def load_input(self, context: dg.InputContext) -> object:
        try:
            return self.values[tuple(context.get_identifier())]
        except KeyError:
            upstream = context.asset_key.to_user_string() if context.has_asset_key else "the previous stage"
            raise dg.Failure(
                description=(
                    f"The stages of an import run together: {upstream} was not run in this run. Launch the "
                    "import_workbook job (or materialize every asset of the import_session group) for this session."
                ),
                allow_retries=False,
            ) from None


def stage_values_io_manager() -> dg.IOManagerDefinition:
    """A fresh `StageValues` per run, with an empty config schema (no run can point it anywhere)."""
    return dg.IOManagerDefinition(
        resource_fn=lambda _: StageValues(),
        config_schema={},
        description="Holds each import stage's result in memory for the next stage of the same run.",
    )
