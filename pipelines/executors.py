"""How runs execute their steps, chosen per deployment by ``IMPORTER_EXECUTOR``.

``in_process`` (the default): every step runs inside the run's own process
and values pass between steps in memory, so a run needs no shared disk.

``celery``: every step is a Celery task on RabbitMQ (the broker), picked up
by whichever `dagster-celery` worker is free; results are reported through
Redis (the result backend). Values passed between steps are written to the
configured shared folder (``IMPORTER_SHARED_STORAGE_DIR``), which every worker
and run process must mount at the same path; they never stay on one worker's
local disk.

A worker that dies mid-step (``WORKER_LOSS_SETTINGS``): a step's message is
acknowledged to RabbitMQ only when the step has ended, so if the whole worker
is lost (killed, its machine gone) the broker hands the step to another
worker and the run goes on; if only the process running the step dies (the
out-of-memory killer, a crash), the step fails at once with the worker's
error and so does the run, instead of being tried again and again.
"""

from __future__ import annotations

import dagster as dg
from dagster._core.storage.fs_io_manager import PickledObjectFilesystemIOManager

from dealbrain.settings import ImporterSettings
from resources.stage_values import stage_values_io_manager


WORKER_LOSS_SETTINGS: dict[str, object] = {
    # Acknowledge a step's message when the step ended, not when a worker took it:
    # a worker lost mid-step leaves the message unacknowledged and RabbitMQ redelivers it.
    "task_acks_late": True,
    # When only the process running the step dies, fail the step (WorkerLostError) instead
    # of requeueing it: a step that kills its process would otherwise be retried forever.
    "task_reject_on_worker_lost": False,
    # A worker reserves no more steps than it runs, so none wait behind a step on a dying worker.
    "worker_prefetch_multiplier": 1,
}
"""Celery settings for a worker that dies mid-step; deploy/celery_worker.yaml repeats them for the workers."""


def celery_settings(settings: ImporterSettings) -> dict[str, object]:
    """The `dagster-celery` configuration shared by the executor and `dagster-celery worker start -y`."""
    return {
        "broker": settings.celery_broker_url,
        "backend": settings.celery_backend_url,
        "config_source": {"task_default_queue": settings.celery_queue, **WORKER_LOSS_SETTINGS},
    }


def executor_for(settings: ImporterSettings) -> dg.ExecutorDefinition:
    """The executor every job uses in this deployment."""
    if settings.executor == "celery":
        from dagster_celery import celery_executor  # only deployments on Celery need it loaded

        return celery_executor.configured(celery_settings(settings), name="celery_on_rabbitmq")
    return dg.in_process_executor


def step_io_manager_for(settings: ImporterSettings) -> dg.IOManagerDefinition:
    """Where values passed between steps live: in memory in-process, the shared folder under Celery.

    Either way the IO manager's config schema is empty, so no run can point it at another folder.
    The shared folder holds one run's step values only; what outlives a run (a preview waiting
    for its commit) is the stored commit plan, never a value from this folder.
    """
    if settings.executor != "celery":
        return stage_values_io_manager()
    folder = str(settings.effective_shared_storage_dir / "step_values")
    return dg.IOManagerDefinition(
        resource_fn=lambda _: PickledObjectFilesystemIOManager(base_dir=folder),
        config_schema={},
        description="Step values of one run on the folder every Celery worker mounts (fixed by the deployment).",
    )
